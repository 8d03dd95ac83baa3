"""Partnerships and a body's place among them in the admin.

A business unit edits its own partnership (name, logo, contact, board); adding one makes a
site, pages and a group as well, so it is a superuser's, through
`manage.py add_partnership` (cms.partnerships.create_partnership), not an admin form."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_views import TrackedModelViewSet
from core.roles import is_business_unit
from membership import services
from membership.models import Body, BodyKind, Partnership
from membership.partnerships import managed_body_ids, managed_partnership_ids, manages


class PartnershipPermissionPolicy(ModelPermissionPolicy):
    """Its business unit views and changes a partnership (the listing holds only theirs);
    nobody adds or deletes one here."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and is_business_unit(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and manages(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)


class PartnershipAdminForm(WagtailAdminModelForm):
    """The board is one of the partnership's own bodies."""

    unscoped_fields = ("board",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "board" in self.fields:
            self.fields["board"].queryset = Body.objects.filter(partnership=self.instance.pk)


def _save_partnership(*, actor, instance):
    return services.partnership_save(actor=actor, partnership=instance)


class PartnershipViewSet(TrackedModelViewSet):
    model = Partnership
    icon = "home"
    menu_label = "Partnerships"
    menu_order = 50
    save_service = _save_partnership
    list_display = ["name", "code", "board", "contact_email"]
    list_select_related = ("board",)
    search_fields = ["name", "code"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("board"),
            FieldPanel("logo"),
            FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            FieldPanel("address"),
        ],
        base_form_class=PartnershipAdminForm,
    )


REPORTING_KINDS = (BodyKind.BOARD, BodyKind.EXECUTIVE)


class ManagedPartnershipForm(WagtailAdminModelForm):
    """A record's partnership is one the user runs, set for them when they run just one (a
    blank one would otherwise fall to the default partnership, out of their sight)."""

    unscoped_fields: tuple[str, ...] = ("partnership",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.single_partnership = None
        field = self.fields.get("partnership")
        user = getattr(self, "for_user", None)
        if field is None or user is None or user.is_superuser:
            return
        managed = managed_partnership_ids(user)
        if not managed:
            # Not in a business unit: the record falls to the default partnership (save()).
            return
        # A joint body run by a partnership this user does not run keeps its owner.
        kept = {self.instance.partnership_id} - {None} if self.instance.pk else set()
        field.queryset = Partnership.objects.filter(pk__in=managed | kept)
        field.error_messages["invalid_choice"] = (
            "That partnership is not one you run: choose one of your own."
        )
        if len(managed) == 1 and not self.instance.pk:
            # Shown, so the clerk sees whose record it becomes, but not sent by the browser.
            (self.single_partnership,) = managed
            field.initial = self.single_partnership
            field.disabled = True

    def clean_partnership(self):
        partnership = self.cleaned_data.get("partnership")
        if partnership is not None:
            return partnership
        if self.single_partnership is not None:
            return Partnership.objects.get(pk=self.single_partnership)
        user = getattr(self, "for_user", None)
        if user is not None and not user.is_superuser and not self.instance.pk:
            raise forms.ValidationError("Choose the partnership this record belongs to.")
        return partnership


class BodyAdminForm(ManagedPartnershipForm):
    """A joint body reports to boards of other partnerships, and a body links to others'
    boards: those are links, not access, so they offer every partnership's boards."""

    unscoped_fields = ("partnership", "also_reports_to", "related_bodies")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every partnership's boards, and any of the user's own bodies (a joint committee
        # of theirs may report to another of theirs).
        user = getattr(self, "for_user", None)
        reachable = Q(kind__in=REPORTING_KINDS)
        if user is None or user.is_superuser:
            reachable = Q()
        else:
            reachable |= Q(pk__in=managed_body_ids(user))
        boards = (
            Body.objects.filter(reachable)
            .exclude(pk=self.instance.pk)
            .select_related("partnership")
            .order_by("partnership__sort_order", "partnership__name", "name")
        )
        for name in ("also_reports_to", "related_bodies"):
            if name in self.fields:
                self.fields[name].queryset = boards
                self.fields[name].label_from_instance = _board_label


def _board_label(body: Body) -> str:
    return f"{body.name} ({body.partnership.name})"
