from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .meeting import Meeting
from .papers import PaperVersion


class PackViewChoice(models.TextChoices):
    """Which of a meeting's two packs was served (meetings.papers.access.PackView)."""

    RESTRICTED = "restricted", "Members' pack"
    PUBLIC = "public", "Public pack"


class AccessLogQuerySet(models.QuerySet):
    """The log is only ever added to: bulk changes are refused as well as single ones."""

    def update(self, **kwargs):
        raise ValidationError("The access log cannot be changed.")

    def delete(self):
        raise ValidationError("The access log cannot be deleted from.")


class AccessLogEntry(models.Model):
    """One opening of a paper's file or of a meeting's papers pack: who, what, when and from
    where. Written by the file views; never changed or deleted afterwards."""

    opened_at = models.DateTimeField(default=timezone.now)
    # Empty for someone not signed in (see meetings.papers.views for what is logged).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="access_log_entries"
    )
    paper_version = models.ForeignKey(
        PaperVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_log_entries",
        help_text="The version opened; empty when the entry is for the papers pack.",
    )
    pack_view = models.CharField(
        max_length=20,
        choices=PackViewChoice.choices,
        blank=True,
        help_text="Which pack was opened; empty when the entry is for a paper.",
    )
    restricted = models.BooleanField(
        help_text="Whether what was served was restricted: a restricted paper, a paper not "
        "yet public, or the members' pack."
    )
    ip_address = models.GenericIPAddressField(
        "IP address", null=True, blank=True, help_text="REMOTE_ADDR of the request."
    )
    user_agent = models.CharField(max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        # Only "view" exists, so nobody can be granted add, change or delete in the admin.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["opened_at"]),
            models.Index(fields=["user", "paper_version"]),
            models.Index(fields=["meeting", "opened_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(paper_version__isnull=False) & Q(pack_view=""))
                | (
                    Q(paper_version__isnull=True)
                    & Q(pack_view__in=[choice.value for choice in PackViewChoice])
                ),
                name="access_log_entry_is_a_paper_or_a_pack",
                violation_error_message="An access log entry is for a paper version or for "
                "a pack, not both.",
            )
        ]

    def __str__(self):
        who = self.user.get_username() if self.user_id else "Anonymous"
        return f"{who} opened {self.what} at {timezone.localtime(self.opened_at):%H:%M, %-d %B %Y}"

    def save(self, *args, **kwargs):
        # A log that can be edited proves nothing, so the model itself refuses.
        if not self._state.adding or self.pk is not None:
            raise ValidationError("An access log entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("An access log entry cannot be deleted.")

    @property
    def what(self) -> str:
        if self.paper_version_id:
            return str(self.paper_version)
        return f"{self.get_pack_view_display()}: {self.meeting}"
