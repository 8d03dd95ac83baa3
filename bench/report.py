"""How fast is a report, on the web and as a PDF? Run with `make bench`.

The seed report itself ("Progress report (March 2012)", as `load_demo` publishes it) in a
SQLite database of its own under var/bench/ (migrated and loaded on the first run, kept
after). Then we print the median of several runs of:

- the published page, rendered from its snapshots as the public gets it (and its queries);
- its preview, rendered from live data as the business unit and the chair see it;
- the PDF build: the revision rendered to HTML, then printed by WeasyPrint;
- WeasyPrint alone on the same HTML, in this process: the floor the build cannot beat;
- a generated annual report of about 40 pages with 15 charts (the seed's metrics, live).

Targets: the page under 150 ms, the PDF under 3 s and within 1.2x WeasyPrint alone, the
40-page report under 5 s. Peak memory is the child process's that renders the PDF.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_ROOT = ROOT / "var" / "bench"
PAGE_RUNS = 20
PDF_RUNS = 5
TARGET_PAGE_MS = 150
TARGET_PDF_SECONDS = 3.0
TARGET_PDF_RATIO = 1.2
TARGET_ANNUAL_SECONDS = 5.0
ANNUAL_CHARTS = 15
ANNUAL_PAGES = 40

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_ROOT / 'report.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(BENCH_ROOT / "media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(BENCH_ROOT / "private"))
# Time what production does, not the debug toolbar of the demo.
os.environ["DEBUG"] = "0"
os.environ.pop("CELERY_BROKER_URL", None)


def _median(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _seed_report():
    from django.core.management import call_command

    from cms.models import ProgressReportPage
    from demo.board.reports import SEED_SLUG

    BENCH_ROOT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    page = ProgressReportPage.objects.filter(slug=SEED_SLUG, live=True).first()
    if page is None:
        print("Loading the demo board into var/bench/ (the first run only) …")
        call_command("load_demo", verbosity=0)
        page = ProgressReportPage.objects.get(slug=SEED_SLUG)
    return page


def measure() -> bool:
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    import pikepdf

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.pdf import report_html, report_pdf_bytes

    page = _seed_report()
    client = Client(HTTP_HOST="localhost")
    if client.get(page.url).status_code != 200:
        raise SystemExit(f"{page.url} did not answer 200.")
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    # Counted now: each later request clears the connection's query log.
    query_count = len(queries)
    page_time, _ = _median(lambda: client.get(page.url), PAGE_RUNS)
    page.make_preview_request()
    preview_time, _ = _median(page.make_preview_request, PAGE_RUNS)

    published = page.live_revision.as_object()
    start = time.perf_counter()
    revision = page.live_revision
    pdf = report_pdf_bytes(published, live=False, revision=revision)
    cold = time.perf_counter() - start
    build_time, pdf = _median(
        lambda: report_pdf_bytes(published, live=False, revision=revision), PDF_RUNS
    )
    html_time, html = _median(lambda: report_html(published, live=False), PDF_RUNS)
    weasy_time, _ = _median(lambda: _weasyprint_alone(html), PDF_RUNS)
    ratio = build_time / weasy_time
    annual_time, annual_pages, annual_charts, peak_mb = _annual_report(published)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    size = len(pdf) / 1024
    print(f"{page.title}: {len(page.body)} blocks; its PDF {pages} pages, {size:.0f} KB.")
    print(f"Median of {PAGE_RUNS} runs (page) and {PDF_RUNS} runs (PDF):")
    print(
        f"  published page (frozen)           {page_time * 1000:6.1f} ms  "
        f"(target < {TARGET_PAGE_MS} ms), {query_count} queries"
    )
    print(f"  preview (live data)               {preview_time * 1000:6.1f} ms")
    print(
        f"  PDF build                         {build_time:6.3f} s   "
        f"(target < {TARGET_PDF_SECONDS} s)"
    )
    print(f"    the report's HTML alone         {html_time:6.3f} s")
    print(f"    WeasyPrint alone, same HTML     {weasy_time:6.3f} s   (the floor)")
    ratio_ok = ratio <= TARGET_PDF_RATIO
    print(
        f"    build / WeasyPrint alone        {ratio:6.2f}x    (target <= {TARGET_PDF_RATIO}x)"
        + ("" if ratio_ok else "  MISSED")
    )
    print(f"  first PDF in a cold process       {cold:6.3f} s")
    annual_ok = annual_time < TARGET_ANNUAL_SECONDS
    print(
        f"  annual report, {annual_pages} pages, {annual_charts} charts "
        f"{annual_time:6.3f} s   (target < {TARGET_ANNUAL_SECONDS} s)"
        + ("" if annual_ok else "  MISSED")
    )
    print(f"    peak memory of the rendering process  {peak_mb:.0f} MB")
    return (
        page_time * 1000 < TARGET_PAGE_MS
        and build_time < TARGET_PDF_SECONDS
        and ratio_ok
        and annual_ok
    )


def _weasyprint_alone(html: str) -> bytes:
    from weasyprint import HTML

    from cms.pdf import REPORT_BASE_URL, ReportFetcher

    return HTML(
        string=html, base_url=REPORT_BASE_URL, url_fetcher=ReportFetcher(timeout=2)
    ).write_pdf(pdf_variant="pdf/ua-1")


def _annual_report(seed) -> tuple[float, int, int, float]:
    """The seed report grown into an annual report: its sections repeated with a chart of
    each of the demo's metrics in turn until there are 15, padded with prose to about 40
    pages. Not saved; rendered with live data, as a preview is."""
    import resource

    import pikepdf

    from cms.pdf import report_pdf_bytes
    from governance.models import Metric

    metrics = list(Metric.objects.order_by("pk")[:ANNUAL_CHARTS])
    prose = "<p>" + "The partnership reviewed its work with each agency in turn. " * 60 + "</p>"
    body = []
    for n in range(ANNUAL_CHARTS):
        metric = metrics[n % len(metrics)] if metrics else None
        body.append(("heading", {"text": f"Section {n + 1}", "level": "h2"}))
        body += [("prose", prose)] * 2
        if metric is not None:
            body.append(
                (
                    "metric_chart",
                    {
                        "metric": str(metric.pk),
                        "title": "",
                        "start": seed.period_start.replace(year=seed.period_start.year - 1),
                        "end": seed.period_end,
                        "comparators": True,
                    },
                )
            )
    seed.body = body
    seed.__dict__.pop("contents", None)  # cached from the seed's own headings
    start = time.perf_counter()
    data = report_pdf_bytes(seed, live=True)
    elapsed = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux; the PDF is rendered in a child process.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with pikepdf.open(io.BytesIO(data)) as document:
        pages = len(document.pages)
    charts = ANNUAL_CHARTS if metrics else 0
    if pages < ANNUAL_PAGES:
        print(f"  (the generated annual report has {pages} pages, not {ANNUAL_PAGES})")
    return elapsed, pages, charts, peak


def main() -> int:
    return 0 if measure() else 1


if __name__ == "__main__":
    sys.exit(main())
