from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.history import TrackedHistory

from ..storage import private_storage
from .agenda import AgendaItem


class Paper(models.Model):
    """A paper tabled under an agenda item: a report, an options paper, a data set."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=300)
    is_restricted = models.BooleanField(
        default=False,
        help_text="A paper of a restricted item is restricted whatever this says.",
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    created = models.DateTimeField(auto_now_add=True)

    history = TrackedHistory()

    panels = [
        FieldPanel("agenda_item"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("is_restricted"), FieldPanel("sort_order")]),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title

    @property
    def restricted(self) -> bool:
        return self.is_restricted or self.agenda_item.restricted

    @property
    def latest_version(self) -> PaperVersion | None:
        """The newest upload; reads the selectors' `latest_versions` prefetch when present."""
        prefetched = getattr(self, "latest_versions", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return self.versions.order_by("-number").first()


def paper_upload_to(instance: PaperVersion, filename: str) -> str:
    # The stored name carries no title: a restricted paper's name must not leak from a path.
    return f"papers/{instance.paper_id}/v{instance.number}.pdf"


class PaperVersion(models.Model):
    """One upload of a paper. A corrected paper is a new version; versions are never
    overwritten or deleted, so the pack members read on the day can always be shown."""

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(storage=private_storage, upload_to=paper_upload_to, max_length=300)
    original_filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="Text extracted from the PDF, for search.")
    text_error = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why some or all of the text could not be extracted, if it could not.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")

    history = TrackedHistory(excluded_fields=["text", "text_error"])

    class Meta:
        ordering = ["paper", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "number"],
                name="paper_version_number_unique_per_paper",
                violation_error_message="This paper already has a version with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="paper_version_number_from_one",
                violation_error_message="Version numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.paper} (version {self.number})"

    def delete(self, *args, **kwargs):
        raise ValidationError("Paper versions are never deleted.")
