"""The hostile upload corpus: each bad file goes through the admin form the business unit
uses to table a paper, and is either refused with a message a clerk can act on, leaving no
row and no file behind, or stored with its active content taken out. Each is dealt with
within five seconds, without the server's memory growing by the gigabytes a bomb inflates
to, and text extraction in the worker then reads what was stored without failing.

The files are made by tests/security/hostile_files.py and tests/security/active_pdfs.py;
none is kept in the repo.
"""

from __future__ import annotations

import hashlib
import html
import io
import resource
import time
import tracemalloc
import zipfile

import pikepdf
import pytest
from pikepdf import Name

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Paper, PaperVersion
from meetings.papers import active_content, bombs, uploads
from meetings.papers.text import extract_text
from meetings.tasks import paper_version_extract_text
from tests.admin_forms import admin_form
from tests.meetings.factories import PaperFactory, PaperVersionFactory
from tests.meetings.paper_factories import AgendaItemFactory, make_pdf, pdf_text
from tests.meetings.paper_fixtures import stored_files
from tests.security import active_pdfs
from tests.security import hostile_files as hostile

pytestmark = pytest.mark.django_db

NEW_PAPER = "/admin/paper/new/"
TIME_LIMIT = 5.0
# What the server may grow by while dealing with one file: the bombs inflate to 2 GB.
MEMORY_LIMIT_MB = 256

NOT_A_PDF = "This file is not a PDF: it looks like {}. Save it as PDF and upload it again."
BOMB = (
    "This PDF contains compressed data that expands out of all proportion to its size, as "
    "files made to overload servers do, so it cannot be stored."
)

REFUSED = {
    "Windows program named .pdf": (hostile.windows_program, NOT_A_PDF.format("a Windows program")),
    "Linux program named .pdf": (hostile.linux_program, NOT_A_PDF.format("a program")),
    "zip named .pdf": (hostile.small_zip, NOT_A_PDF.format("a zip archive")),
    "zip bomb named .pdf": (hostile.zip_bomb, NOT_A_PDF.format("a zip archive")),
    "web page named .pdf": (hostile.html_page, NOT_A_PDF.format("a web page")),
    "SVG with script named .pdf": (hostile.svg_image, NOT_A_PDF.format("an SVG image")),
    "truncated PDF": (
        hostile.truncated_pdf,
        "This PDF is incomplete: its end is missing, perhaps because it did not finish saving "
        "or downloading. Save or export it as PDF again and upload the new file.",
    ),
    "encrypted PDF": (hostile.restricted_pdf, uploads.ENCRYPTED),
    "password-protected PDF": (
        hostile.password_pdf,
        "This PDF is protected by a password. Save a copy without the password and upload that.",
    ),
    "content stream inflating to 2 GB": (hostile.content_bomb, BOMB),
    "object stream inflating to 2 GB": (hostile.object_stream_bomb, BOMB),
    "2,500 pages": (
        lambda: hostile.many_pages(2500),
        "This PDF has 2,500 pages; the most Tabled accepts in one paper is 2,000. Split it "
        "into smaller papers and upload them separately.",
    ),
}

STRIPPED = {
    "JavaScript on opening, in the name tree and behind links": (
        active_pdfs.with_javascript,
        [active_content.JAVASCRIPT],
    ),
    "launch action and a link to a file on another machine": (
        active_pdfs.with_launch_action,
        [active_content.LAUNCH],
    ),
    "event actions, a form that submits, an XFA form": (
        active_pdfs.with_event_actions,
        [active_content.XFA, active_content.EVENT_ACTIONS, active_content.FORM_SUBMIT],
    ),
    "embedded executable, attachment and a link into it": (
        active_pdfs.with_embedded_file,
        [active_content.EMBEDDED],
    ),
    "script in a form field reached only through a widget's /Parent": (
        active_pdfs.with_script_in_a_fields_parent,
        [active_content.EVENT_ACTIONS],
    ),
    "script two /Parent steps up from a widget": (
        active_pdfs.with_script_two_parents_up,
        [active_content.EVENT_ACTIONS],
    ),
    "script in a bookmark's /Parent": (
        active_pdfs.with_script_in_a_bookmarks_parent,
        [active_content.JAVASCRIPT],
    ),
    "script behind a link annotation written as a stream": (
        active_pdfs.with_script_in_an_annotation_stream,
        [active_content.JAVASCRIPT],
    ),
    "links to javascript: addresses, however spelt or encoded": (
        active_pdfs.with_script_links,
        [active_content.JAVASCRIPT],
    ),
    "links to programs, file shares, data and relative addresses": (
        active_pdfs.with_links_to_other_things,
        [active_content.OTHER_LINKS],
    ),
    "web page and PDF in one file": (active_pdfs.html_polyglot, [active_content.FOREIGN]),
    "PDF and zip in one file": (active_pdfs.zip_polyglot, [active_content.FOREIGN]),
}


@pytest.fixture
def item():
    return AgendaItemFactory(title="Quarterly safeguarding report")


def peak_memory_mb() -> int:
    # Linux reports the peak resident set in kilobytes; it only ever rises.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def table_paper(client, item, content: bytes, name: str = "report.pdf", url: str = NEW_PAPER):
    """Upload through the admin form as the business unit does; returns the response and
    how long the upload took."""
    form = admin_form(client, url)
    if url == NEW_PAPER:
        form["meeting"], form["agenda_item"] = item.meeting_id, item.pk
        form["title"] = "Quarterly safeguarding report"
    data = form.post_data()
    data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    started = time.monotonic()
    response = client.post(url, data)
    return response, time.monotonic() - started


def shown(response) -> str:
    return html.unescape(response.content.decode())


# ---------------------------------------------------------------------------
# Refused: a clear message, nothing stored, quickly, without the memory a bomb asks for
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("make", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_hostile_upload_is_refused_with_a_message_and_nothing_stored(
    business_unit_client, item, make, message
):
    content = make()
    before, memory_before = stored_files(), peak_memory_mb()

    response, seconds = table_paper(business_unit_client, item, content)

    assert response.status_code == 200
    assert message in shown(response)
    assert seconds < TIME_LIMIT
    assert peak_memory_mb() - memory_before < MEMORY_LIMIT_MB
    assert not Paper.objects.exists()
    assert not PaperVersion.objects.exists()
    assert stored_files() == before


def test_an_upload_over_the_size_limit_is_refused_without_being_read(
    business_unit_client, item, settings
):
    settings.PAPER_MAX_UPLOAD_BYTES = 256 * 1024
    before = stored_files()

    response, seconds = table_paper(business_unit_client, item, hostile.large_pdf(1024 * 1024))

    assert "This file is 1.0 MB; the largest paper Tabled accepts is 256 KB." in shown(response)
    assert seconds < TIME_LIMIT
    assert not Paper.objects.exists()
    assert stored_files() == before


def test_a_bomb_uploaded_as_a_new_version_leaves_the_paper_as_it_was(business_unit_client, item):
    response, _ = table_paper(business_unit_client, item, make_pdf(pages=3))
    paper = Paper.objects.get()
    version = paper.versions.get()
    before = stored_files()

    edit = f"/admin/paper/edit/{paper.pk}/"
    response, seconds = table_paper(business_unit_client, item, hostile.content_bomb(), url=edit)

    assert BOMB in shown(response)
    assert seconds < TIME_LIMIT
    assert list(paper.versions.all()) == [version]
    assert stored_files() == before


def test_the_total_a_pdf_may_inflate_to_is_a_setting(business_unit_client, item, settings):
    """Streams that compress as text does pass the ratio check; their total still counts."""
    wordy = hostile.wordy_pdf(2 * 1024 * 1024)
    assert len(wordy) * bombs.MAX_INFLATION_RATIO > 2 * 1024 * 1024
    settings.PAPER_MAX_INFLATED_BYTES = 1024 * 1024

    response, _ = table_paper(business_unit_client, item, wordy)

    assert BOMB in shown(response)
    settings.PAPER_MAX_INFLATED_BYTES = 8 * 1024 * 1024
    response, _ = table_paper(business_unit_client, item, wordy)
    assert response.status_code == 302


@pytest.mark.parametrize("make", [hostile.content_bomb, hostile.object_stream_bomb])
def test_the_bombs_are_real_pdfs_that_are_refused_for_their_size_alone(make):
    """The same construction with a few kilobytes of zeros is an ordinary one-page PDF."""
    small = make(4096)
    assert uploads.check_pdf(SimpleUploadedFile("small.pdf", small)).page_count == 1


# ---------------------------------------------------------------------------
# Stored without its active content, said so, and readable by the worker
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("make", "removed"), STRIPPED.values(), ids=STRIPPED.keys())
def test_active_content_is_stripped_before_the_paper_is_stored(
    business_unit_client, item, make, removed
):
    content = make()
    polyglot = not content.startswith(b"%PDF-") or zipfile.is_zipfile(io.BytesIO(content))
    assert active_pdfs.active_content(content) or polyglot

    response, seconds = table_paper(business_unit_client, item, content)

    assert response.status_code == 302
    assert seconds < TIME_LIMIT
    version = PaperVersion.objects.get()
    with version.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert stored.startswith(b"%PDF-")
    assert stored.rstrip().endswith(b"%%EOF")
    assert active_pdfs.active_content(stored) == []
    assert b"<script" not in stored
    assert not zipfile.is_zipfile(io.BytesIO(stored))
    assert (version.size, version.page_count) == (len(stored), 2)
    assert version.sha256 == hashlib.sha256(stored).hexdigest()
    assert pdf_text(stored) == [
        f"{active_pdfs.PAPER_TEXT} page 1",
        f"{active_pdfs.PAPER_TEXT} page 2",
    ]

    # The clerk is told what was removed, and the version's history says so too.
    message = html.unescape(business_unit_client.get(response.url).content.decode())
    assert f"Tabled removed {', '.join(removed)} from this PDF before storing it" in message
    reason = version.history.earliest().history_change_reason
    assert reason == f"Version 1 uploaded; removed from the PDF: {', '.join(removed)}"

    result = paper_version_extract_text.delay(version.pk)

    assert result.successful()
    version.refresh_from_db()
    assert version.text == f"{active_pdfs.PAPER_TEXT} page 1\f{active_pdfs.PAPER_TEXT} page 2"
    assert (version.page_count, version.text_error) == (2, "")


def test_links_to_web_pages_survive_the_stripping(business_unit_client, item):
    table_paper(business_unit_client, item, active_pdfs.with_javascript())

    with PaperVersion.objects.get().file.open("rb") as stored_file:
        pdf = pikepdf.open(io.BytesIO(stored_file.read()))
    script_link, web_link = (annot.get("/A") for annot in pdf.pages[0].Annots)

    assert script_link is None
    assert (web_link.S, str(web_link.URI)) == (Name.URI, "https://www.gov.uk/")
    assert "/Next" not in web_link


def test_only_links_to_web_and_email_addresses_survive(business_unit_client, item):
    table_paper(business_unit_client, item, active_pdfs.with_script_links())

    with PaperVersion.objects.get().file.open("rb") as stored_file:
        pdf = pikepdf.open(io.BytesIO(stored_file.read()))
    actions = [annot.get("/A") for annot in pdf.pages[0].Annots]

    kept = [str(action.URI) for action in actions if action is not None]

    assert kept == active_pdfs.WEB_AND_EMAIL_ADDRESSES
    # Each script's link is still on the page, with nothing behind it.
    assert len(actions) == len(active_pdfs.SCRIPT_ADDRESSES) + 1 + len(kept)


def test_a_paper_with_a_form_bookmarks_and_links_is_stored_byte_for_byte(
    business_unit_client, item
):
    content = active_pdfs.with_form_bookmarks_and_links()

    response, _ = table_paper(business_unit_client, item, content)

    with PaperVersion.objects.get().file.open("rb") as stored_file:
        assert stored_file.read() == content
    assert "Tabled removed" not in shown(business_unit_client.get(response.url))


def test_a_clean_pdf_is_stored_byte_for_byte(business_unit_client, item):
    content = make_pdf(pages=2)

    table_paper(business_unit_client, item, content)

    with PaperVersion.objects.get().file.open("rb") as stored_file:
        assert stored_file.read() == content


# ---------------------------------------------------------------------------
# Text extraction bounds its memory and time, and records what it could not read
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("make", "page_count", "error"),
    [
        (hostile.content_bomb, 1, "The text of 1 page(s) could not be read (pages 1)."),
        (hostile.object_stream_bomb, None, "The PDF could not be read"),
    ],
    ids=["content stream bomb", "object stream bomb"],
)
def test_a_bomb_stored_before_the_check_does_not_break_the_worker(make, page_count, error):
    """A file stored before uploads were checked for bombs (or one the check missed): the
    task finishes, within bounded memory, and records why there is no text."""
    version = PaperVersionFactory(paper=PaperFactory(), file__data=make(), page_count=None, text="")
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = paper_version_extract_text.delay(version.pk)
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert result.successful()
    assert seconds < TIME_LIMIT
    assert peak < 200 * 1024 * 1024
    version.refresh_from_db()
    assert version.text == ""
    assert version.page_count == page_count
    assert version.text_error.startswith(error)


def test_text_extraction_stops_at_its_deadline_and_says_so():
    extraction = extract_text(io.BytesIO(hostile.many_pages(50)), deadline=0)

    assert extraction.page_count == 50
    assert extraction.error == (
        "Text extraction stopped after page 0 of 50: it took longer than 0 seconds."
    )
