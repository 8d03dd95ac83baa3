"""PDF rendering has a time limit and a memory limit: each of the three WeasyPrint paths
(the report, the minutes, the papers pack's cover and agenda) stops at its time limit with
RenderTimeout, and a worker process cannot grow past its address-space cap. What rendering
may fetch is tested in test_pdf_fetches.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from django.conf import settings

from cms import documents as cms_documents
from governance import documents as governance_documents
from meetings import documents as meetings_documents
from membership.limits import RenderTimeout
from tests.security.test_pdf_fetches import contents

# Enough to take WeasyPrint well past a hundredth of a second.
LONG_HTML = "<html lang='en-GB'><body>" + "<p>Item discussed at length.</p>" * 3000 + "</body>"


def test_the_report_pdf_stops_at_its_time_limit(monkeypatch):
    monkeypatch.setattr(cms_documents, "REPORT_PDF_TIME_LIMIT", 0.01)

    with pytest.raises(RenderTimeout, match="The report took longer than 0.01 seconds"):
        cms_documents.html_to_pdf(LONG_HTML)

    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_the_minutes_pdf_stops_at_its_time_limit(monkeypatch):
    monkeypatch.setattr(governance_documents, "MINUTES_PDF_TIME_LIMIT", 0.01)
    monkeypatch.setattr(governance_documents, "render_to_string", lambda *args: LONG_HTML)

    with pytest.raises(RenderTimeout, match="The minutes took longer than 0.01 seconds"):
        governance_documents.minutes_pdf({})


def test_the_pack_front_matter_stops_at_its_time_limit(monkeypatch):
    pack = contents("Item")
    pack.items = pack.items * 500
    monkeypatch.setattr(meetings_documents, "FRONT_MATTER_TIME_LIMIT", 0.01)

    with pytest.raises(RenderTimeout, match="The papers pack took longer than 0.01 seconds"):
        meetings_documents.render_front_matter(pack)

    # With its real limit, the same pack renders.
    monkeypatch.undo()
    assert meetings_documents.render_front_matter(contents("Item")).pdf.startswith(b"%PDF")


def test_a_worker_process_cannot_grow_past_its_memory_cap():
    """A pool process as Celery starts one (worker_process_init): it still renders a PDF,
    and an allocation past the cap is a MemoryError, not the machine's memory."""
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from celery.signals import worker_process_init
        from config.celery import app
        worker_process_init.send(sender=None)
        from weasyprint import HTML
        assert HTML(string="<p>Minutes</p>").write_pdf().startswith(b"%PDF")
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
