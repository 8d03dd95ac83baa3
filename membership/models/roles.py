"""The roles a person may hold on a body. Each installation keeps its own vocabulary (the
business unit edits it in the admin); what a role allows is on its row, not in code."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.history import TrackedHistory


class Role:
    """Keys of the roles every installation is seeded with, for code that names one role
    (the demo, the lay-member heading). What a role allows is asked of its RoleType."""

    INDEPENDENT_CHAIR = "independent_chair"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    LAY_MEMBER = "lay_member"
    PARTICIPANT_OBSERVER = "participant_observer"
    ADVISER = "adviser"
    DEPUTY = "deputy"
    CLERK = "clerk"
    BUSINESS_MANAGER = "business_manager"
    OFFICER = "officer"


class RoleType(models.Model):
    """A role on a body (chair, member, clerk …) and what holding it means."""

    key = models.SlugField(
        max_length=30,
        unique=True,
        help_text="Stored with every term and used by the CSV import; fixed once in use.",
    )
    label = models.CharField(max_length=100, unique=True)
    holds_seat = models.BooleanField(
        default=False, help_text="Fills a seat itself (a deputy shares the holder's seat)."
    )
    counts_for_quorum = models.BooleanField(
        default=False, help_text="Counts towards quorum and towards an agency's representation."
    )
    may_vote = models.BooleanField(default=False)
    may_chair = models.BooleanField(
        default=False, help_text="Chairs the body; a body has one chair at a time."
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
        FieldRowPanel([FieldPanel("holds_seat"), FieldPanel("counts_for_quorum")]),
        FieldRowPanel([FieldPanel("may_vote"), FieldPanel("may_chair")]),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = "role"

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if not self.pk:
            return
        stored = RoleType.objects.filter(pk=self.pk).values_list("key", flat=True).first()
        in_use = RoleType.objects.filter(pk=self.pk, memberships__isnull=False).exists()
        if stored and stored != self.key and in_use:
            raise ValidationError(
                {"key": f"Terms are recorded as “{stored}”, so the key stays; change the label."}
            )
