"""Recording who came, and members sending their own apologies."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from core.history import save_tracked, stamp
from meetings import selectors
from meetings.models import (
    Attendance,
    AttendanceMovement,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Movement,
)
from meetings.presence import is_present_at
from membership.access import person_for
from membership.models import Person

# Before a meeting starts, only what people say in advance can be recorded.
ADVANCE_STATUSES = frozenset({AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY})


def _when(meeting: Meeting) -> str:
    return f"{meeting.local_start:%H:%M} on {long_date(meeting.date)}"


@transaction.atomic
def attendance_save(*, actor: User | None, attendance: Attendance, reason: str = "") -> Attendance:
    """Save one attendance record (the admin form's or attendance_record's). The person's
    term on the body is filled in from the members on the meeting's day; someone who was
    not a member is recorded only as a guest."""
    meeting = Meeting.objects.select_for_update().get(pk=attendance.meeting_id)
    if attendance.status not in ADVANCE_STATUSES and timezone.now() < meeting.start:
        raise ValidationError(
            {
                "status": f"The meeting starts at {_when(meeting)}: until then only apologies "
                "(with or without a deputy) can be recorded."
            }
        )
    if attendance.person_id and not attendance.is_guest:
        membership = selectors.membership_for_meeting(attendance.person, meeting)
        if membership is None:
            raise ValidationError(
                {
                    "person": f"{attendance.person} was not a member of {meeting.body} on "
                    f"{long_date(meeting.date)}. Tick “guest” to record them as a guest."
                }
            )
        attendance.membership = membership
    elif attendance.is_guest:
        attendance.membership = None
    attendance.full_clean()
    stamp(attendance, actor, reason)
    attendance.save()
    return attendance


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    meeting: Meeting,
    person: Person,
    status: str,
    deputy: Person | None = None,
    is_guest: bool = False,
    note: str = "",
    reason: str = "",
) -> Attendance:
    """Record (or correct) one person's attendance at a meeting."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first() or Attendance(
        meeting=meeting, person=person
    )
    attendance.status = status
    attendance.deputy = deputy
    attendance.is_guest = is_guest
    attendance.note = note
    return attendance_save(actor=actor, attendance=attendance, reason=reason)


@transaction.atomic
def apologies_send(
    *, actor: User, meeting: Meeting, deputy: Person | None = None, note: str = ""
) -> Attendance:
    """A member sends their own apologies, naming a deputy if one will come. Open until the
    meeting starts; after that the business unit records attendance."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    person = person_for(actor)
    if person is None:
        raise ValidationError("Your login is not linked to a member: ask the business unit.")
    if locked.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting has been cancelled: no apologies are needed.")
    if timezone.now() >= locked.start:
        raise ValidationError(
            f"This meeting started at {_when(locked)}, so apologies can no longer be sent "
            "here. Please tell the business unit instead."
        )
    if selectors.membership_for_meeting(person, locked) is None:
        raise ValidationError(
            f"You are not a member of {locked.body} on {long_date(locked.date)}, so you have "
            "no apologies to send."
        )
    attendance = Attendance.objects.filter(meeting=locked, person=person).first() or Attendance(
        meeting=locked, person=person
    )
    attendance.status = AttendanceStatus.DEPUTY if deputy else AttendanceStatus.APOLOGIES
    attendance.deputy = deputy
    attendance.is_guest = False
    attendance.note = note
    reason = f"Apologies sent, {deputy} to attend" if deputy else "Apologies sent"
    return attendance_save(actor=actor, attendance=attendance, reason=reason)


def _in_room_at(attendance: Attendance, item, items: list[int]) -> bool:
    if not attendance.pk:
        return False
    return is_present_at(attendance, item, {pk: index for index, pk in enumerate(items)})


@transaction.atomic
def attendance_register(
    *, actor: User | None, meeting: Meeting, person: Person, present: bool, item=None
) -> Attendance:
    """Tick or untick one person on the console's register. Once the chair has opened an
    item, a tick is an arrival and an untick a departure at `item`, added to the person's
    movements (so someone who leaves and comes back keeps both); before that, the register
    is being taken and an untick is a correction (absent)."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    underway = meeting.agenda_items.filter(opened_at__isnull=False).exists()
    attendance = (
        Attendance.objects.filter(meeting=meeting, person=person)
        .prefetch_related(selectors.movements_prefetch())
        .first()
    ) or Attendance(meeting=meeting, person=person)
    items = list(meeting.agenda_items.order_by("sort_order", "pk").values_list("pk", flat=True))
    if underway and item is not None and item.pk not in items:
        raise ValidationError("Choose an item on this meeting's agenda.")
    moved = None
    if present:
        if underway and not (item is not None and _in_room_at(attendance, item, items)):
            if item is None:
                raise ValidationError("Choose the item at which they arrived.")
            moved = Movement.ARRIVED
        if not attendance.is_attending:
            attendance.status = AttendanceStatus.PRESENT
            attendance.deputy = None
        reason = "Arrived" if underway else "Present at the start"
    elif underway and attendance.is_attending:
        if item is None:
            raise ValidationError("Choose the item during which they left.")
        if _in_room_at(attendance, item, items):
            moved = Movement.LEFT
        reason = "Left"
    else:
        attendance.status = AttendanceStatus.ABSENT
        attendance.deputy = None
        reason = "Not present"
    attendance_save(actor=actor, attendance=attendance, reason=reason)
    if moved:
        movement = AttendanceMovement(
            attendance=attendance, kind=moved, agenda_item=item, at=timezone.now()
        )
        save_tracked(movement, actor=actor, reason=reason)
    return attendance


def agenda_item_open(*, actor: User | None, item) -> None:
    """The chair takes an item: its timer runs from now."""
    item.opened_at = timezone.now()
    stamp(item, actor, "Item opened")
    item.save(update_fields=["opened_at"])
