"""Meetings, agenda items, published agenda versions and small generated PDFs for the papers
tests. Meetings and agendas are saved directly: their services are written on another
branch. Papers and their versions always go through meetings.papers.services."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import factory
import pikepdf
from pikepdf import Dictionary, Name
from pypdf import PdfReader

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import AgendaItem, AgendaVersion, Meeting, Purpose
from tests.membership.factories import BodyFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.LazyAttribute(lambda m: f"{m.body.name} meeting")
    start = datetime.datetime(2012, 3, 2, 10, 0, tzinfo=LONDON)
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))
    venue = "Committee Room 1, County Hall"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    sort_order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = Purpose.DISCUSSION
    presenter = factory.SubFactory(PersonFactory)
    minutes_allocated = 15


def publish_agenda(meeting: Meeting, *, by=None) -> AgendaVersion:
    """A published agenda version, its snapshot listing each item by id with whether it is
    restricted: the shape the access rule reads (meetings.papers.access.published_state)."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("parent"))
    last = AgendaVersion.objects.filter(meeting=meeting).order_by("-number").first()
    return AgendaVersion.objects.create(
        meeting=meeting,
        number=(last.number + 1) if last else 1,
        published_by=by,
        published_at=timezone.now(),
        snapshot={
            "format": 1,
            "items": [
                {
                    "id": item.pk,
                    "number": item.number,
                    "title": item.title,
                    "restricted": item.is_restricted
                    or bool(item.parent_id and item.parent.is_restricted),
                }
                for item in items
            ],
        },
    )


def make_pdf(pages: int = 2, text: str = "Safeguarding report", rotate: int = 0) -> bytes:
    """A small real PDF: each page says "<text> page <n>" in Helvetica, which pypdf reads
    back, so extraction and stamping can be checked."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for number in range(1, pages + 1):
        content = f"BT /F1 14 Tf 72 720 Td ({text} page {number}) Tj ET".encode()
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(content)
        if rotate:
            page.obj.Rotate = rotate
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_of_lines(pages: list[list[str]]) -> bytes:
    """A real PDF whose pages each say their lines, one text run per line, from the top."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for lines in pages:
        runs = "".join(
            f"BT /F1 14 Tf 72 {720 - 24 * number} Td ({line}) Tj ET "
            for number, line in enumerate(lines)
        )
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(runs.encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    with pikepdf.open(io.BytesIO(make_pdf())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=user_password))
        return out.getvalue()


def upload(data: bytes, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf reads it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
