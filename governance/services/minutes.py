"""Minutes from the first draft to the approved record: drafting from the published agenda,
saving each item with a revision check, the chair's review, circulation to those who
attended and their comments, approval by a decision of a later meeting of the same body,
and amendments after approval. Each stage writes a numbered, immutable MinutesVersion."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from core.history import save_tracked, stamp
from governance import access, notifications, selectors
from governance.minutes_snapshots import attendance_summary, attendee_ids, build_snapshot
from governance.models import (
    Amendment,
    Decision,
    DecisionStatus,
    DecisionType,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesStatus,
    MinutesVersion,
    VersionStage,
)
from meetings.models import AgendaItem, AgendaVersion, Meeting
from membership.access import person_for

from ._common import Actor, authorise_chair
from .decisions import decision_record


class StaleEdit(ValidationError):
    """A save made against an older revision of an item: someone else saved it since the
    editor was opened. Carries the item as it is now, which is kept."""

    def __init__(self, message: str, *, current: MinutesItem):
        super().__init__(message, code="stale")
        self.current = current


def display_name(user: User | None) -> str:
    """A person's name for a login: their member record's, else the login's own."""
    if user is None:
        return "Someone"
    person = person_for(user)
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()


def _local_date(meeting: Meeting) -> str:
    return long_date(meeting.date)


def _when(at: datetime.datetime | None, latest: MinutesVersion | None) -> datetime.datetime:
    """Now, or a past moment for loading minutes written before Tabled (the demo, imports):
    never in the future, never before the version before."""
    now = timezone.now()
    at = at or now
    if at > now or (latest is not None and at < latest.created_at):
        raise ValidationError(
            "A stage of the minutes is recorded now, or at a past time after the stage before."
        )
    return at


def _refuse_unless_editable(minutes: Minutes) -> None:
    if minutes.is_locked:
        approved = minutes.approved_at_meeting
        raise ValidationError(
            f"These minutes were approved at the meeting of {_local_date(approved)} and are "
            "locked: they cannot be edited. A correction is recorded as an amendment, with "
            "the decision that made it."
        )


def _write_version(
    minutes: Minutes,
    *,
    actor: Actor,
    stage: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> MinutesVersion:
    """Freeze the minutes as they now stand as their next numbered version."""
    latest = MinutesVersion.objects.filter(minutes=minutes).order_by("-number").first()
    items = selectors.minutes_items(minutes)
    decisions, actions = selectors.minutes_records(minutes.meeting)
    version = MinutesVersion(
        minutes=minutes,
        number=(latest.number if latest else 0) + 1,
        stage=stage,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=_when(at, latest),
        note=note,
        snapshot=build_snapshot(
            minutes, items, decisions_by_item=decisions, actions_by_item=actions
        ),
    )
    version.full_clean()
    stamp(version, actor, note or VersionStage(stage).label)
    version.save()
    return version


def _lock(minutes: Minutes) -> Minutes:
    return selectors.minutes_get_locked(minutes)


# ---------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------
@transaction.atomic
def minutes_draft(
    *, actor: Actor, meeting: Meeting, at: datetime.datetime | None = None
) -> Minutes:
    """Start the minutes of a meeting from its published agenda: one minute per item, with
    the item's number, title and presenter as published, and the attendance as recorded."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    authorise_chair(actor, locked.body)
    existing = Minutes.objects.filter(meeting=locked).first()
    if existing is not None:
        raise ValidationError(
            "The minutes of this meeting were started on "
            f"{long_date(timezone.localdate(existing.drafted_at))}: carry on with them rather "
            "than starting again."
        )
    if locked.is_cancelled:
        raise ValidationError("This meeting was cancelled: there is nothing to minute.")
    if not locked.has_started:
        raise ValidationError(
            f"The meeting starts at {locked.local_start:%H:%M} on {_local_date(locked)}: "
            "minutes can be started once it has begun."
        )
    published = AgendaVersion.objects.filter(meeting=locked).order_by("-number").first()
    if published is None:
        raise ValidationError(
            "The agenda of this meeting has not been published, and minutes follow the "
            "published agenda: publish the agenda first (from the meetings list in the "
            "admin), then start the minutes."
        )
    now = _when(at, None)
    minutes = Minutes(
        meeting=locked,
        status=MinutesStatus.DRAFT,
        agenda_version=published.number,
        attendance=attendance_summary(selectors.meeting_attendance(locked)),
        drafted_by=actor if getattr(actor, "is_authenticated", False) else None,
        drafted_at=now,
    )
    minutes.full_clean()
    stamp(minutes, actor, f"Minutes started from agenda version {published.number}")
    minutes.save()
    existing_items = set(AgendaItem.objects.filter(meeting=locked).values_list("pk", flat=True))
    for position, entry in enumerate(published.items):
        exists = entry["id"] in existing_items
        item = MinutesItem(
            minutes=minutes,
            agenda_item_id=entry["id"] if exists else None,
            sort_order=position,
            number=entry["number"],
            title=entry["title"],
            presenter=entry.get("presenter") or "",
            is_sub_item=entry.get("parent_id") is not None,
            # Whether a minute is restricted follows its agenda item's flag of the day, both
            # ways (MinutesItem.restricted), not the flag the version was published with; an
            # item deleted from the draft since counts as restricted, as on the agenda pages.
            is_restricted=not exists,
        )
        item.full_clean()
        stamp(item, actor, "Minutes started")
        item.save()
    _write_version(minutes, actor=actor, stage=VersionStage.DRAFT, at=now)
    return minutes


@transaction.atomic
def minutes_refresh_attendance(*, actor: Actor, minutes: Minutes) -> Minutes:
    """Take the attendance again from the meeting's records, after a correction there."""
    locked = _lock(minutes)
    authorise_chair(actor, locked.meeting.body)
    _refuse_unless_editable(locked)
    locked.attendance = attendance_summary(selectors.meeting_attendance(locked.meeting))
    return save_tracked(
        locked, actor=actor, reason="Attendance taken again from the meeting's record"
    )


def _normalise(text: str) -> str:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


@transaction.atomic
def minutes_save_item(
    *,
    actor: Actor,
    minutes: Minutes,
    item: MinutesItem,
    text: str,
    expected_revision: int,
) -> MinutesItem:
    """Save the minute of one item. `expected_revision` is the revision the editor opened;
    if someone has saved the item since, nothing is saved and StaleEdit says who and when,
    so the writer can merge their text with the other rather than overwrite it."""
    locked = _lock(minutes)
    authorise_chair(actor, locked.meeting.body)
    _refuse_unless_editable(locked)
    current = (
        MinutesItem.objects.select_for_update(of=("self",))
        .select_related("saved_by")
        .filter(minutes=locked, pk=item.pk)
        .first()
    )
    if current is None:
        raise ValidationError("This item is not part of these minutes.")
    if current.revision != expected_revision:
        when = timezone.localtime(current.saved_at) if current.saved_at else None
        at = ""
        if when is not None:
            at = f" at {when:%H:%M}"
            if when.date() != timezone.localdate():
                at += f" on {long_date(when.date())}"
        raise StaleEdit(
            f"{display_name(current.saved_by)} saved this item{at} after you opened it, so "
            "your text was not saved. Your text is below: copy it, reload the page and merge "
            "it with theirs.",
            current=current,
        )
    text = _normalise(text)
    if text == current.text:
        return current
    current.text = text
    current.revision += 1
    current.saved_by = actor if getattr(actor, "is_authenticated", False) else None
    current.saved_at = timezone.now()
    return save_tracked(current, actor=actor, reason=f"Minute of item {current.number} saved")


# ---------------------------------------------------------------------------
# Review, circulation and comment
# ---------------------------------------------------------------------------
@transaction.atomic
def minutes_submit_for_review(
    *, actor: Actor, minutes: Minutes, note: str = "", at: datetime.datetime | None = None
) -> MinutesVersion:
    """Send the draft to the chair, who reviews (and may edit) it before it is circulated."""
    locked = _lock(minutes)
    authorise_chair(actor, locked.meeting.body)
    _refuse_unless_editable(locked)
    if locked.status != MinutesStatus.DRAFT:
        raise ValidationError(
            f"These minutes are {locked.get_status_display().lower()}, not a draft: they have "
            "already been sent to the chair."
        )
    locked.status = MinutesStatus.CHAIR_REVIEW
    save_tracked(locked, actor=actor, reason="Sent to the chair for review")
    return _write_version(locked, actor=actor, stage=VersionStage.CHAIR_REVIEW, note=note, at=at)


@transaction.atomic
def minutes_circulate(
    *, actor: Actor, minutes: Minutes, note: str = "", at: datetime.datetime | None = None
) -> MinutesVersion:
    """Circulate the reviewed minutes to those who attended, who may then comment (they are
    emailed once this commits). Minutes already circulated may be circulated again once
    corrected."""
    locked = _lock(minutes)
    authorise_chair(actor, locked.meeting.body)
    _refuse_unless_editable(locked)
    if locked.status == MinutesStatus.DRAFT:
        raise ValidationError(
            "These minutes are still a draft: send them to the chair for review before they "
            "are circulated."
        )
    blank = [item.number or item.title for item in locked.item_list if not item.text.strip()]
    if blank:
        raise ValidationError(
            f"Item{'s' if len(blank) > 1 else ''} {', '.join(blank)} "
            f"{'have' if len(blank) > 1 else 'has'} no minute yet: write one (even “No "
            "business.”) before the minutes are circulated."
        )
    if locked.status == MinutesStatus.CIRCULATED:
        latest = locked.versions.order_by("-number").first()
        decisions, actions = selectors.minutes_records(locked.meeting)
        current = build_snapshot(
            locked, locked.item_list, decisions_by_item=decisions, actions_by_item=actions
        )
        if latest is not None and latest.snapshot == current:
            raise ValidationError(
                f"Nothing has changed since version {latest.number}: there is nothing new to "
                "circulate."
            )
        note = note or "Circulated again with corrections"
    locked.status = MinutesStatus.CIRCULATED
    save_tracked(locked, actor=actor, reason=note or "Circulated to those who attended")
    version = _write_version(locked, actor=actor, stage=VersionStage.CIRCULATED, note=note, at=at)
    if at is None:
        # A circulation recorded at a past time (minutes loaded from before Tabled) went
        # round outside it: nobody is asked again.
        notifications.minutes_circulated_on_commit(version)
    return version


@transaction.atomic
def minutes_comment(
    *,
    actor: Actor,
    minutes: Minutes,
    text: str,
    item: MinutesItem | None = None,
    at: datetime.datetime | None = None,
) -> MinutesComment:
    """A comment on circulated minutes, by someone who attended the meeting."""
    locked = _lock(minutes)
    meeting = locked.meeting
    person = person_for(actor) if actor is not None else None
    attended = person is not None and person.pk in attendee_ids(
        selectors.meeting_attendance(meeting)
    )
    access.require(
        attended,
        f"Only those who attended the meeting of {_local_date(meeting)} can comment on its "
        "minutes.",
    )
    if locked.status != MinutesStatus.CIRCULATED:
        raise ValidationError(
            "Comments are taken while the minutes are circulated; these minutes are "
            f"{locked.get_status_display().lower()}."
        )
    if item is not None:
        if item.minutes_id != locked.pk:
            raise ValidationError({"item": "Choose an item of these minutes."})
        if item.restricted and not access.may_see_restricted(actor, meeting.body):
            raise ValidationError({"item": "Choose an item of these minutes."})
    if not (text or "").strip():
        raise ValidationError({"text": "Write your comment."})
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError("A comment is dated now or in the past.")
    comment = MinutesComment(
        minutes=locked, item=item, author=person, text=text.strip(), created=at or now
    )
    return save_tracked(comment, actor=actor, reason="Comment on the circulated minutes")


# ---------------------------------------------------------------------------
# Approval and amendment
# ---------------------------------------------------------------------------
def approval_title(meeting: Meeting) -> str:
    return f"Minutes of the meeting of {_local_date(meeting)} approved as a correct record"


def _check_approving_meeting(minutes: Minutes, at_meeting: Meeting, agenda_item) -> None:
    meeting = minutes.meeting
    if at_meeting.body_id != meeting.body_id:
        raise ValidationError(
            {
                "at_meeting": f"Minutes of the {meeting.body.name} are approved at a later "
                f"meeting of the {meeting.body.name}, not at a meeting of the "
                f"{at_meeting.body.name}."
            }
        )
    if at_meeting.start <= meeting.start:
        raise ValidationError(
            {
                "at_meeting": f"Minutes are approved at a later meeting: the meeting of "
                f"{_local_date(at_meeting)} is not after the meeting of {_local_date(meeting)}."
            }
        )
    if at_meeting.is_cancelled:
        raise ValidationError(
            {"at_meeting": f"The meeting of {_local_date(at_meeting)} was cancelled."}
        )
    if not at_meeting.has_started:
        raise ValidationError(
            {
                "at_meeting": f"The meeting of {_local_date(at_meeting)} has not begun: record "
                "the approval at or after that meeting."
            }
        )
    if agenda_item is not None and agenda_item.meeting_id != at_meeting.pk:
        raise ValidationError(
            {"agenda_item": f"Choose an item of the meeting of {_local_date(at_meeting)}."}
        )


@transaction.atomic
def minutes_approve(
    *,
    actor: Actor,
    minutes: Minutes,
    at_meeting: Meeting,
    agenda_item: AgendaItem | None = None,
    at: datetime.datetime | None = None,
) -> Decision:
    """Approve circulated minutes at a later meeting of the same body. The approval is a
    decision of that meeting (in the register with its reference); the minutes are then
    locked, and the approved text is kept as a version."""
    locked = _lock(minutes)
    body = locked.meeting.body
    authorise_chair(actor, body)
    if locked.status == MinutesStatus.APPROVED:
        raise ValidationError(
            f"These minutes were already approved at the meeting of "
            f"{_local_date(locked.approved_at_meeting)} ({locked.approval_decision.reference})."
        )
    if locked.status != MinutesStatus.CIRCULATED:
        raise ValidationError(
            "These minutes have not been circulated: circulate them to those who attended "
            "before they are approved."
        )
    at_meeting = Meeting.objects.select_related("body").get(pk=at_meeting.pk)
    _check_approving_meeting(locked, at_meeting, agenda_item)
    meeting = locked.meeting
    decision = decision_record(
        actor=actor,
        body=body,
        title=approval_title(meeting),
        text=f"The minutes of the meeting of the {body.name} held on {_local_date(meeting)} "
        "were approved as a correct record.",
        decision_type=DecisionType.APPROVED,
        meeting=at_meeting,
        agenda_item=agenda_item,
        decided_on=at_meeting.date,
        reason="Minutes approved",
    )
    locked.status = MinutesStatus.APPROVED
    locked.approval_decision = decision
    locked.approved_at_meeting = at_meeting
    locked.approved_on = at_meeting.date
    save_tracked(locked, actor=actor, reason=f"Approved as a correct record ({decision.reference})")
    _write_version(
        locked,
        actor=actor,
        stage=VersionStage.APPROVED,
        note=f"Approved at the meeting of {_local_date(at_meeting)} ({decision.reference})",
        at=at,
    )
    return decision


@transaction.atomic
def minutes_amend(
    *,
    actor: Actor,
    minutes: Minutes,
    item: MinutesItem,
    new_text: str,
    decision: Decision,
    at: datetime.datetime | None = None,
) -> Amendment:
    """Correct an item of approved minutes, as a later decision of the body resolved. The
    approved text and version stay; the amendment and a new version record the change."""
    locked = _lock(minutes)
    body = locked.meeting.body
    authorise_chair(actor, body)
    if not locked.is_locked:
        raise ValidationError(
            "Only approved minutes are amended: until they are approved, edit the text itself."
        )
    items = {entry.pk: entry for entry in locked.item_list}
    current = items.get(item.pk)
    if current is None:
        raise ValidationError({"item": "Choose an item of these minutes."})
    decision = Decision.objects.select_related("body").get(pk=decision.pk)
    if decision.body_id != body.pk:
        raise ValidationError(
            {
                "decision": f"Minutes of the {body.name} are amended by a decision of the "
                f"{body.name}."
            }
        )
    if decision.decided_on < locked.approved_on:
        raise ValidationError(
            {
                "decision": f"An amendment is made by a decision taken on or after the approval "
                f"of the minutes ({long_date(locked.approved_on)}): {decision.reference} is "
                "earlier."
            }
        )
    if decision.status != DecisionStatus.CURRENT:
        raise ValidationError(
            {"decision": f"{decision.reference} is {decision.get_status_display().lower()}."}
        )
    new_text = _normalise(new_text)
    if not new_text:
        raise ValidationError({"new_text": "Give the amended text of the minute."})
    if new_text == current.current_text:
        raise ValidationError({"new_text": "The amended text is the same as the text now."})
    now = timezone.now()
    amendment = Amendment(
        minutes=locked,
        item=current,
        decision=decision,
        previous_text=current.current_text,
        new_text=new_text,
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
        made_at=at or now,
    )
    save_tracked(
        amendment, actor=actor, reason=f"Item {current.number} amended by {decision.reference}"
    )
    _write_version(
        locked,
        actor=actor,
        stage=VersionStage.AMENDED,
        note=f"Item {current.number} amended by {decision.reference}",
        at=at,
    )
    return amendment


__all__ = [
    "StaleEdit",
    "approval_title",
    "display_name",
    "minutes_amend",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment",
    "minutes_draft",
    "minutes_refresh_attendance",
    "minutes_save_item",
    "minutes_submit_for_review",
]
