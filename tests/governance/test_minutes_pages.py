"""Minutes through the pages people use: the editor (one small form per item), the minutes
page with its comments, the versions and their comparison, and the meeting page's section."""

import re
from html.parser import HTMLParser

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from governance import services
from governance.models import (
    Action,
    Decision,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
    VersionStage,
)
from meetings import services as meeting_services
from meetings.models import AttendanceStatus
from tests.admin_forms import _FormParser
from tests.membership.factories import PersonFactory

from .factories import AgendaItemFactory, D, MeetingFactory, at, decision
from .minutes_factories import (
    PUBLIC_MINUTE,
    PUBLIC_TITLE,
    RESTRICTED_MINUTE,
    approved,
    circulated,
    drafted,
    minute_text,
    minutes_scene,
    published_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return minutes_scene()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_forms(html: str) -> list[dict[str, list[str]]]:
    parser = _FormParser()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        data: dict[str, list[str]] = {}
        for name, value in form["fields"]:
            data.setdefault(name, []).append(value)
        forms.append(data)
    return forms


def item_form(html: str, item_pk: int) -> dict[str, str]:
    """The editor's form for one item, as the browser would send it."""
    for form in page_forms(html):
        if form.get("action") == ["save_item"] and form.get("item") == [str(item_pk)]:
            return {name: values[0] for name, values in form.items()}
    raise AssertionError(f"No form for item {item_pk}")


def text_of(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------
# The editor
# ---------------------------------------------------------------------------
def test_the_business_unit_and_the_chair_take_minutes_through_the_editor(scene):
    clerk, chair = signed_in(scene.business_unit), signed_in(scene.chair)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    before = clerk.get(url)
    started = clerk.post(url, {"action": "start"})
    editor = text_of(clerk.get(url))
    for item in scene.items():
        form = item_form(editor, item.pk)
        form["text"] = minute_text(item)
        assert clerk.post(url, form).status_code == 302
    submitted = clerk.post(url, {"action": "submit", "note": "First draft"})
    circulated_ = chair.post(url, {"action": "circulate", "note": ""})
    approval_form = text_of(chair.get(url))
    approve = chair.post(url, {"action": "approve", "at": f"item-{scene.approval_item.pk}"})

    assert "Start the minutes from the published agenda" in text_of(before)
    assert [started.status_code, submitted.status_code, circulated_.status_code] == [302] * 3
    assert "Minutes of the meeting of 15 July 2011" in approval_form
    assert approve.status_code == 302
    minutes = scene.minutes
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approval_decision.agenda_item == scene.approval_item
    assert [v.stage for v in minutes.versions.order_by("number")] == [
        VersionStage.DRAFT,
        VersionStage.CHAIR_REVIEW,
        VersionStage.CIRCULATED,
        VersionStage.APPROVED,
    ]
    assert minutes.versions.get(number=2).note == "First draft"
    page = text_of(clerk.get(f"/meetings/{scene.meeting.pk}/minutes/"))
    assert PUBLIC_MINUTE in page and "Approved" in page
    assert minutes.approval_decision.reference in page


def test_starting_minutes_of_an_unpublished_agenda_is_refused_with_a_message():
    scene = minutes_scene(published=False)
    clerk = signed_in(scene.business_unit)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    page = text_of(clerk.get(url))
    refused = clerk.post(url, {"action": "start"})

    assert "The agenda of this meeting has not been published" in page
    assert refused.status_code == 400
    assert "publish the agenda first" in text_of(refused)
    assert not Minutes.objects.exists()


def test_two_people_editing_one_item_cannot_silently_overwrite_each_other(scene):
    drafted(scene)
    item = scene.items()[2]
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"
    first, second = signed_in(scene.business_unit), signed_in(scene.chair)
    first_form = item_form(text_of(first.get(url)), item.pk)
    second_form = item_form(text_of(second.get(url)), item.pk)

    first_form["text"] = "The Board agreed the criteria, to apply from September."
    second_form["text"] = "The Board agreed the criteria after a long discussion."
    saved = first.post(url, first_form)
    refused = second.post(url, second_form)

    assert saved.status_code == 302
    assert refused.status_code == 409
    html = text_of(refused)
    assert f"{scene.business_unit.get_username()} saved this item at" in html
    assert "after you opened it" in html and "copy it, reload the page and merge" in html
    # Their text is offered back to copy; the box holds the text now saved, at its revision.
    assert "The Board agreed the criteria after a long discussion." in html
    assert item_form(html, item.pk)["text"] == first_form["text"]
    assert item_form(html, item.pk)["revision"] == "3"
    item.refresh_from_db()
    assert item.text == "The Board agreed the criteria, to apply from September."


def test_approved_minutes_refuse_edits_in_the_editor(scene):
    approved(scene)
    item = scene.items()[2]
    clerk = signed_in(scene.business_unit)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    page = text_of(clerk.get(url))
    refused = clerk.post(
        url, {"action": "save_item", "item": item.pk, "revision": item.revision, "text": "New"}
    )
    resubmitted = clerk.post(url, {"action": "circulate", "note": ""})
    decided = clerk.post(
        url,
        {
            "action": "decision",
            "decision-agenda_item": item.agenda_item_id,
            "decision-title": "After the event",
            "decision-text": "Added after approval.",
            "decision-decision_type": "agreed",
        },
    )

    assert '<textarea name="text"' not in page and "Amend this item" in page
    assert refused.status_code == resubmitted.status_code == decided.status_code == 400
    assert "are locked: they cannot be edited" in text_of(refused)
    assert "no more decisions can be recorded" in text_of(decided)
    item.refresh_from_db()
    assert item.text == PUBLIC_MINUTE
    assert not Decision.objects.filter(title="After the event").exists()


def test_decisions_and_actions_recorded_in_the_editor_show_within_their_item(scene):
    drafted(scene)
    item = scene.items()[2]
    owner = PersonFactory(given_name="Andrew", family_name="Ireland")
    chair = signed_in(scene.chair)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    form_page = text_of(chair.get(f"{url}?item={item.agenda_item_id}"))
    decided = chair.post(
        url,
        {
            "action": "decision",
            "decision-agenda_item": item.agenda_item_id,
            "decision-title": "Revised eligibility criteria",
            "decision-text": "The Board agreed the revised criteria.",
            "decision-decision_type": "agreed",
        },
    )
    acted = chair.post(
        url,
        {
            "action": "action",
            "action-agenda_item": item.agenda_item_id,
            "action-description": "Circulate the criteria to all partners.",
            "action-owner": owner.pk,
            "action-due_date": "2011-09-30",
        },
    )

    assert f'<option value="{item.agenda_item_id}" selected>' in form_page
    assert decided.status_code == acted.status_code == 302
    assert decided["Location"].endswith(f"#item-{item.pk}")
    recorded, logged = Decision.objects.get(), Action.objects.get()
    assert (recorded.meeting, recorded.agenda_item) == (scene.meeting, item.agenda_item)
    assert (logged.meeting, logged.agenda_item, logged.owner) == (
        scene.meeting,
        item.agenda_item,
        owner,
    )
    page = text_of(chair.get(f"/meetings/{scene.meeting.pk}/minutes/"))
    section = page[page.index(f'id="item-{item.pk}"') :]
    section = section[: section.index("</section>")]
    assert recorded.reference in section and "The Board agreed the revised criteria." in section
    assert logged.reference in section and "Andrew Ireland" in section


def test_the_approval_form_offers_only_later_meetings_of_the_body(scene):
    circulated(scene)
    elsewhere = MeetingFactory(body=scene.other_body, start=at(D(2011, 9, 21)))
    earlier = MeetingFactory(body=scene.body, start=at(D(2011, 5, 20)))
    chair = signed_in(scene.chair)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    page = text_of(chair.get(url))
    refused = [
        chair.post(url, {"action": "approve", "at": f"meeting-{other.pk}"})
        for other in (elsewhere, earlier)
    ]

    assert f'value="meeting-{scene.later_meeting.pk}"' in page
    assert f'value="meeting-{elsewhere.pk}"' not in page
    assert f'value="meeting-{earlier.pk}"' not in page
    assert [r.status_code for r in refused] == [400, 400]
    assert "Choose a later meeting of this body from the list." in text_of(refused[0])
    assert scene.minutes.status == MinutesStatus.CIRCULATED
    assert not Decision.objects.exists()


def test_the_approval_form_offers_a_chair_only_items_of_the_published_agenda(scene):
    circulated(scene)
    late = AgendaItemFactory(meeting=scene.later_meeting, title="Added since publication")
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    page = text_of(signed_in(scene.chair).get(url))
    refused = signed_in(scene.chair).post(url, {"action": "approve", "at": f"item-{late.pk}"})

    assert f'value="item-{scene.approval_item.pk}"' in page
    assert f'value="item-{late.pk}"' not in page and "Added since publication" not in page
    assert refused.status_code == 400
    assert scene.minutes.status == MinutesStatus.CIRCULATED


def test_the_business_unit_may_approve_at_an_item_added_since_publication(scene):
    circulated(scene)
    late = AgendaItemFactory(meeting=scene.later_meeting, title="Added since publication")
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"
    manager = signed_in(scene.business_unit)

    page = text_of(manager.get(url))
    approved_there = manager.post(url, {"action": "approve", "at": f"item-{late.pk}"})

    assert f'value="item-{late.pk}"' in page
    assert approved_there.status_code == 302
    assert Minutes.objects.get(pk=scene.minutes.pk).status == MinutesStatus.APPROVED


def test_an_amendment_is_made_in_the_editor_and_shown_with_a_note(scene):
    approved(scene)
    item = scene.items()[2]
    correcting = decision(
        scene.body,
        title="Correction to the minutes of 15 July 2011",
        text="Item 3 corrected.",
        meeting=scene.later_meeting,
        decided_on=D(2011, 9, 16),
    )
    chair = signed_in(scene.chair)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    form_page = text_of(chair.get(f"{url}?amend={item.pk}"))
    amended = chair.post(
        url,
        {
            "action": "amend",
            "item": item.pk,
            "new_text": PUBLIC_MINUTE + " They apply from 1 September 2011.",
            "decision": correcting.pk,
        },
    )

    assert "Record the amendment" in form_page
    assert amended.status_code == 302
    page = text_of(Client().get(f"/meetings/{scene.meeting.pk}/minutes/"))
    assert "They apply from 1 September 2011." in page
    assert "corrected after approval by decision" in page and correcting.reference in page
    assert "The text as approved" in page
    assert MinutesVersion.objects.filter(stage=VersionStage.AMENDED).count() == 1


def test_only_the_chair_and_the_business_unit_open_the_editor(scene):
    drafted(scene)
    url = f"/meetings/{scene.meeting.pk}/minutes/edit/"

    anonymous = Client().get(url)
    member = signed_in(scene.member).get(url)
    other = signed_in(scene.other_member).post(url, {"action": "submit"})

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert member.status_code == other.status_code == 403
    assert "Only the chair of the Kent Safeguarding Children Board" in text_of(member)
    assert scene.minutes.status == MinutesStatus.DRAFT


# ---------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------
def test_those_who_attended_comment_on_circulated_minutes_from_the_page(scene):
    circulated(scene)
    item = scene.items()[2]
    member = signed_in(scene.member)
    url = f"/meetings/{scene.meeting.pk}/minutes/"

    page = text_of(member.get(url))
    sent = member.post(
        f"{url}comment/", {"item": item.pk, "text": "Please add that schools were consulted."}
    )
    blank = member.post(f"{url}comment/", {"item": "", "text": ""})
    absentee = signed_in(scene.absentee).post(f"{url}comment/", {"item": "", "text": "Hello"})

    assert "Comment on the circulated minutes" in page
    assert sent.status_code == 302
    assert blank.status_code == 400 and "Your comment was not sent" in text_of(blank)
    # The absentee may not read circulated minutes, so there is nothing for them there.
    assert absentee.status_code == 404
    comment = MinutesComment.objects.get()
    assert (comment.author, comment.item) == (scene.member.person, item)
    editor = text_of(signed_in(scene.chair).get(f"{url}edit/"))
    assert "Please add that schools were consulted." in editor


# ---------------------------------------------------------------------------
# Who sees what: the page, versions, comparison and PDF
# ---------------------------------------------------------------------------
# Who reads minutes at each stage, and whether they see the restricted item.
READS = {
    # who: (draft, circulated, approved, sees restricted)
    "anonymous": (False, False, True, False),
    "other body's member": (False, False, True, False),
    "member who was absent": (False, False, True, True),
    "member who attended": (False, True, True, True),
    "deputy who attended": (False, True, True, False),
    "chair": (True, True, True, True),
    "business unit": (True, True, True, True),
}
STAGES = ("draft", "circulated", "approved")


def _at_stage(scene, stage: str) -> tuple[int, int]:
    """Minutes at the stage, with a pair of versions anyone who reads them may compare; the
    restricted item's minute changes between the two."""
    if stage == "draft":
        drafted(scene)
        return 1, 1
    minutes = circulated(scene)
    restricted = scene.items()[3]
    if stage == "circulated":
        services.minutes_save_item(
            actor=scene.business_unit,
            minutes=minutes,
            item=restricted,
            text=RESTRICTED_MINUTE + " Child K's school will be asked for its records.",
            expected_revision=restricted.revision,
        )
        services.minutes_circulate(actor=scene.chair, minutes=minutes)
        return 3, 4
    services.minutes_approve(actor=scene.chair, minutes=minutes, at_meeting=scene.later_meeting)
    correcting = decision(scene.body, title="Correction", decided_on=D(2011, 9, 16))
    services.minutes_amend(
        actor=scene.chair,
        minutes=minutes,
        item=restricted,
        new_text=RESTRICTED_MINUTE + " Child K's school gave evidence.",
        decision=correcting,
    )
    return 4, 5


def _reader(scene, who: str) -> Client:
    users = {
        "other body's member": scene.other_member,
        "member who was absent": scene.absentee,
        "member who attended": scene.member,
        "deputy who attended": scene.deputy,
        "chair": scene.chair,
        "business unit": scene.business_unit,
    }
    return Client() if who == "anonymous" else signed_in(users[who])


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("who", list(READS))
def test_who_sees_the_minutes_their_versions_comparison_and_pdf(scene, stage, who):
    a, b = _at_stage(scene, stage)
    reads, sees_restricted = READS[who][STAGES.index(stage)], READS[who][3]
    client = _reader(scene, who)
    base = f"/meetings/{scene.meeting.pk}/minutes"

    page = client.get(f"{base}/")
    versions = client.get(f"{base}/versions/")
    comparison = client.get(f"{base}/compare/?a={a}&b={b}")
    pdf = client.get(f"{base}.pdf")

    expected = 200 if reads else 404
    assert [page.status_code, versions.status_code, comparison.status_code, pdf.status_code] == [
        expected
    ] * 4
    assert ("Child K" in text_of(page)) == (reads and sees_restricted)
    assert "Child K" not in text_of(versions)
    # The restricted item's minute changed between the two versions (not in a draft's one).
    shows_change = reads and sees_restricted and stage != "draft"
    assert ("Child K" in text_of(comparison)) == shows_change
    if not reads:
        assert PUBLIC_MINUTE not in text_of(page)
        return
    assert PUBLIC_MINUTE in text_of(page)
    if not sees_restricted:
        assert "Restricted item" in text_of(page)
    text = _pdf_text(pdf.content)
    assert PUBLIC_TITLE in text
    assert ("Child K" in text) == sees_restricted
    public = stage == "approved" and not sees_restricted
    assert pdf["Cache-Control"] == ("no-cache" if public else "private, no-store")


def test_the_public_sees_only_approved_and_amended_versions(scene):
    _at_stage(scene, "approved")
    client = Client()
    base = f"/meetings/{scene.meeting.pk}/minutes"

    listing = text_of(client.get(f"{base}/versions/"))
    hidden = client.get(f"{base}/versions/2/")
    shown = client.get(f"{base}/versions/4/")
    draft_comparison = client.get(f"{base}/compare/?a=3&b=4")

    assert "Version 4" in listing and "Version 5" in listing and "Version 3" not in listing
    assert hidden.status_code == 404 and draft_comparison.status_code == 404
    assert shown.status_code == 200 and PUBLIC_MINUTE in text_of(shown)
    assert "Child K" not in text_of(shown)


def test_bad_comparisons_are_refused_with_a_message(scene):
    _at_stage(scene, "approved")
    client = signed_in(scene.business_unit)
    base = f"/meetings/{scene.meeting.pk}/minutes/compare/"

    responses = {
        query: client.get(base + query)
        for query in ("", "?a=x&b=2", "?a=0&b=1", "?a=1&b=99", "?a=1&b=2&b=3")
    }

    assert {q: r.status_code for q, r in responses.items()} == {
        "": 400,
        "?a=x&b=2": 400,
        "?a=0&b=1": 400,
        "?a=1&b=99": 404,
        "?a=1&b=2&b=3": 200,
    }
    assert "Version numbers are whole numbers" in text_of(responses["?a=x&b=2"])
    assert "no version 99" in text_of(responses["?a=1&b=99"])
    assert client.get("/meetings/999999/minutes/compare/?a=1&b=2").status_code == 404


def test_a_comparison_marks_removed_and_added_words(scene):
    minutes = circulated(scene)
    item = scene.items()[2]
    services.minutes_save_item(
        actor=scene.business_unit,
        minutes=minutes,
        item=item,
        text=PUBLIC_MINUTE.replace("agreed", "endorsed"),
        expected_revision=item.revision,
    )
    services.minutes_circulate(actor=scene.chair, minutes=minutes)

    html = text_of(
        signed_in(scene.member).get(f"/meetings/{scene.meeting.pk}/minutes/compare/?a=3&b=4")
    )

    assert re.search(r"<del><span class=\"visually-hidden\">\[removed: </span>agreed", html)
    assert re.search(r"<ins><span class=\"visually-hidden\">\[added: </span>endorsed", html)
    assert "3 other items unchanged" in html


# ---------------------------------------------------------------------------
# The meeting page, and reading in a fixed number of queries
# ---------------------------------------------------------------------------
def test_the_meeting_page_links_to_the_minutes_for_those_who_may_read_them(scene):
    url = scene.meeting.get_absolute_url()
    before = text_of(signed_in(scene.chair).get(url))
    public_before = text_of(Client().get(url))
    approved(scene)

    public_after = text_of(Client().get(url))

    assert "Start the minutes" in before
    assert "will be published here once they have been approved" in public_before
    assert f"/meetings/{scene.meeting.pk}/minutes/" in public_after
    assert "Approved as a correct record at the meeting of 16 September 2011" in public_after
    assert f"/meetings/{scene.meeting.pk}/minutes.pdf" in public_after


def _minuted_meeting(scene, day, count: int):
    """Approved minutes of `count` items, each with a decision and an action, the first
    amended, with a comment."""
    meeting = published_meeting(
        scene.business_unit, scene.body, day, [f"Item of business {n}" for n in range(count)]
    )
    meeting_services.attendance_record(
        actor=None, meeting=meeting, person=scene.member.person, status=AttendanceStatus.PRESENT
    )
    minutes = services.minutes_draft(actor=scene.business_unit, meeting=meeting)
    for item in minutes.items.all():
        services.minutes_save_item(
            actor=scene.business_unit,
            minutes=minutes,
            item=item,
            text=f"Minute of {item.title}.",
            expected_revision=1,
        )
        decision(scene.body, title=f"On {item.title}", agenda_item=item.agenda_item)
        services.action_create(
            actor=None,
            body=scene.body,
            description=f"Follow up {item.title}",
            owner=scene.member.person,
            due_date=D(2011, 12, 31),
            agenda_item=item.agenda_item,
            notify=False,
        )
    services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)
    services.minutes_circulate(actor=scene.business_unit, minutes=minutes)
    services.minutes_comment(actor=scene.member, minutes=minutes, text="Fine by me.")
    services.minutes_approve(
        actor=scene.business_unit, minutes=minutes, at_meeting=scene.later_meeting
    )
    first = minutes.items.first()
    services.minutes_amend(
        actor=scene.business_unit,
        minutes=minutes,
        item=first,
        new_text="Amended.",
        decision=decision(scene.body, title="Correction", decided_on=D(2011, 9, 16)),
    )
    return meeting


@pytest.mark.parametrize("who", ["anonymous", "member who attended", "business unit"])
def test_the_minutes_page_reads_in_the_same_queries_for_5_and_40_items(scene, who):
    small = _minuted_meeting(scene, D(2011, 8, 1), 5)
    large = _minuted_meeting(scene, D(2011, 8, 8), 40)
    client = _reader(scene, who)
    client.get(f"/meetings/{small.pk}/minutes/")  # warm the per-process caches

    counts = []
    for meeting in (small, large):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/meetings/{meeting.pk}/minutes/")
        assert response.status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1], counts
    assert "Minute of Item of business 39." in text_of(response)


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def test_the_minutes_page_has_one_h1_and_no_skipped_heading_levels(scene):
    approved(scene)
    parser = _Headings()
    parser.feed(text_of(signed_in(scene.member).get(f"/meetings/{scene.meeting.pk}/minutes/")))

    assert parser.levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parser.levels, parser.levels[1:], strict=False))


def test_an_item_restricted_after_approval_is_hidden_in_its_versions_too(scene):
    minutes = approved(scene)
    item = scene.items()[2]
    meeting_services.agenda_item_update(
        actor=scene.business_unit, item=item.agenda_item, is_restricted=True
    )
    client = Client()
    base = f"/meetings/{scene.meeting.pk}/minutes"

    responses = [
        client.get(f"{base}/"),
        client.get(f"{base}/versions/4/"),
        client.get(f"{base}/compare/?a=4&b=4"),
        client.get(f"{base}.pdf"),
    ]

    assert [r.status_code for r in responses] == [200] * 4
    assert all(PUBLIC_TITLE not in text_of(r) for r in responses[:3])
    assert PUBLIC_TITLE not in " ".join(_pdf_text(responses[3].content).split())
    assert PUBLIC_TITLE in MinutesVersion.objects.get(minutes=minutes, number=4).items[2]["title"]
    member_view = text_of(signed_in(scene.absentee).get(f"{base}/versions/4/"))
    assert PUBLIC_MINUTE in member_view
