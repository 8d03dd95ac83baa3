"""How fast is a papers pack, and how much memory does it take? Run with `make bench`.

A Board meeting's worth of papers: 25 papers, 300 pages in all, generated once with
WeasyPrint into var/bench/ (in a separate process, so its memory does not count); every
other one tagged (PDF/UA-1), as an accessible author's tool makes them, so the merge grafts
their structure trees as it does in use. Then the
pack is built the way the view builds it, and we print:

- the whole build (cover and agenda rendered, papers merged, every page stamped, outline);
- the cover and agenda alone (WeasyPrint);
- the merge, stamp, outline and save alone (pikepdf), and the page numbering within it;
- a plain pikepdf merge of the same files, saved: the floor no pack can beat;
- the peak memory of this process (ru_maxrss).

Targets: the whole build under 2 s, peak memory under 500 MB.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_ROOT = ROOT / "var" / "bench"
PAPERS = BENCH_ROOT / "papers"
# 25 papers, 300 pages: covering reports of a page or two, audits and plans of twenty or
# thirty, and one long annual report, as a Board pack has.
PAGE_COUNTS = [
    2, 4, 1, 12, 6, 3, 28, 8, 2, 15, 5, 40, 3, 10, 6, 22, 4, 2, 18, 7, 35, 9, 3, 20, 35,
]  # fmt: skip
RUNS = 5
TARGET_SECONDS = 2.0
TARGET_MB = 500

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["PRIVATE_MEDIA_ROOT"] = str(BENCH_ROOT)

SENTENCES = [
    "The Board reviewed the multi-agency data set for the third quarter.",
    "Re-referrals within twelve months fell to 21 per cent against a target of 18 per cent.",
    "Assessments completed within timescale rose for the fourth quarter running.",
    "The health commissioner agreed to report on waiting times for child and adolescent "
    "mental health services.",
    "Audit of twenty cases across six agencies found that the voice of the child was recorded "
    "in 65 per cent of cases.",
    "The police representative confirmed that strategy discussions now take place within one "
    "working day.",
    "Partners are asked to note the findings and endorse the four recommendations.",
    "The Section 11 audit returns show improvement in safer recruitment practice.",
    "Children subject to a child protection plan numbered 412, a rate of 48 per 10,000.",
    "The subgroup will report progress against the improvement plan at the next meeting.",
    "Training attendance by schools remained below the level agreed in the business plan.",
    "The independent chair challenged the pace of change in early help provision.",
]


def _page_html(rng: random.Random, title: str, page: int) -> str:
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(SENTENCES) for _ in range(4)) + "</p>" for _ in range(4)
    )
    table = ""
    if page % 3 == 0:
        rows = "".join(
            f"<tr><td>Quarter {q}</td><td>{rng.randint(300, 500)}</td>"
            f"<td>{rng.randint(15, 30)}%</td><td>{rng.randint(70, 99)}%</td></tr>"
            for q in range(1, 5)
        )
        table = (
            "<table><tr><th>Period</th><th>Referrals</th><th>Re-referrals</th>"
            f"<th>Assessments in time</th></tr>{rows}</table>"
        )
    return f"<section><h2>{title}: section {page}</h2>{paragraphs}{table}</section>"


def generate() -> None:
    """Write the 25 papers (run in a child process: WeasyPrint's memory is not the pack's)."""
    from weasyprint import HTML

    PAPERS.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2012)  # noqa: S311 - sample text, not secrets
    style = (
        "<style>@page{size:A4;margin:20mm} body{font-family:'Liberation Serif',serif;"
        "font-size:11pt} section{break-after:page} table{border-collapse:collapse}"
        "td,th{border:0.5pt solid #999;padding:2mm}</style>"
    )
    for index, pages in enumerate(PAGE_COUNTS, start=1):
        title = f"Paper {index}"
        body = "".join(_page_html(rng, title, page) for page in range(1, pages + 1))
        HTML(
            string=f"<html lang='en-GB'><title>{title}</title>{style}<body>{body}</body></html>"
        ).write_pdf(PAPERS / f"paper-{index:02}.pdf", **_variant(index))


def _variant(index: int) -> dict:
    return {"pdf_variant": "pdf/ua-1"} if index % 2 else {}


def _papers_ready() -> bool:
    import pikepdf

    files = sorted(PAPERS.glob("paper-*.pdf"))
    if len(files) != len(PAGE_COUNTS):
        return False
    for index, (path, pages) in enumerate(zip(files, PAGE_COUNTS, strict=True), start=1):
        with pikepdf.open(path) as pdf:
            tagged = "/StructTreeRoot" in pdf.Root
            if len(pdf.pages) != pages or tagged != bool(_variant(index)):
                return False
    return True


def _contents():
    from meetings.papers.pack import PackContents, PackItem, PackMember, PackPaper

    members = [
        PackMember(
            name=f"Member {n}", role="Member", organisation=f"Agency {n}", job_title="Director"
        )
        for n in range(1, 26)
    ]
    items = []
    paper_number = 0
    for item_number in range(1, 13):
        papers = []
        share = 3 if item_number in (4, 6, 9) else 2 if item_number not in (1, 12) else 0
        for _ in range(share):
            paper_number += 1
            if paper_number > len(PAGE_COUNTS):
                break
            papers.append(
                PackPaper(
                    paper_id=paper_number,
                    title=f"Paper {paper_number}",
                    restricted=False,
                    version_id=paper_number,
                    version_number=1,
                    sha256="",
                    file_name=f"papers/paper-{paper_number:02}.pdf",
                )
            )
        items.append(
            PackItem(
                item_id=item_number,
                number=str(item_number),
                title=f"Agenda item {item_number}",
                purpose="For discussion",
                presenter="Jane Wonnacott",
                minutes=10,
                start_time=f"{10 + item_number // 6}:{(item_number % 6) * 10:02}",
                is_sub_item=False,
                restricted=False,
                papers=papers,
            )
        )
    # Any papers left over go under the last item.
    while paper_number < len(PAGE_COUNTS):
        paper_number += 1
        items[-1].papers.append(
            PackPaper(
                paper_id=paper_number,
                title=f"Paper {paper_number}",
                restricted=False,
                version_id=paper_number,
                version_number=1,
                sha256="",
                file_name=f"papers/paper-{paper_number:02}.pdf",
            )
        )
    return PackContents(
        meeting_id=1,
        view="restricted",
        body_name="Safeguarding Children Board",
        meeting_title="Board",
        date_text="Friday 2 March 2012",
        time_text="10:00 to 12:30",
        venue="Council Chamber, County Hall",
        online=False,
        cancelled=False,
        agenda_version=1,
        meeting_updated="2012-02-24T09:00:00+00:00",
        members=members,
        items=items,
    )


def _timed(function, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure() -> bool:
    import django

    django.setup()
    import pikepdf

    from meetings.pdf import (
        assemble_pack,
        build_pack,
        render_front_matter,
        stamp_page_numbers,
    )
    from meetings.storage import PrivateStorage

    storage = PrivateStorage()
    contents = _contents()
    files = [storage.path(paper.file_name) for paper in contents.papers]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "pack.pdf"
        start = time.perf_counter()
        build_pack(contents, storage, target)
        cold = time.perf_counter() - start
        total, _ = _timed(lambda: build_pack(contents, storage, target))
        front_time, front = _timed(lambda: render_front_matter(contents))
        assemble_time, _ = _timed(lambda: assemble_pack(contents, front, storage, target))
        with pikepdf.open(target) as pack:
            pack_pages = len(pack.pages)
        size = target.stat().st_size

        def plain_merge():
            sources = [pikepdf.open(path) for path in files]
            with pikepdf.new() as merged:
                for source in sources:
                    merged.pages.extend(source.pages)
                merged.save(Path(folder) / "plain.pdf")
            for source in sources:
                source.close()

        floor, _ = _timed(plain_merge)

        def stamp_only():
            with pikepdf.open(Path(folder) / "plain.pdf") as merged:
                start = time.perf_counter()
                stamp_page_numbers(merged)
                return time.perf_counter() - start

        stamp = statistics.median(stamp_only() for _ in range(RUNS))
    # Linux reports ru_maxrss in kilobytes.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    paper_pages = sum(PAGE_COUNTS)
    tagged = sum(1 for index in range(1, len(PAGE_COUNTS) + 1) if _variant(index))
    print(
        f"Papers pack of {len(PAGE_COUNTS)} papers ({tagged} tagged, {paper_pages} pages) plus "
        f"{pack_pages - paper_pages} pages of cover and agenda: {pack_pages} pages, "
        f"{size / 1024 / 1024:.1f} MB."
    )
    print(f"Median of {RUNS} runs after one cold build:")
    print(f"  whole build                       {total:6.3f} s   (target < {TARGET_SECONDS} s)")
    print(f"  cover and agenda (WeasyPrint)     {front_time:6.3f} s")
    print(f"  merge, stamp, outline, save       {assemble_time:6.3f} s")
    print(f"    of which page numbers alone     {stamp:6.3f} s")
    print(f"  plain pikepdf merge and save      {floor:6.3f} s   (the floor)")
    print(f"  first build in a cold process     {cold:6.3f} s")
    print(f"  peak memory (ru_maxrss)           {peak_mb:6.0f} MB  (target < {TARGET_MB} MB)")
    return total < TARGET_SECONDS and peak_mb < TARGET_MB


def main() -> int:
    if not _papers_ready():
        print(f"Generating {len(PAGE_COUNTS)} papers ({sum(PAGE_COUNTS)} pages) in {PAPERS} …")
        child = multiprocessing.get_context("spawn").Process(target=generate)
        child.start()
        child.join()
        if child.exitcode != 0 or not _papers_ready():
            print("Could not generate the papers.", file=sys.stderr)
            return 1
    return 0 if measure() else 1


if __name__ == "__main__":
    sys.exit(main())
