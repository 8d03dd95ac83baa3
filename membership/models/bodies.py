"""Bodies (the board and its groups) and the seats on them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.history import TrackedHistory
from membership import rules

from .partnerships import Partnership, default_partnership_id
from .people import Organisation, Sector


class BodyKind(models.TextChoices):
    BOARD = "board", "Board"
    EXECUTIVE = "executive", "Executive"
    IMPROVEMENT_BOARD = "improvement_board", "Improvement Board"
    SUBGROUP = "subgroup", "Subgroup"
    TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
    OTHER = "other", "Other"


class BodyQuerySet(models.QuerySet):
    def in_partnerships(self, partnership_ids) -> BodyQuerySet:
        """Bodies serving any of these partnerships: their own, and joint bodies of others
        that report to one of theirs. One query, no duplicates."""
        ids = [getattr(item, "pk", item) for item in partnership_ids]
        joint = Body.also_reports_to.through.objects.filter(to_body__partnership_id__in=ids).values(
            "from_body_id"
        )
        return self.filter(Q(partnership_id__in=ids) | Q(pk__in=joint))

    def in_partnership(self, partnership) -> BodyQuerySet:
        return self.in_partnerships([partnership])

    def reporting_lines(self) -> dict[int, set[int]]:
        """Each body's parents, its own partnership's and those it also reports to, for
        `rules.ancestor_ids` and `rules.descendant_ids`. Two queries."""
        return rules.reporting_lines(
            self.values_list("pk", "parent_id"),
            Body.also_reports_to.through.objects.values_list("from_body_id", "to_body_id"),
        )


class Body(index.Indexed, ClusterableModel):
    """A board, executive, subgroup or group that meets, with its seats and members."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="bodies",
        # Blank means the default partnership (see save): a one-board installation never
        # names it.
        blank=True,
        help_text="The partnership that runs this body. A joint body is run by one and "
        "reports to the others' boards too.",
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True, help_text="Used in references.")
    slug = models.SlugField(max_length=100)
    kind = models.CharField(max_length=30, choices=BodyKind.choices, default=BodyKind.SUBGROUP)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body this one reports to, in its own partnership.",
    )
    also_reports_to = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="joint_children",
        help_text="Bodies of other partnerships this one also reports to: a joint body.",
    )
    related_bodies = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        help_text="Boards linked without reporting to them (a MASH board, a neighbour).",
    )
    purpose = models.TextField(blank=True, help_text="One or two sentences for the public.")
    terms_of_reference = RichTextField(blank=True)
    quorum_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members who must be present; blank for no rule."
    )
    quorum_sectors = ParentalManyToManyField(
        Sector,
        blank=True,
        related_name="+",
        help_text="Sectors that must be represented for the meeting to be quorate.",
    )
    meeting_frequency = models.CharField(max_length=100, blank=True, help_text="e.g. Monthly")
    active_from = models.DateField(default=timezone.localdate)
    active_until = models.DateField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    objects = BodyQuerySet.as_manager()
    history = TrackedHistory(m2m_fields=[quorum_sectors, also_reports_to, related_bodies])

    search_fields = [
        index.SearchField("name"),
        index.SearchField("purpose"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="body_active_until_after_from",
                violation_error_message="A body cannot close before it opens.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="body_name_unique_in_partnership",
                violation_error_message="This partnership already has a body of this name.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "slug"],
                name="body_slug_unique_in_partnership",
                violation_error_message="This partnership already has a body at this address.",
            ),
            models.UniqueConstraint(
                "partnership",
                Upper("short_name"),
                condition=~Q(short_name=""),
                name="body_short_name_unique_in_partnership",
                violation_error_message="This partnership already has a body of this short name.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("membership:body_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.partnership_id:
            self.partnership_id = default_partnership_id()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.partnership_id:
            self.partnership_id = default_partnership_id()
        self._refuse_clashes_in_partnership()
        self._refuse_reporting_to_itself()

    def _refuse_reporting_to_itself(self) -> None:
        """A body cannot report to itself, directly or through others: through its parent or
        through a body of another partnership it also reports to (read in memory, as the
        form left them). Two queries, however large the structure."""
        if not self.pk:
            return  # Nothing reports to a body not yet saved.
        joint = {body.pk: body for body in self.also_reports_to.all()}
        parent_ids = set(joint) | ({self.parent_id} if self.parent_id else set())
        if not parent_ids:
            return
        loop = rules.reporting_loop(self.pk, parent_ids, Body.objects.reporting_lines())
        if loop is None:
            return
        if loop == self.parent_id:
            raise ValidationError(
                {"parent": "A body cannot report to itself or to one of its own subgroups."}
            )
        if loop == self.pk:
            message = "A body cannot report to itself."
        else:
            message = (
                f"A body cannot report to itself, directly or through others: {joint[loop]} "
                f"already reports to {self.name}, so {self.name} cannot also report to it."
            )
        raise ValidationError({"also_reports_to": message})

    def _refuse_clashes_in_partnership(self) -> None:
        """Within one partnership, people tell bodies apart by name, short name and address,
        and references by their code; a joint body shares the partnerships it serves, so it
        is checked against theirs too. The message names the body it clashes with."""
        if not self.partnership_id:
            return
        served = [self.partnership_id]
        if self.pk:
            served += list(self.also_reports_to.values_list("partnership_id", flat=True))
        others = Body.objects.in_partnerships(served).exclude(pk=self.pk)
        errors = {}
        for field, label, value, lookup in (
            ("name", "name", self.name, "name__iexact"),
            ("slug", "address", self.slug, "slug"),
        ):
            clash = others.filter(**{lookup: value}).first() if value else None
            if clash:
                errors[field] = f"{clash.name} ({clash.partnership}) already has this {label}."
        code = self.reference_code
        if code and "short_name" not in errors:
            for other in others.filter(Q(short_name__iexact=code) | Q(slug__iexact=code)):
                if other.reference_code == code:
                    errors["short_name"] = (
                        f"{other.name} ({other.partnership}) already uses {code} in its "
                        "references: give this body another short name."
                    )
                    break
        if errors:
            raise ValidationError(errors)

    @property
    def reference_code(self) -> str:
        return (self.short_name or self.slug).upper()

    @property
    def is_joint(self) -> bool:
        """Whether this body serves more than its own partnership (read from a prefetch of
        `also_reports_to` where a page lists many)."""
        return any(
            parent.partnership_id != self.partnership_id for parent in self.also_reports_to.all()
        )


class SeatType(models.TextChoices):
    STATUTORY_PARTNER = "statutory_partner", "Statutory partner"
    INDEPENDENT = "independent", "Independent"
    LAY = "lay", "Lay member"
    ADVISER = "adviser", "Adviser"
    PARTICIPANT_OBSERVER = "participant_observer", "Participant observer"
    CO_OPTED = "co_opted", "Co-opted"


class Seat(models.Model):
    """A standing place on a body for an agency ("Police — Director level"). Seats outlive the
    people who fill them, so a successor takes the same seat."""

    body = ParentalKey(Body, on_delete=models.CASCADE, related_name="seats")
    title = models.CharField(max_length=200)
    seat_type = models.CharField(
        max_length=30, choices=SeatType.choices, default=SeatType.STATUTORY_PARTNER
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    seniority_note = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("seat_type")]),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("seniority_note"), FieldPanel("active")]),
    ]

    class Meta:
        ordering = ["sort_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="seat_title_unique_per_body",
                violation_error_message="This body already has a seat with this title.",
            )
        ]

    def __str__(self):
        return f"{self.body}: {self.title}"
