"""The demo's March 2012 progress report reproduces the seed report's text as it stands:
every paragraph, list item, heading and the sign-off, compared programmatically with the
seed; its records stay on invented people."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path

from cms.models import ProgressReportPage
from meetings.models import Attendance
from membership.models import Person

# The seed report's text as published (the project's seed document), kept beside the test.
SEED = Path(__file__).with_name("seed_progress_report_march_2012.txt")
# Real officials whom the seed names: the demo's records must never hold them.
NAMED_IN_SEED = [("Penny", "Davies"), ("Maggie", "Blyth"), ("Liz", "Raillton"), ("Alan", "Simpson")]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def _seed_chunks(text: str) -> list[str]:
    """The seed's prose as it reads, one chunk per paragraph (a page break splits some in two,
    which still match as parts), without its title, its table and its markdown marks."""
    body = text.split("\nIntroduction\n", 1)[1]
    chunks = []
    for chunk in re.split(r"\n\s*\n", "Introduction\n" + body):
        lines = []
        for line in chunk.splitlines():
            line = line.strip()
            if not line or line.startswith(("|", "- |")):
                continue
            lines.append(re.sub(r"^- ", "", line).replace("*", ""))
        if lines:
            chunks.append(_flat(" ".join(lines)))
    return chunks


class _Prose(HTMLParser):
    """The text of the report's prose blocks, headings and signature, paragraph by paragraph."""

    WATCHED = {"p", "li", "h2", "h3"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside a prose block, a heading or the signature
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag == "div":
                self.depth += 1
            if tag in self.WATCHED:
                self.current = []
        elif "prose" in classes or "report-signature" in classes:
            self.depth = 1
        elif "report-heading" in classes:
            self.depth = 1
            self.current = []

    def handle_endtag(self, tag):
        if self.depth and tag in self.WATCHED and self.current is not None:
            self.paragraphs.append(_flat("".join(self.current)))
            self.current = None
            if tag in ("h2", "h3") and self.depth == 1:
                self.depth = 0
        elif self.depth and tag in ("div", "footer"):
            self.depth -= 1

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def test_the_demo_seed_report_reproduces_the_seeds_text_word_for_word(client, demo_db):
    report = ProgressReportPage.objects.get(slug="progress-report-march-2012")
    response = client.get(report.url)
    assert response.status_code == 200
    parser = _Prose()
    parser.feed(response.content.decode())
    published = [p for p in parser.paragraphs if p]
    seed_chunks = _seed_chunks(SEED.read_text())
    seed_text = " ".join(seed_chunks)
    published_text = " ".join(published)

    # Nothing in the report's prose that the seed does not say ...
    added = [p for p in published if p not in seed_text]
    assert added == [], added
    # ... and nothing the seed says that the report leaves out or rewords.
    missing = [c for c in seed_chunks if c not in published_text]
    assert missing == [], missing
    assert len(published) > 40

    for priority in (
        "a) a focus on a common understanding of thresholds across the partnership, including a "
        "reduction in the numbers of case re-referrals to children's social services",
        "b) Ensuring the right children are subject to child in need and child protection plans.",
        "c) increasing the numbers and quality of CAF in the context of the scrutiny of Kent's "
        "early intervention strategy",
    ):
        assert priority in published
    assert published[-3:] == [
        "Penny Davies",
        "Kent Safeguarding Children Board Manager",
        "2nd March 2012",
    ]
    assert "Maggie Blyth, the new Independent Chair of the KSCB" in published_text
    assert "External Independent Chair (Liz Raillton)" in published_text


def test_the_seed_report_says_under_its_title_that_its_people_are_invented(client, demo_db):
    report = ProgressReportPage.objects.get(slug="progress-report-march-2012")
    html = html_lib.unescape(client.get(report.url).content.decode())
    title = html.index("<h1>Progress report (March 2012)</h1>")
    note = html.index('class="report-title-note"')
    assert title < note < html.index('class="report-body"')
    assert "people in the demo's records" in html[note:] and "are invented" in html[note:]
    assert "text of the Board's published progress report" in html[note:]


def test_real_officials_named_in_the_seed_have_no_records_in_the_demo(demo_db):
    for given, family in NAMED_IN_SEED:
        assert not Person.objects.filter(given_name=given, family_name=family).exists()
        assert not Attendance.objects.filter(
            person__given_name=given, person__family_name=family
        ).exists()
    report = ProgressReportPage.objects.get(slug="progress-report-march-2012")
    assert report.author is None and report.author_name == "Penny Davies"
