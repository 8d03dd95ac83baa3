"""Every report is also a PDF at `<report url>pdf/`: A4, cover, contents with page numbers,
bookmarks, tagged, fonts embedded; built once per published revision and kept."""

from __future__ import annotations

import datetime
import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from django.core.files.storage import default_storage
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms import pdf
from cms.pdf import MEDIA_PREFIX, STATIC_PREFIX, ReportFetcher
from search.signals import is_index_callback
from tests.cms.factories import board_body, chair_login, edit, publish, report
from tests.governance.factories import decision as make_decision
from tests.membership.factories import BodyFactory, MembershipFactory

D = datetime.date
pytestmark = pytest.mark.django_db

SECTIONS = ["Introduction", "Purpose of Report", "Areas of Risk", "Conclusion"]
A4 = (595.28, 841.89)


def long_body(sections=SECTIONS) -> list:
    paragraph = "<p>" + "The Board scrutinised the partnership's work in detail. " * 40 + "</p>"
    body = []
    for section in sections:
        body += [("heading", {"text": section, "level": "h2"}), ("prose", paragraph)]
    body.insert(3, ("heading", {"text": "Performance management", "level": "h3"}))
    body.insert(4, ("membership", {"body": "", "layout": "subgroup_chairs"}))
    body.append(("decisions", {"body": ""}))
    return body


@pytest.fixture
def board():
    board = board_body(name="Kent Safeguarding Children Board", short_name="KSCB")
    group = BodyFactory(name="Serious Case Review Subgroup", parent=board)
    MembershipFactory(body=group, role="chair", job_title="Director of Kent Probation")
    make_decision(board, title="Eligibility criteria agreed", decided_on=D(2011, 5, 18))
    return board


@pytest.fixture
def published(board):
    return publish(report(board, long_body()), by=chair_login(board))


def pdf_bytes(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles = []
    with pdf.open_outline() as outline:

        def walk(items):
            for item in items:
                titles.append(str(item.title))
                walk(item.children)

        walk(outline.root)
    return titles


def test_the_pdf_is_a_tagged_a4_document_with_cover_contents_and_bookmarks(client, published):
    data = pdf_bytes(client.get(f"{published.url}pdf/"))

    pdf = pikepdf.open(io.BytesIO(data))
    assert len(pdf.pages) > 2
    for page in pdf.pages:
        width, height = (float(v) for v in page.mediabox[2:])
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))
    # Tagged for accessibility (PDF/UA-1), with its language and title.
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == "en-GB"
    assert (
        str(pdf.docinfo.Title) == "Progress report (March 2012): Kent Safeguarding Children Board"
    )
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    with pdf.open_metadata() as metadata:
        assert metadata.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
    # Every heading is a bookmark, the sub-section under its section.
    titles = outline_titles(pdf)
    for section in [*SECTIONS, "Performance management", "Contents"]:
        assert section in titles
    # Every font is embedded.
    for page in pdf.pages:
        for font in page.resources.get("/Font", {}).values():
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    cover, contents, *rest = pages
    assert "Kent Safeguarding Children Board" in cover and "Progress report" in cover
    assert "Page 1 of" not in cover
    # The contents page gives each section's page number, found by WeasyPrint.
    for section in SECTIONS:
        match = re.search(rf"{re.escape(section)}\s*\.+\s*(\d+)", contents)
        assert match, contents
        assert section in pages[int(match[1]) - 1]
    assert f"Page 2 of {len(pages)}" in contents
    body = "".join(rest)
    assert "Director of Kent Probation" in body and "KSCB/2011/" in body
    assert "Progress report (March 2012)" in rest[0]  # the running header


def test_the_pdf_is_built_once_per_published_revision_then_served_from_storage(
    client, board, published, monkeypatch
):
    name = pdf.report_pdf_name(published.pk, published.live_revision_id)
    first = pdf_bytes(client.get(f"{published.url}pdf/"))
    assert default_storage.exists(name)

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "report_pdf_bytes", no_rendering)
    assert pdf_bytes(client.get(f"{published.url}pdf/")) == first

    monkeypatch.undo()
    edit(published, long_body([*SECTIONS, "Next steps"]))
    page = publish(published, by=chair_login(board, username="chair2"))
    second = pdf_bytes(client.get(f"{page.url}pdf/"))
    assert "Next steps" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(second)).pages)
    assert default_storage.exists(pdf.report_pdf_name(page.pk, page.live_revision_id))
    assert not default_storage.exists(name)


def test_with_a_worker_the_pdf_is_built_on_publish_and_the_page_says_when_it_is_ready(
    client, board, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PDF_PREBUILD = True
    draft = report(board, long_body())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = publish(draft, by=chair_login(board))
    assert len([c for c in callbacks if not is_index_callback(c)]) == 1  # and the search

    html = client.get(page.url).content.decode()
    assert "being prepared" in html and f"{page.url}pdf/" not in html
    waiting = client.get(f"{page.url}pdf/")
    assert waiting.status_code == 202
    assert "being prepared" in waiting.content.decode()

    callbacks[0]()  # the worker runs the task

    html = client.get(page.url).content.decode()
    assert f'href="{page.url}pdf/"' in html
    assert client.get(f"{page.url}pdf/").status_code == 200


def test_a_draft_has_no_pdf_but_its_preview_does_with_live_data(client, board):
    page = report(board, long_body())
    assert client.get(f"{page.url}pdf/").status_code == 404

    response = page.make_preview_request(preview_mode="pdf")

    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Draft preview" in text and "Eligibility criteria agreed" in text


def test_rendering_reads_only_our_static_files_and_report_images():
    fetcher = ReportFetcher()
    assert fetcher.fetch(STATIC_PREFIX + "cms/report-print.css").status == 200
    for url in [
        "file:///etc/passwd",
        "http://example.org/tracker.png",
        "https://report.tabled.invalid/static/../../config/settings/base.py",
        STATIC_PREFIX + "no/such.css",
        MEDIA_PREFIX + "papers/1/v1.pdf",
        MEDIA_PREFIX + "images/../papers/1/v1.pdf",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_reports_images_are_served_by_the_report_and_printed_in_its_pdf(client, board):
    image_model = get_image_model()
    shown = image_model.objects.create(title="Structure chart", file=get_test_image_file())
    other = image_model.objects.create(title="Not in the report", file=get_test_image_file())
    body = [
        ("heading", {"text": "Governance", "level": "h2"}),
        ("image", {"image": shown, "alt": "The Board and its subgroups", "caption": "Structure"}),
    ]
    page = publish(report(board, body), by=chair_login(board))

    html = client.get(page.url).content.decode()
    assert f'src="{page.url}images/{shown.pk}/"' in html
    assert 'alt="The Board and its subgroups"' in html
    assert client.get(f"{page.url}images/{shown.pk}/")["Content-Type"].startswith("image/")
    assert client.get(f"{page.url}images/{other.pk}/").status_code == 404

    pdf = pikepdf.open(io.BytesIO(pdf_bytes(client.get(f"{page.url}pdf/"))))
    images = [
        obj
        for pdf_page in pdf.pages
        for obj in pdf_page.resources.get("/XObject", {}).values()
        if obj.get("/Subtype") == "/Image"
    ]
    assert images


@override_settings(RENDER_MEMORY_LIMIT_BYTES=1024 * 1024)
def test_a_pdf_stopped_at_its_memory_limit_is_a_clear_error_and_nothing_is_kept(
    client, board, published
):
    response = client.get(f"{published.url}pdf/")

    assert response.status_code == 503
    assert "The report needed more than 1 MB of memory to render" in response.content.decode()
    assert not default_storage.exists(pdf.report_pdf_name(published.pk, published.live_revision_id))
    with override_settings(RENDER_MEMORY_LIMIT_BYTES=1024**3):
        assert pdf_bytes(client.get(f"{published.url}pdf/")).startswith(b"%PDF")


@override_settings(RENDER_MEMORY_LIMIT_BYTES=1024 * 1024)
def test_a_pdf_preview_stopped_at_its_memory_limit_says_so(board):
    response = report(board, long_body()).make_preview_request(preview_mode="pdf")

    assert response.status_code == 503
    assert "The report needed more than 1 MB of memory to render" in response.content.decode()
