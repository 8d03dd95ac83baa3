"""The search index: one row per thing a reader can find, with what decides who sees it."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from meetings.models import Meeting
from membership.models import Body, Person


class Kind(models.TextChoices):
    MEETING = "meeting", "Meetings"
    ITEM = "item", "Agenda items"
    PAPER = "paper", "Papers"
    MINUTES = "minutes", "Minutes"
    DECISION = "decision", "Decisions"
    ACTION = "action", "Actions"
    CHALLENGE = "challenge", "Challenges"
    RISK = "risk", "Risks"
    REPORT = "report", "Reports"


class Audience(models.TextChoices):
    """Who may find a document before the restricted rule is applied: everyone, those who
    may open the logs (members and the business unit), the business unit alone (an agenda
    not yet published), the minutes' editors (the business unit and the body's chair, for
    minutes being drafted or reviewed), or the editors and those who were at the meeting
    (its SearchReader rows, for circulated minutes)."""

    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Members"
    BUSINESS_UNIT = "business_unit", "Business unit"
    EDITORS = "editors", "The body's chair and the business unit"
    ATTENDEES = "attendees", "Those at the meeting, the body's chair and the business unit"


class SearchDocument(models.Model):
    """What one meeting, item, paper, minute, record or report says, as the search finds it.
    Rows are written by search.indexing only, and are rebuilt from the records at any time."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    # For the meeting's own documents (the meeting, its items, papers and minutes), which are
    # indexed together: a change to any of them can change what the others show.
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    year = models.PositiveSmallIntegerField()
    audience = models.CharField(max_length=20, choices=Audience.choices)
    # Restricted material of the body: seen only by those who see its restricted material
    # (membership.access.body_ids_with_restricted_access), whatever the audience says.
    restricted = models.BooleanField()
    title = models.CharField(max_length=400)
    # Where the thing is seen in full, and what it belongs to ("Board, 5 March 2024").
    url = models.CharField(max_length=400)
    context = models.CharField(max_length=400, blank=True)
    text = models.TextField(blank=True)
    # Filled on PostgreSQL only (search.indexing); its GIN index is made by the migration.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [models.Index(fields=["body", "year"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def context_lacks_date(self) -> bool:
        """A meeting's documents name the meeting, and so its date, in their context."""
        return self.meeting_id is None


class SearchReader(models.Model):
    """Someone who was at a meeting, and so may find its documents meant for those who were
    there (Audience.ATTENDEES). Written by search.indexing with the meeting's documents."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            # Person first: the search looks up the meetings of one reader.
            models.UniqueConstraint(fields=["person", "meeting"], name="search_reader_unique")
        ]

    def __str__(self):
        return f"{self.person_id} at meeting {self.meeting_id}"
