"""Minutes from the first draft to circulation: drafting from the published agenda, saving
each item with a revision check, the chair's review, circulation to those who attended and
their comments. Approval and amendment are in .minutes_approval. Each stage writes a
numbered, immutable MinutesVersion."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.dates import long_date
from core.history import save_tracked, stamp
from governance import access, selectors
from governance.minutes_snapshots import attendance_summary, attendee_ids, build_snapshot
from governance.models import (
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
def _published_agenda_to_minute(meeting: Meeting) -> AgendaVersion:
    """The agenda version the minutes start from; refused when the meeting is already
    minuted, cancelled, not yet begun or has no published agenda."""
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        raise ValidationError(
            "The minutes of this meeting were started on "
            f"{long_date(timezone.localdate(existing.drafted_at))}: carry on with them rather "
            "than starting again."
        )
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled: there is nothing to minute.")
    if not meeting.has_started:
        raise ValidationError(
            f"The meeting starts at {meeting.local_start:%H:%M} on {_local_date(meeting)}: "
            "minutes can be started once it has begun."
        )
    published = AgendaVersion.objects.filter(meeting=meeting).order_by("-number").first()
    if published is None:
        raise ValidationError(
            "The agenda of this meeting has not been published, and minutes follow the "
            "published agenda: publish the agenda first (from the meetings list in the "
            "admin), then start the minutes."
        )
    return published


def _draft_items(minutes: Minutes, published: AgendaVersion, *, actor: Actor) -> None:
    """One minute per item of the published agenda, in its order."""
    existing_items = set(
        AgendaItem.objects.filter(meeting=minutes.meeting_id).values_list("pk", flat=True)
    )
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


@transaction.atomic
def minutes_draft(
    *, actor: Actor, meeting: Meeting, at: datetime.datetime | None = None
) -> Minutes:
    """Start the minutes of a meeting from its published agenda: one minute per item, with
    the item's number, title and presenter as published, and the attendance as recorded."""
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    authorise_chair(actor, locked.body)
    published = _published_agenda_to_minute(locked)
    now = _when(at, None)
    minutes = Minutes(
        meeting=locked,
        status=MinutesStatus.DRAFT,
        agenda_version=published.number,
        attendance=attendance_summary(selectors.meeting_attendance(locked, movements=True)),
        drafted_by=actor if getattr(actor, "is_authenticated", False) else None,
        drafted_at=now,
    )
    minutes.full_clean()
    stamp(minutes, actor, f"Minutes started from agenda version {published.number}")
    minutes.save()
    _draft_items(minutes, published, actor=actor)
    _write_version(minutes, actor=actor, stage=VersionStage.DRAFT, at=now)
    return minutes


@transaction.atomic
def minutes_refresh_attendance(*, actor: Actor, minutes: Minutes) -> Minutes:
    """Take the attendance again from the meeting's records, after a correction there."""
    locked = _lock(minutes)
    authorise_chair(actor, locked.meeting.body)
    _refuse_unless_editable(locked)
    locked.attendance = attendance_summary(
        selectors.meeting_attendance(locked.meeting, movements=True)
    )
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
        # Those who attended are asked for their comments once it is committed.
        outbox.notify("governance.minutes_circulated", version_id=version.pk)
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


__all__ = [
    "StaleEdit",
    "display_name",
    "minutes_circulate",
    "minutes_comment",
    "minutes_draft",
    "minutes_refresh_attendance",
    "minutes_save_item",
    "minutes_submit_for_review",
]
