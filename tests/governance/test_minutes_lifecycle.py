"""Minutes through their services: drafted from the published agenda, saved with a revision
check, reviewed, circulated, commented on by those who attended, approved by a decision of a
later meeting of the same body, locked, and amended by a later decision."""

import datetime
import threading

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from governance import services
from governance.minutes_snapshots import text_diff
from governance.models import (
    Decision,
    DecisionType,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    VersionStage,
)
from meetings import services as meeting_services
from meetings.models import AttendanceStatus

from .factories import D, MeetingFactory, action, at, chair_of, decision
from .minutes_factories import (
    PUBLIC_MINUTE,
    PUBLIC_TITLE,
    RESTRICTED_TITLE,
    approved,
    circulated,
    drafted,
    minutes_scene,
    published_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return minutes_scene()


# ---------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------
def test_drafting_starts_from_the_published_agenda_with_the_attendance(scene):
    # A change to the agenda after publication is not what the minutes follow.
    meeting_services.agenda_item_add(actor=None, meeting=scene.meeting, title="Late, unpublished")

    minutes = services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)

    items = scene.items()
    assert [(i.number, i.title) for i in items] == [
        ("1", "Welcome, introductions and apologies"),
        ("2", "Minutes and matters arising"),
        ("3", PUBLIC_TITLE),
        ("4", RESTRICTED_TITLE),
    ]
    assert items[2].presenter == scene.chair.person.name
    assert [i.restricted for i in items] == [False, False, False, True]
    assert all(i.text == "" and i.revision == 1 for i in items)
    assert (minutes.status, minutes.agenda_version) == (MinutesStatus.DRAFT, 1)
    attendance = minutes.attendance
    assert [p["name"] for p in attendance["present"]] == [
        scene.chair.person.name,  # the chair first
        scene.member.person.name,
    ]
    assert attendance["present"][1]["online"] is True
    assert attendance["apologies"] == [
        {
            "name": scene.absentee.person.name,
            "organisation": scene.absentee.person.memberships.get().organisation.name,
            "deputy": "Dina Deputy",
        }
    ]
    assert attendance["deputies"][0]["name"] == "Dina Deputy"
    version = minutes.versions.get()
    assert (version.number, version.stage, version.created_by) == (
        1,
        VersionStage.DRAFT,
        scene.business_unit,
    )
    assert [i["title"] for i in version.items][3] == RESTRICTED_TITLE


def test_drafting_is_refused_while_the_agenda_is_unpublished():
    scene = minutes_scene(published=False)

    with pytest.raises(ValidationError) as refused:
        services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)

    assert "agenda of this meeting has not been published" in refused.value.messages[0]
    assert "publish the agenda first" in refused.value.messages[0]
    assert not Minutes.objects.exists()


def test_minutes_are_started_once_and_only_after_the_meeting_begins(scene):
    services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)
    coming = published_meeting(
        scene.business_unit,
        scene.body,
        timezone.localdate() + datetime.timedelta(days=7),
        ["Welcome"],
    )

    with pytest.raises(ValidationError) as twice:
        services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)
    with pytest.raises(ValidationError) as early:
        services.minutes_draft(actor=scene.business_unit, meeting=coming)

    assert "carry on with them" in twice.value.messages[0]
    assert "minutes can be started once it has begun" in early.value.messages[0]


def test_only_the_chair_and_the_business_unit_write_minutes(scene):
    for outsider in (scene.member, chair_of(scene.other_body)):
        with pytest.raises(PermissionDenied):
            services.minutes_draft(actor=outsider, meeting=scene.meeting)
    minutes = services.minutes_draft(actor=scene.chair, meeting=scene.meeting)
    item = scene.items()[0]

    with pytest.raises(PermissionDenied):
        services.minutes_save_item(
            actor=scene.member, minutes=minutes, item=item, text="Mine", expected_revision=1
        )


# ---------------------------------------------------------------------------
# Saving items: no silent overwrites
# ---------------------------------------------------------------------------
def test_a_save_against_an_older_revision_is_refused_and_the_other_text_kept(scene):
    minutes = services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)
    item = scene.items()[2]
    opened = item.revision

    services.minutes_save_item(
        actor=scene.business_unit,
        minutes=minutes,
        item=item,
        text="The Board agreed the criteria.",
        expected_revision=opened,
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.minutes_save_item(
            actor=scene.chair,
            minutes=minutes,
            item=item,
            text="The Board agreed the criteria, subject to a review in six months.",
            expected_revision=opened,
        )

    item.refresh_from_db()
    assert (item.text, item.revision) == ("The Board agreed the criteria.", 2)
    assert stale.value.current.text == "The Board agreed the criteria."
    message = stale.value.messages[0]
    assert message.startswith(f"{scene.business_unit.get_username()} saved this item at ")
    assert "after you opened it" in message and "copy it, reload the page and merge" in message


def test_a_save_names_the_person_and_normalises_the_text(scene):
    minutes = services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)
    item = scene.items()[0]

    saved = services.minutes_save_item(
        actor=scene.chair,
        minutes=minutes,
        item=item,
        text="  The chair welcomed members.  \r\n\r\nApologies were noted.   \r\n",
        expected_revision=1,
    )
    unchanged = services.minutes_save_item(
        actor=scene.chair, minutes=minutes, item=saved, text=saved.text, expected_revision=2
    )

    assert saved.text == "The chair welcomed members.\n\nApologies were noted."
    assert (saved.revision, saved.saved_by) == (2, scene.chair)
    assert unchanged.revision == 2
    assert saved.history.first().history_user == scene.chair


# ---------------------------------------------------------------------------
# Stages and their versions
# ---------------------------------------------------------------------------
def test_each_stage_writes_a_numbered_version(scene):
    minutes = drafted(scene)

    review = services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)
    circulation = services.minutes_circulate(
        actor=scene.chair, minutes=minutes, note="For comment by 1 August"
    )
    approval = services.minutes_approve(
        actor=scene.chair, minutes=minutes, at_meeting=scene.later_meeting
    )

    versions = list(MinutesVersion.objects.filter(minutes=minutes).order_by("number"))
    assert [(v.number, v.stage) for v in versions] == [
        (1, VersionStage.DRAFT),
        (2, VersionStage.CHAIR_REVIEW),
        (3, VersionStage.CIRCULATED),
        (4, VersionStage.APPROVED),
    ]
    assert (review.number, circulation.number) == (2, 3)
    assert circulation.note == "For comment by 1 August"
    assert versions[0].items[2]["text"] == ""
    assert versions[1].items[2]["text"] == PUBLIC_MINUTE
    assert versions[3].created_by == scene.chair
    assert approval.reference == "KSCB/2011/001"
    assert scene.minutes.status == MinutesStatus.APPROVED


def test_circulation_follows_the_chairs_review_and_needs_every_item_minuted(scene):
    minutes = services.minutes_draft(actor=scene.business_unit, meeting=scene.meeting)

    with pytest.raises(ValidationError) as too_soon:
        services.minutes_circulate(actor=scene.chair, minutes=minutes)
    services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)
    with pytest.raises(ValidationError) as blank:
        services.minutes_circulate(actor=scene.chair, minutes=minutes)
    with pytest.raises(ValidationError) as resubmitted:
        services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)

    assert "send them to the chair for review" in too_soon.value.messages[0]
    assert "Items 1, 2, 3, 4 have no minute yet" in blank.value.messages[0]
    assert "already been sent to the chair" in resubmitted.value.messages[0]
    assert scene.minutes.status == MinutesStatus.CHAIR_REVIEW


def test_circulated_minutes_are_corrected_and_circulated_again(scene):
    minutes = circulated(scene)
    item = scene.items()[2]

    with pytest.raises(ValidationError) as unchanged:
        services.minutes_circulate(actor=scene.chair, minutes=minutes)
    services.minutes_save_item(
        actor=scene.business_unit,
        minutes=minutes,
        item=item,
        text=PUBLIC_MINUTE + " Partners will report on their use in January.",
        expected_revision=item.revision,
    )
    again = services.minutes_circulate(actor=scene.chair, minutes=minutes)

    assert "Nothing has changed since version 3" in unchanged.value.messages[0]
    assert (again.number, again.stage, again.note) == (
        4,
        VersionStage.CIRCULATED,
        "Circulated again with corrections",
    )


def test_the_attendance_can_be_taken_again_until_approval(scene):
    minutes = drafted(scene)
    meeting_services.attendance_record(
        actor=None,
        meeting=scene.meeting,
        person=scene.absentee.person,
        status=AttendanceStatus.APOLOGIES,
    )

    services.minutes_refresh_attendance(actor=scene.business_unit, minutes=minutes)

    assert scene.minutes.attendance["deputies"] == []
    assert scene.minutes.attendance["apologies"][0]["deputy"] == ""


# ---------------------------------------------------------------------------
# Approval, locking and amendment
# ---------------------------------------------------------------------------
def test_approval_at_a_later_meeting_of_the_same_body_is_its_decision_and_locks(scene):
    minutes = circulated(scene)

    decision_made = services.minutes_approve(
        actor=scene.chair,
        minutes=minutes,
        at_meeting=scene.later_meeting,
        agenda_item=scene.approval_item,
    )

    minutes = scene.minutes
    assert (
        decision_made.title,
        decision_made.decision_type,
        decision_made.meeting,
        decision_made.agenda_item,
        decision_made.decided_on,
        decision_made.body,
    ) == (
        "Minutes of the meeting of 15 July 2011 approved as a correct record",
        DecisionType.APPROVED,
        scene.later_meeting,
        scene.approval_item,
        D(2011, 9, 16),
        scene.body,
    )
    assert (minutes.approval_decision, minutes.approved_at_meeting, minutes.approved_on) == (
        decision_made,
        scene.later_meeting,
        D(2011, 9, 16),
    )
    assert minutes.is_locked
    assert decision_made.history.first().history_user == scene.chair


@pytest.mark.parametrize(
    "where",
    [
        "another body",
        "an earlier meeting",
        "the same meeting",
        "a meeting not yet held",
        "cancelled",
    ],
)
def test_approval_anywhere_but_a_later_meeting_of_the_body_is_refused(scene, where):
    minutes = circulated(scene)
    if where == "another body":
        at_meeting = MeetingFactory(body=scene.other_body, start=at(D(2011, 9, 21)))
    elif where == "an earlier meeting":
        at_meeting = MeetingFactory(body=scene.body, start=at(D(2011, 5, 20)))
    elif where == "the same meeting":
        at_meeting = scene.meeting
    elif where == "a meeting not yet held":
        at_meeting = MeetingFactory(
            body=scene.body, start=at(timezone.localdate() + datetime.timedelta(days=30))
        )
    else:
        at_meeting = MeetingFactory(body=scene.body, start=at(D(2011, 11, 18)), status="cancelled")

    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=scene.chair, minutes=minutes, at_meeting=at_meeting)

    message = " ".join(refused.value.messages)
    expected = {
        "another body": "approved at a later meeting of the Kent Safeguarding Children Board, "
        "not at a meeting of the KSCB Executive",
        "an earlier meeting": "the meeting of 20 May 2011 is not after the meeting of 15 July 2011",
        "the same meeting": "is not after the meeting of 15 July 2011",
        "a meeting not yet held": "has not begun",
        "cancelled": "was cancelled",
    }[where]
    assert expected in message
    assert scene.minutes.status == MinutesStatus.CIRCULATED
    assert not Decision.objects.exists()


def test_minutes_not_yet_circulated_cannot_be_approved(scene):
    minutes = drafted(scene)

    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=scene.chair, minutes=minutes, at_meeting=scene.later_meeting)

    assert "circulate them to those who attended before" in refused.value.messages[0]
    assert not Decision.objects.exists()


def test_approved_minutes_refuse_every_edit(scene):
    minutes = approved(scene)
    item = scene.items()[2]

    attempts = [
        lambda: services.minutes_save_item(
            actor=scene.business_unit,
            minutes=minutes,
            item=item,
            text="Rewritten",
            expected_revision=item.revision,
        ),
        lambda: services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes),
        lambda: services.minutes_circulate(actor=scene.chair, minutes=minutes),
        lambda: services.minutes_refresh_attendance(actor=scene.chair, minutes=minutes),
        lambda: services.minutes_approve(
            actor=scene.chair, minutes=minutes, at_meeting=scene.later_meeting
        ),
    ]
    messages = []
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        messages.append(refused.value.messages[0])

    assert all("approved" in message for message in messages), messages
    assert "are locked: they cannot be edited" in messages[0]
    item.refresh_from_db()
    assert item.text == PUBLIC_MINUTE
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 4


def test_nothing_more_is_logged_against_a_meeting_whose_minutes_are_approved(scene):
    approved(scene)
    item = scene.items()[2].agenda_item

    with pytest.raises(ValidationError) as no_decision:
        decision(scene.body, meeting=scene.meeting, agenda_item=item, decided_on=D(2011, 7, 15))
    with pytest.raises(ValidationError) as no_action:
        action(scene.body, meeting=scene.meeting, raised_on=D(2011, 7, 15))

    assert "have been approved, so no more decisions" in no_decision.value.messages[0]
    assert "no more actions" in no_action.value.messages[0]


def test_an_amendment_after_approval_keeps_the_approved_version(scene):
    minutes = approved(scene)
    item = scene.items()[2]
    correcting = decision(
        scene.body,
        title="Correction to the minutes of 15 July 2011",
        text="Item 3: the criteria apply from 1 September 2011.",
        decision_type=DecisionType.AGREED,
        meeting=scene.later_meeting,
        decided_on=D(2011, 9, 16),
    )
    new_text = PUBLIC_MINUTE + " They apply from 1 September 2011."

    amendment = services.minutes_amend(
        actor=scene.chair, minutes=minutes, item=item, new_text=new_text, decision=correcting
    )

    item.refresh_from_db()
    assert (item.text, item.current_text) == (PUBLIC_MINUTE, new_text)
    assert (amendment.previous_text, amendment.new_text, amendment.decision) == (
        PUBLIC_MINUTE,
        new_text,
        correcting,
    )
    versions = {v.stage: v for v in MinutesVersion.objects.filter(minutes=minutes)}
    assert versions[VersionStage.APPROVED].items[2]["text"] == PUBLIC_MINUTE
    assert versions[VersionStage.AMENDED].items[2]["text"] == new_text
    assert versions[VersionStage.AMENDED].items[2]["amended_by"] == correcting.reference
    assert versions[VersionStage.AMENDED].number == 5


def test_an_amendment_needs_a_later_decision_of_the_same_body(scene):
    minutes = approved(scene)
    item = scene.items()[2]
    earlier = decision(scene.body, title="Earlier", decided_on=D(2011, 8, 1))
    elsewhere = decision(scene.other_body, title="Elsewhere", decided_on=D(2011, 10, 1))

    refusals = []
    for chosen in (earlier, elsewhere):
        with pytest.raises(ValidationError) as refused:
            services.minutes_amend(
                actor=scene.chair, minutes=minutes, item=item, new_text="New", decision=chosen
            )
        refusals.append(" ".join(refused.value.messages))

    assert "on or after the approval of the minutes (16 September 2011)" in refusals[0]
    assert "amended by a decision of the Kent Safeguarding Children Board" in refusals[1]
    assert not minutes.amendments.exists()


def test_only_approved_minutes_are_amended(scene):
    minutes = circulated(scene)
    later = decision(scene.body, title="Later", decided_on=D(2011, 9, 16))

    with pytest.raises(ValidationError) as refused:
        services.minutes_amend(
            actor=scene.chair,
            minutes=minutes,
            item=scene.items()[2],
            new_text="New",
            decision=later,
        )

    assert "Only approved minutes are amended" in refused.value.messages[0]


# ---------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------
def test_those_who_attended_comment_while_the_minutes_are_circulated(scene):
    minutes = drafted(scene)
    item = scene.items()[2]

    with pytest.raises(ValidationError) as too_early:
        services.minutes_comment(actor=scene.member, minutes=minutes, item=item, text="Early")
    services.minutes_submit_for_review(actor=scene.business_unit, minutes=minutes)
    services.minutes_circulate(actor=scene.chair, minutes=minutes)
    by_member = services.minutes_comment(
        actor=scene.member, minutes=minutes, item=item, text="Say 'all partners and agencies'."
    )
    by_deputy = services.minutes_comment(
        actor=scene.deputy, minutes=minutes, text="My agency should read Kent Police."
    )
    refused = []
    for outsider in (scene.absentee, scene.other_member, scene.business_unit):
        with pytest.raises(PermissionDenied) as denied:
            services.minutes_comment(actor=outsider, minutes=minutes, item=item, text="No")
        refused.append(str(denied.value))
    services.minutes_approve(actor=scene.chair, minutes=minutes, at_meeting=scene.later_meeting)
    with pytest.raises(ValidationError) as too_late:
        services.minutes_comment(actor=scene.member, minutes=minutes, item=item, text="Late")

    assert "while the minutes are circulated" in too_early.value.messages[0]
    assert (by_member.author, by_member.item) == (scene.member.person, item)
    assert (by_deputy.author.name, by_deputy.item) == ("Dina Deputy", None)
    assert all("Only those who attended the meeting of 15 July 2011" in r for r in refused)
    assert "these minutes are approved" in too_late.value.messages[0]
    assert minutes.comments.count() == 2


def test_a_guest_who_attended_cannot_comment_on_a_restricted_item(scene):
    minutes = circulated(scene)
    restricted = scene.items()[3]

    with pytest.raises(ValidationError) as refused:
        services.minutes_comment(actor=scene.deputy, minutes=minutes, item=restricted, text="x")

    assert refused.value.message_dict == {"item": ["Choose an item of these minutes."]}


# ---------------------------------------------------------------------------
# Versions are immutable; comparisons are word by word
# ---------------------------------------------------------------------------
def test_a_version_of_the_minutes_cannot_be_changed_or_deleted(scene):
    version = drafted(scene).versions.get()

    version.note = "Changed"
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()


def test_the_text_difference_is_word_by_word():
    segments = text_diff(
        "The Board agreed the criteria.\n\nPartners noted it.",
        "The Board endorsed the criteria.\n\nPartners noted it.",
    )

    assert [(s.kind, s.text) for s in segments] == [
        ("same", "The Board "),
        ("removed", "agreed"),
        ("added", "endorsed"),
        ("same", " the criteria.\n\nPartners noted it."),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_the_same_moment_one_is_kept_and_the_other_refused():
    """Both writers opened revision 2 and save together: the locks make one wait, and it
    then finds the item moved on and is refused, so neither text is lost unseen."""
    scene = minutes_scene()
    minutes = drafted(scene)
    item = scene.items()[2]
    opened = item.revision
    barrier = threading.Barrier(2)
    outcomes, errors = {}, []

    def save(user, text):
        try:
            barrier.wait(timeout=10)
            services.minutes_save_item(
                actor=user, minutes=minutes, item=item, text=text, expected_revision=opened
            )
            outcomes[text] = "saved"
        except services.StaleEdit:
            outcomes[text] = "refused"
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    writers = [
        threading.Thread(target=save, args=(scene.business_unit, "The clerk's minute.")),
        threading.Thread(target=save, args=(scene.chair, "The chair's minute.")),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    assert errors == []
    assert sorted(outcomes.values()) == ["refused", "saved"]
    item.refresh_from_db()
    kept = next(text for text, outcome in outcomes.items() if outcome == "saved")
    assert (item.text, item.revision) == (kept, opened + 1)
