"""Declarations of interest in the minutes, and the chair's electronic signature of
approved minutes with the public page that checks it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from governance import services
from governance.models import MinutesSignature, MinutesVersion
from governance.signatures import canonical_digest
from meetings.models import AgendaItem
from tests.partnerships import ADULTS_HOST, second_partnership

from .factories import chair_of
from .minutes_factories import PUBLIC_TITLE, circulated, minutes_scene

pytestmark = pytest.mark.django_db

INTEREST = "Trustee of Kent Youth Trust, which bids for the contract"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _sign(scene, user):
    return _client(user).post(f"/meetings/{scene.meeting.pk}/minutes/sign/", {"confirm": "on"})


@pytest.fixture
def scene():
    scene = minutes_scene()
    circulated(scene)
    item = AgendaItem.objects.get(meeting=scene.meeting, title=PUBLIC_TITLE)
    services.declaration_record(
        actor=scene.chair,
        agenda_item=item,
        person=scene.member.person,
        interest=INTEREST,
        withdrew=True,
    )
    services.minutes_approve(
        actor=scene.chair,
        minutes=scene.minutes,
        at_meeting=scene.later_meeting,
        agenda_item=scene.approval_item,
    )
    return scene


def test_declarations_appear_in_the_minutes_and_their_pdf_with_withdrawals(scene):
    name = scene.member.person.name
    page = Client().get(f"/meetings/{scene.meeting.pk}/minutes/").content.decode()
    assert "Declarations of interest" in page
    assert f"<strong>{name}</strong> declared an interest in item" in page
    assert "They withdrew from the meeting for the item and took no part in it." in page
    assert f"{name} withdrew for this item and took no part in it." in page

    text = _pdf_text(Client().get(f"/meetings/{scene.meeting.pk}/minutes.pdf").content)
    assert "Declarations of interest" in text
    assert f"{name} declared an interest in item" in text
    assert "withdrew from the meeting for the item" in text


def test_only_the_bodys_chair_signs_and_the_pdf_says_so(scene):
    url = f"/meetings/{scene.meeting.pk}/minutes/sign/"
    assert Client().get(url).status_code == 302
    assert _sign(scene, scene.member).status_code == 403
    assert _sign(scene, chair_of(scene.other_body)).status_code == 403
    assert _client(scene.chair).get(url, HTTP_HOST=_adults()).status_code == 404
    assert not MinutesSignature.objects.exists()

    assert _client(scene.chair).post(url, {}).status_code == 400
    assert _sign(scene, scene.chair).status_code == 302
    signature = MinutesSignature.objects.get()
    assert signature.signed_by == scene.chair
    assert signature.digest == canonical_digest(signature.version.snapshot)
    assert signature.history.first().history_change_reason == "Minutes signed by the chair"

    text = _pdf_text(Client().get(f"/meetings/{scene.meeting.pk}/minutes.pdf").content)
    assert f"Signed electronically as a correct record by {signature.signer_name}" in text
    assert "/minutes/verify/" in text
    assert "____" not in text


def _adults() -> str:
    second_partnership()
    return ADULTS_HOST


def _upload(url, content: bytes, name="minutes.pdf"):
    return Client().post(url, {"file": SimpleUploadedFile(name, content)})


def test_the_check_page_confirms_an_untouched_pdf_and_refuses_an_altered_one(scene):
    _sign(scene, scene.chair)
    signature = MinutesSignature.objects.get()
    pdf = Client().get(f"/meetings/{scene.meeting.pk}/minutes.pdf").content
    url = f"/minutes/verify/{signature.digest}/"

    page = Client().get(url).content.decode()
    assert "The signature matches." in page
    assert "Kent Safeguarding Children Board" in page
    assert signature.signer_name in page

    assert "This file is the signed minutes" in _upload(url, pdf).content.decode()

    tampered = bytearray(pdf)
    middle = len(tampered) // 2
    tampered[middle] = (tampered[middle] + 1) % 256
    answer = _upload(url, bytes(tampered)).content.decode()
    assert "This file is not the signed minutes." in answer

    not_pdf = _upload(url, b"<html>hello</html>" * 10, name="minutes.pdf")
    assert not_pdf.status_code == 400
    assert "This file is not a PDF" in not_pdf.content.decode()

    # The approved text changed behind Tabled's back: the signature no longer matches.
    snapshot = dict(signature.version.snapshot, agenda_version=99)
    MinutesVersion.objects.filter(pk=signature.version_id).update(snapshot=snapshot)
    assert "The signature does not match." in Client().get(url).content.decode()

    assert Client().get("/minutes/verify/" + "0" * 64 + "/").status_code == 404
    assert Client().get(url, HTTP_HOST=_adults()).status_code == 404
