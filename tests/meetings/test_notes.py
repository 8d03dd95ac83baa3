"""Private notes on papers: kept per paper version, read by their author alone and only
while the author may open the paper, exported as PDF annotations, and refused when bad."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meetings.models import PaperNote
from meetings.notes.services import note_create, note_delete, note_update
from meetings.papers import services as paper_services
from tests.meetings.paper_factories import AgendaItemFactory, make_pdf, publish_agenda, upload
from tests.meetings.paper_fixtures import *  # noqa: F403 - readers, client_for, meeting
from tests.membership.factories import MembershipFactory, PersonFactory, UserFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

NOTE = "Ask the police lead about the Quokka referrals"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def paper(meeting, readers):
    item = AgendaItemFactory(meeting=meeting, title="Case review")
    paper = paper_services.paper_create(
        actor=readers["business_unit"],
        agenda_item=item,
        title="Staffing options",
        is_restricted=True,
        file=upload(make_pdf(pages=2, text="Staffing options")),
    )
    publish_agenda(meeting)
    return paper


def urls(paper, number=1):
    return {
        "reader": reverse("paper_notes:reader", args=[paper.pk, number]),
        "notes": reverse("paper_notes:version_notes", args=[paper.pk, number]),
        "export": reverse("paper_notes:export", args=[paper.pk, number]),
    }


def post_json(client, url, data, **extra):
    return client.post(
        url,
        json.dumps(data),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
        **extra,
    )


def test_a_member_keeps_a_note_that_no_one_else_reads(paper, readers, client_for):
    member = client_for("member")
    created = post_json(
        member,
        urls(paper)["notes"],
        {"page": 2, "text": NOTE, "quote": "Staffing", "rects": [[72, 700, 200, 714]]},
    )
    assert created.status_code == 201, created.content
    note = PaperNote.objects.get()
    assert (note.author, note.page, note.rects) == (readers["member"], 2, [[72, 700, 200, 714]])
    assert NOTE in member.get(urls(paper)["reader"]).content.decode()
    assert NOTE in member.get(urls(paper)["notes"]).content.decode()
    assert NOTE in member.get(reverse("paper_notes:my_notes")).content.decode()
    assert NOTE in member.get("/my/").content.decode()
    note_url = reverse("paper_notes:note", args=[note.pk])
    delete_url = reverse("paper_notes:note_delete", args=[note.pk])

    # The chair and the business unit may read the paper, and keep notes of their own on it,
    # but see none of the member's; the rest may not even open the paper.
    for audience in ("chair", "business_unit", "other_body_member", "anonymous"):
        client = client_for(audience)
        for url in (*urls(paper).values(), reverse("paper_notes:my_notes")):
            response = client.get(url)
            body_text = b"".join(response) if response.streaming else response.content
            assert NOTE.encode() not in body_text, (audience, url)
            if audience == "anonymous":
                assert response.status_code == 302
            elif audience == "other_body_member" and url != reverse("paper_notes:my_notes"):
                assert response.status_code == 404
        assert client.post(note_url, {"text": "Overwritten"}).status_code in (302, 404)
        assert client.post(delete_url).status_code in (302, 404)
        if audience != "anonymous":
            assert client.post(note_url, {"text": "Overwritten"}).status_code == 404
    note.refresh_from_db()
    assert note.text == NOTE

    # Another partnership: its business unit and members, and the member on its site.
    partnership = second_partnership()
    b_member = UserFactory(username="b-member")
    MembershipFactory(body=partnership.bodies.get(), person=PersonFactory(user=b_member))
    for user in (manager_of(partnership), b_member):
        member.force_login(user)
        assert member.get(urls(paper)["reader"], HTTP_HOST=ADULTS_HOST).status_code == 404
        assert member.get(urls(paper)["reader"]).status_code == 404
        assert member.post(note_url, {"text": "x"}, HTTP_HOST=ADULTS_HOST).status_code == 404
    member.force_login(readers["member"])
    assert member.get(urls(paper)["reader"], HTTP_HOST=ADULTS_HOST).status_code == 404
    assert member.post(note_url, {"text": "x"}, HTTP_HOST=ADULTS_HOST).status_code == 404
    assert NOTE not in member.get("/my/notes/", HTTP_HOST=ADULTS_HOST).content.decode()


def test_the_author_edits_and_deletes_from_the_viewer_and_no_one_else_can(paper, readers):
    note = note_create(
        actor=readers["member"], paper_version=paper.versions.get(), page=1, text="a"
    )
    with pytest.raises(PermissionDenied):
        note_update(actor=readers["chair"], note=note, text="b")
    with pytest.raises(PermissionDenied):
        note_delete(actor=readers["business_unit"], note=note)
    note_update(actor=readers["member"], note=note, text="Changed")
    assert PaperNote.objects.get().text == "Changed"
    note_delete(actor=readers["member"], note=note)
    assert not PaperNote.objects.exists()


def test_a_former_member_loses_notes_on_restricted_papers_but_keeps_public_ones(
    paper, meeting, readers, client_for
):
    public = paper_services.paper_create(
        actor=readers["business_unit"],
        agenda_item=AgendaItemFactory(meeting=meeting, title="Budget"),
        title="Budget report",
        file=upload(make_pdf(pages=1, text="Budget")),
    )
    publish_agenda(meeting)
    member = readers["member"]
    secret = note_create(actor=member, paper_version=paper.versions.get(), page=1, text=NOTE)
    note_create(actor=member, paper_version=public.versions.get(), page=1, text="Public remark")
    term = member.person.memberships.get()
    term.start_date = datetime.date(2010, 4, 1)
    term.end_date = timezone.localdate() - datetime.timedelta(days=1)
    term.save()

    client = client_for("member")
    for url in urls(paper).values():
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("paper_notes:note", args=[secret.pk]), {"text": "x"}).status_code == 404
    )
    listed = client.get(reverse("paper_notes:my_notes")).content.decode()
    assert NOTE not in listed and "Public remark" in listed
    assert NOTE not in client.get("/my/").content.decode()
    assert client.get(urls(public)["reader"]).status_code == 200


def test_each_version_keeps_its_own_notes(paper, readers, client_for):
    member = readers["member"]
    note_create(actor=member, paper_version=paper.versions.get(), page=1, text=NOTE)
    paper_services.paper_upload(
        actor=readers["business_unit"], paper=paper, file=upload(make_pdf(pages=3, text="v2"))
    )
    client = client_for("member")
    assert json.loads(client.get(urls(paper, 2)["notes"]).content) == {"notes": []}
    assert NOTE not in client.get(urls(paper, 2)["reader"]).content.decode()
    old = client.get(urls(paper, 1)["reader"]).content.decode()
    assert NOTE in old and "not the latest version" in old
    listed = client.get(reverse("paper_notes:my_notes")).content.decode()
    assert "Staffing options, version 1" in listed and "version 2" not in listed


def test_the_export_carries_the_notes_as_pdf_annotations(paper, readers, client_for):
    member = readers["member"]
    version = paper.versions.get()
    note_create(
        actor=member,
        paper_version=version,
        page=1,
        text=NOTE,
        quote="Staffing options",
        rects=[[72, 700, 200, 714], [72, 686, 150, 700]],
    )
    note_create(actor=member, paper_version=version, page=2, text="Page two thought")
    note_create(actor=readers["chair"], paper_version=version, page=2, text="The chair's own")
    response = client_for("member").get(urls(paper)["export"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    first = [a.get_object() for a in reader.pages[0]["/Annots"]]
    (highlight,) = [a for a in first if a["/Subtype"] == "/Highlight"]
    assert NOTE in highlight["/Contents"] and "Staffing options" in highlight["/Contents"]
    assert len(highlight["/QuadPoints"]) == 16
    assert [float(n) for n in highlight["/Rect"]] == [72, 686, 200, 714]
    assert any(a["/Subtype"] == "/Popup" for a in first)
    second = [a.get_object() for a in reader.pages[1]["/Annots"]]
    texts = [a["/Contents"] for a in second if a["/Subtype"] == "/Text"]
    assert texts == ["Page two thought"]
    assert "Staffing options" in reader.pages[0].extract_text()


REFUSALS = {
    "page": "Page:",
    "text": "Note:",
}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"page": 3, "text": "On a page the paper does not have"}, "page"),
        ({"page": 0, "text": "Page nought"}, "page"),
        ({"page": 1, "text": "x" * 5001}, "text"),
        ({"page": 1, "text": ""}, "text"),
        ({"page": 1, "text": "Bad highlight", "rects": [[1, 2, 3]]}, "rects"),
        ({"page": 1, "text": "Many", "rects": [[1, 2, 3, 4]] * 201}, "rects"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(paper, client_for, data, field):
    member = client_for("member")
    response = post_json(member, urls(paper)["notes"], data)
    assert response.status_code == 400
    assert field in json.loads(response.content)["errors"]
    if field != "rects":
        # The keyboard path, the "note on this page" form, refuses it too and says why.
        form = member.post(urls(paper)["notes"], data, follow=True)
        assert REFUSALS[field] in form.content.decode()
    assert not PaperNote.objects.exists()


def test_the_page_form_adds_a_note_without_script(paper, client_for):
    member = client_for("member")
    response = member.post(urls(paper)["notes"], {"page": "2", "text": NOTE}, follow=True)
    assert response.status_code == 200
    assert "Your note on page 2 is saved" in response.content.decode()
    assert PaperNote.objects.get().page == 2


def test_note_pages_cost_the_same_however_many_notes(
    paper, readers, client_for, django_assert_max_num_queries
):
    member = readers["member"]
    client = client_for("member")
    note_create(actor=member, paper_version=paper.versions.get(), page=1, text="first")
    counts = {}
    for url in (reverse("paper_notes:my_notes"), urls(paper)["reader"], "/my/"):
        with django_assert_max_num_queries(30) as captured:
            client.get(url)
        counts[url] = len(captured)
    for n in range(20):
        note_create(actor=member, paper_version=paper.versions.get(), page=2, text=f"n{n}")
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_the_vendored_pdfjs_is_the_version_package_json_pins():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["pdfjs-dist"]
    for name in ("pdf.min.mjs", "pdf.worker.min.mjs"):
        head = (ROOT / "static/vendor/pdfjs" / name).read_text()
        assert f'"{pinned}"' in head or f"pdfjsVersion = {pinned}" in head, name
