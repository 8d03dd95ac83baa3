"""PDF rendering has a time limit and a memory limit: each of the three WeasyPrint paths
(the report, the minutes, the papers pack's cover and agenda) renders in a child process
that stops at its time limit with RenderTimeout and at its memory limit with RenderTooLarge;
through the views the reader gets a page saying so, and the process that served them (the
test process here, as a web worker) carries on and serves the next request. A worker process
cannot grow past its own address-space cap either. What rendering may fetch is tested in
test_pdf_fetches.py."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest
from pypdf import PdfReader

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client, override_settings

from cms import pdf as cms_pdf
from core.limits import RenderTimeout, RenderTooLarge
from governance import pdf as governance_pdf
from meetings import pdf as meetings_pdf
from tests.governance.minutes_factories import PUBLIC_MINUTE, approved, minutes_scene
from tests.security.test_pdf_fetches import contents

# Enough to take WeasyPrint well past a hundredth of a second.
LONG_HTML = "<html lang='en-GB'><body>" + "<p>Item discussed at length.</p>" * 3000 + "</body>"


def test_the_report_pdf_stops_at_its_time_limit(monkeypatch):
    monkeypatch.setattr(cms_pdf, "REPORT_PDF_TIME_LIMIT", 0.01)

    with pytest.raises(RenderTimeout, match="The report took longer than 0.01 seconds to"):
        cms_pdf.html_to_pdf(LONG_HTML)

    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_the_minutes_pdf_stops_at_its_time_limit(monkeypatch):
    monkeypatch.setattr(governance_pdf, "MINUTES_PDF_TIME_LIMIT", 0.01)
    monkeypatch.setattr(governance_pdf, "render_to_string", lambda *args: LONG_HTML)

    with pytest.raises(RenderTimeout, match="The minutes took longer than 0.01 seconds"):
        governance_pdf.minutes_pdf({})


@override_settings(RENDER_MEMORY_LIMIT_BYTES=64 * 1024 * 1024)
def test_the_report_pdf_stops_at_its_memory_limit():
    # A page of a few hundred thousand table cells asks for far more than 64 MB.
    cells = "<tr>" + "<td>Referrals</td>" * 20 + "</tr>"
    enormous = f"<html lang='en-GB'><body><table>{cells * 20000}</table></body></html>"

    with pytest.raises(RenderTooLarge, match="The report needed more than 64 MB of memory"):
        cms_pdf.html_to_pdf(enormous)

    # This process is as it was, and renders the next report.
    assert cms_pdf.html_to_pdf("<p lang='en-GB'>Report</p>").startswith(b"%PDF")


def test_the_pack_front_matter_stops_at_its_time_limit(monkeypatch):
    pack = contents("Item")
    pack.items = pack.items * 500
    monkeypatch.setattr(meetings_pdf, "FRONT_MATTER_TIME_LIMIT", 0.01)

    with pytest.raises(RenderTimeout, match="The papers pack took longer than 0.01 seconds"):
        meetings_pdf.render_front_matter(pack)

    # With its real limit, the same pack renders.
    monkeypatch.undo()
    assert meetings_pdf.render_front_matter(contents("Item")).pdf.startswith(b"%PDF")


def test_a_worker_process_cannot_grow_past_its_memory_cap():
    """A pool process as Celery starts one (worker_process_init): it still renders a PDF,
    in process and through a rendering child, and an allocation past the cap is a
    MemoryError, not the machine's memory."""
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from celery.signals import worker_process_init
        from config.celery import app
        worker_process_init.send(sender=None)
        from weasyprint import HTML
        assert HTML(string="<p>Minutes</p>").write_pdf().startswith(b"%PDF")
        # A report rendered by a task forks its rendering child from the capped process.
        from cms.pdf import html_to_pdf
        assert html_to_pdf("<p lang='en-GB'>Report</p>").startswith(b"%PDF")
        try:
            grown = bytearray(2 * 1024 ** 3)
        except MemoryError:
            print("refused")
        else:
            print("allowed", len(grown))
        """
    )
    # The test settings, as pytest-django set them in the environment, with a 1 GB cap.
    environment = {**os.environ, "WORKER_MEMORY_LIMIT_MB": "1024"}

    result = subprocess.run(  # noqa: S603 - our interpreter running our own script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "refused"


def test_celery_replaces_a_worker_process_that_grew_too_large():
    from config.celery import app

    assert app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0


# ---------------------------------------------------------------------------
# Through the views: the reader is told, and the web worker carries on
# ---------------------------------------------------------------------------
# Far less than WeasyPrint needs to lay out a page.
ONE_MEGABYTE = 1024 * 1024


def rendering_children() -> list[int]:
    """Processes forked from this one and still there (running, or ended and not reaped)."""
    own = os.getpid()
    with open(f"/proc/{own}/cmdline", "rb") as ours:
        command = ours.read()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                same_program = cmdline.read() == command
        except (OSError, IndexError, ValueError):
            continue
        if parent == own and same_program:
            found.append(int(entry))
    return found


def minutes_text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.mark.django_db
def test_minutes_past_their_memory_limit_are_a_clear_error_and_the_next_request_is_served():
    scene = minutes_scene()
    approved(scene)
    url = f"/meetings/{scene.meeting.pk}/minutes.pdf"
    client = Client()

    with override_settings(RENDER_MEMORY_LIMIT_BYTES=ONE_MEGABYTE):
        refused = client.get(url)

    assert refused.status_code == 503
    assert refused["Content-Type"].startswith("text/html")
    assert "no-store" in refused["Cache-Control"]
    page = refused.content.decode()
    assert "The PDF could not be made" in page
    assert "The minutes needed more than 1 MB of memory to render, so it was stopped." in page
    assert rendering_children() == []
    # The same process, with its database connection, serves the next reader.
    assert PUBLIC_MINUTE in minutes_text(client.get(url))
    assert scene.minutes.items.count() > 0


@pytest.mark.django_db
def test_minutes_past_their_time_limit_are_stopped_with_a_clear_error(monkeypatch):
    scene = minutes_scene(items=20)
    approved(scene)
    url = f"/meetings/{scene.meeting.pk}/minutes.pdf"
    monkeypatch.setattr(governance_pdf, "MINUTES_PDF_TIME_LIMIT", 0.05)

    refused = Client().get(url)

    assert refused.status_code == 503
    assert (
        "The minutes took longer than 0.05 seconds to render, so it was stopped."
        in refused.content.decode()
    )
    # The rendering was ended, not left running behind the error page.
    assert rendering_children() == []
    monkeypatch.undo()
    assert PUBLIC_MINUTE in minutes_text(Client().get(url))


@pytest.mark.django_db
def test_the_minutes_render_from_a_thread_other_than_the_main_one():
    """As under runserver, where each request has its own thread: no signal is needed."""
    scene = minutes_scene()
    approved(scene)
    url = f"/meetings/{scene.meeting.pk}/minutes.pdf"
    responses = []
    shared = connections[DEFAULT_DB_ALIAS]

    def serve():
        # This test's connection, so the thread sees the rows the test made.
        connections[DEFAULT_DB_ALIAS] = shared
        with override_settings(RENDER_MEMORY_LIMIT_BYTES=ONE_MEGABYTE):
            responses.append(Client().get(url))
        responses.append(Client().get(url))

    worker = threading.Thread(target=serve)
    shared.inc_thread_sharing()
    try:
        worker.start()
        worker.join(timeout=120)
    finally:
        shared.dec_thread_sharing()

    refused, served = responses
    assert refused.status_code == 503
    assert "needed more than 1 MB of memory" in refused.content.decode()
    assert PUBLIC_MINUTE in minutes_text(served)
