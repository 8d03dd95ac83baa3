"""The pack's page-number stamps: in an embedded font, and marked as artifacts so assistive
technology reads past them."""

from __future__ import annotations

import io

import pikepdf
import pytest

from tests.meetings.paper_factories import pdf_text, publish_agenda
from tests.meetings.paper_fixtures import *  # noqa: F403
from tests.meetings.test_pack import agenda  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("agenda")
def test_the_stamps_are_artifacts_in_an_embedded_font(meeting, client_for):
    publish_agenda(meeting)
    response = client_for("member").get(f"/meetings/{meeting.pk}/pack.pdf")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    texts = pdf_text(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            assert f"Page {number} of {len(pdf.pages)}" in texts[number - 1]
            font = page.resources.Font["/TabledPageNumber"]
            assert "/FontFile2" in font.FontDescriptor
            stamp = pikepdf.unparse_content_stream(
                [
                    instruction
                    for instruction in pikepdf.parse_content_stream(page)
                    if str(instruction.operator) in {"BDC", "EMC", "Tf"}
                ]
            ).decode()
            start = stamp.rindex("/Artifact")
            assert "/TabledPageNumber" in stamp[start:] and "EMC" in stamp[start:]
