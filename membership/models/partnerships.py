"""Partnerships: the boards a business unit runs, each with its bodies, public site and staff.

One installation serves several: a children's partnership, an adults' board, a committee
they share. A partnership owns its bodies (a joint body is owned by one and reports to
others), answers on its own Wagtail Site, and is run by the users of its business-unit group.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from core.history import TrackedHistory
from core.roles import BUSINESS_UNIT_GROUP

CODE_VALIDATOR = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,11}$",
    "A code is 2 to 12 capital letters or digits, starting with a letter (e.g. KSCB).",
)


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=12,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text="Short code, e.g. KSAB. New references carry it: KSAB/EXEC/2026/001.",
    )
    board = models.ForeignKey(
        "membership.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The partnership's top-level board.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    site = models.OneToOneField(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnership",
        help_text="The public site, found by its hostname.",
    )
    business_unit = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partnership",
        help_text="The group whose users run this partnership.",
    )
    # Its images and documents (a logo, a report's figures): its business unit holds
    # Wagtail's collection permissions here and nowhere else (membership.collections).
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="partnership",
    )
    is_default = models.BooleanField(
        default=False,
        help_text="Answers on any allowed hostname that no other partnership claims.",
    )
    # References made before partnerships existed carry no code and keep their addresses.
    prefix_references = models.BooleanField(default=True, editable=False)
    sort_order = models.PositiveSmallIntegerField(default=100)

    history = TrackedHistory()

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="partnership_one_default",
                violation_error_message="Another partnership is already the default.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def business_unit_group_name(self) -> str:
        return business_unit_group_name(self.code, default=self.is_default)


def business_unit_group_name(code: str, *, default: bool) -> str:
    """The default partnership's business unit is the installation's original group; each
    other partnership's is named after its code (core.roles recognises both)."""
    return BUSINESS_UNIT_GROUP if default else f"{BUSINESS_UNIT_GROUP} · {code}"


def default_partnership() -> Partnership:
    """The partnership a record belongs to when none is named: a one-board installation's
    only one. Made on first use in a database that has none (a test's emptied tables)."""
    partnership = Partnership.objects.filter(is_default=True).first()
    if partnership is None:
        group, _ = Group.objects.get_or_create(name=BUSINESS_UNIT_GROUP)
        partnership = Partnership.objects.create(
            name=getattr(settings, "WAGTAIL_SITE_NAME", "Tabled"),
            code="TABLED",
            is_default=True,
            prefix_references=False,
            business_unit=group,
        )
    return partnership


def default_partnership_id() -> int:
    return default_partnership().pk
