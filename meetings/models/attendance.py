from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.history import TrackedHistory
from membership.models import Membership, Person

from .meeting import Meeting


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    PRESENT_ONLINE = "present_online", "Present online"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    DEPUTY = "deputy", "Represented by deputy"


# An agency is at the table when its member or their named deputy is (see meetings.quorum).
ATTENDING_STATUSES = frozenset(
    {AttendanceStatus.PRESENT, AttendanceStatus.PRESENT_ONLINE, AttendanceStatus.DEPUTY}
)


class Attendance(models.Model):
    """Whether one person came to one meeting, sent apologies, or sent a deputy."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    membership = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
        help_text="The term they sat in; filled in from the body's members on the day.",
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    deputy = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputised_attendances",
        help_text="Who came instead, when represented by a deputy.",
    )
    is_guest = models.BooleanField(
        default=False, help_text="Invited for an item; not a member of the body."
    )
    note = models.CharField(max_length=300, blank=True)

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("meeting"), FieldPanel("person")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("deputy")]),
        FieldRowPanel([FieldPanel("is_guest"), FieldPanel("note")]),
    ]

    class Meta:
        ordering = ["meeting", "person__family_name", "person__given_name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_unique_person_per_meeting",
                violation_error_message="This person's attendance at this meeting is already "
                "recorded: edit that record instead.",
            ),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.DEPUTY) | Q(deputy__isnull=False),
                name="attendance_deputy_named",
                violation_error_message="Name the deputy who attended.",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_status_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if self.status == AttendanceStatus.DEPUTY and not self.deputy_id:
            errors["deputy"] = "Name the deputy who attended, or choose another status."
        if self.deputy_id and self.status not in (
            AttendanceStatus.DEPUTY,
            AttendanceStatus.APOLOGIES,
        ):
            errors["deputy"] = "A deputy is named only with apologies or “represented by deputy”."
        if self.deputy_id and self.deputy_id == self.person_id:
            errors["deputy"] = "A person cannot be their own deputy."
        if self.membership_id and self.meeting_id:
            if self.membership.person_id != self.person_id:
                errors["membership"] = "This term belongs to someone else."
            elif self.membership.body_id != self.meeting.body_id:
                errors["membership"] = "This term is on another body."
        if errors:
            raise ValidationError(errors)

    @property
    def is_attending(self) -> bool:
        return self.status in ATTENDING_STATUSES


class Movement(models.TextChoices):
    ARRIVED = "arrived", "Arrived"
    LEFT = "left", "Left"


class AttendanceMovement(models.Model):
    """One arrival in or departure from the room at an agenda item, logged from the console.
    Read in agenda order they make a person's stretches of presence: someone who leaves and
    comes back has two. An attending person with none was present throughout."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=10, choices=Movement.choices)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        related_name="movements",
        help_text="An arrival is present for this item; a departure takes no part in it.",
    )
    at = models.DateTimeField(help_text="When it was logged; orders movements at one item.")

    history = TrackedHistory()

    class Meta:
        ordering = ["attendance", "at", "pk"]

    def __str__(self):
        kind = self.get_kind_display().lower()
        return f"{self.attendance.person} {kind} at item {self.agenda_item.number}"

    def clean(self):
        super().clean()
        if (
            self.agenda_item_id
            and self.attendance_id
            and self.agenda_item.meeting_id != self.attendance.meeting_id
        ):
            raise ValidationError({"agenda_item": "This item is on another meeting's agenda."})
