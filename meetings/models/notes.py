from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from .papers import PaperVersion

NOTE_TEXT_LIMIT = 5000
QUOTE_LIMIT = 2000
# A highlight across a long passage is one rectangle per line; a page has fewer lines.
RECTS_LIMIT = 200


def validate_rects(value) -> None:
    """A list of [x1, y1, x2, y2] rectangles in the page's PDF coordinates (points, origin at
    the bottom left), as PDF.js gives them and as a PDF highlight annotation keeps them."""
    if not isinstance(value, list):
        raise ValidationError("Highlights must be a list of rectangles.")
    if len(value) > RECTS_LIMIT:
        raise ValidationError(f"A note may highlight at most {RECTS_LIMIT} rectangles.")
    for rect in value:
        if not (
            isinstance(rect, list)
            and len(rect) == 4
            and all(
                isinstance(n, int | float) and not isinstance(n, bool) and -1e5 < n < 1e5
                for n in rect
            )
        ):
            raise ValidationError("Each highlighted rectangle must be four numbers.")


class PaperNote(models.Model):
    """A member's private note on one version of a paper: a page, what they highlighted on it
    (if anything) and what they wrote. Read by its author alone, and by them only while they
    may open the paper."""

    paper_version = models.ForeignKey(PaperVersion, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_notes"
    )
    page = models.PositiveIntegerField(help_text="Page of the paper, from 1.")
    rects = models.JSONField(default=list, blank=True, validators=[validate_rects])
    quote = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(QUOTE_LIMIT)],
        help_text="The text highlighted, as the viewer read it from the page.",
    )
    text = models.TextField(blank=True, validators=[MaxLengthValidator(NOTE_TEXT_LIMIT)])
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["paper_version", "page", "created", "pk"]
        indexes = [models.Index(fields=["author", "paper_version"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(page__gte=1),
                name="paper_note_page_from_one",
                violation_error_message="Pages are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"Note on page {self.page} of {self.paper_version}"

    def clean(self):
        count = self.paper_version.page_count if self.paper_version_id else None
        if count is not None and self.page and self.page > count:
            raise ValidationError(
                {
                    "page": f"This paper has {count} page{'s' if count != 1 else ''}: "
                    f"choose a page from 1 to {count}."
                }
            )
        if not self.text.strip() and not self.rects:
            raise ValidationError({"text": "Write a note, or highlight something on the page."})
