"""What the logs share: references numbered per body and year, and the restricted rule."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.history import TrackedHistory
from membership.models import Body


class ReferenceKind(models.TextChoices):
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"
    CHALLENGE = "challenge", "Challenge"
    RISK = "risk", "Risk"


class ReferenceCounter(models.Model):
    """The last number given to one kind of record of one body in one year. Services lock
    this row while numbering, so two records saved at the same moment get different
    numbers, and a number once given is never given again."""

    kind = models.CharField(max_length=20, choices=ReferenceKind.choices)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="reference_counters")
    # 0 for kinds numbered without a year (risks).
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    history = TrackedHistory()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "body", "year"],
                name="reference_counter_unique",
                violation_error_message="This body already has a counter for this kind and year.",
            )
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} numbers of {self.body} in {self.year}: {self.last_number}"
        )


class Referenced(models.Model):
    """A numbered log entry: "KSCB/2012/004". The reference is given once by the service
    that records the entry, and stays when the entry is withdrawn or cancelled."""

    reference = models.CharField(max_length=80, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)

    class Meta:
        abstract = True


def item_is_restricted(item) -> bool:
    """An agenda item is restricted when it is marked so, or sits under an item that is."""
    if item is None:
        return False
    return item.is_restricted or (item.parent_id is not None and item.parent.is_restricted)


def unrestricted_q(item_field: str | None = "agenda_item") -> Q:
    """Rows that are not restricted themselves and whose agenda item (if any) is not either."""
    condition = Q(is_restricted=False)
    if item_field:
        item_public = Q(**{f"{item_field}__is_restricted": False}) & (
            Q(**{f"{item_field}__parent__isnull": True})
            | Q(**{f"{item_field}__parent__is_restricted": False})
        )
        condition &= Q(**{f"{item_field}__isnull": True}) | item_public
    return condition
