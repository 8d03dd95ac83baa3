"""The access log in the Wagtail admin: a read-only listing for the business unit, filtered
by board or group, user and date, with each entry's details and an export."""

from __future__ import annotations

import django_filters

from django.contrib.auth.models import User
from django.utils import timezone

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_scope import scope_queryset
from core.admin_views import ScopedViewSetMixin
from meetings.models import AccessLogEntry
from membership.models import Body


class AccessLogPermissionPolicy(ModelPermissionPolicy):
    """The log is read in the admin, never written: add, change and delete are refused to
    everyone, superusers included; `view` is the model's only permission."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)


def _users_in_the_log(request):
    """Those who opened something the user's own partnerships hold: another partnership's
    readers are not named."""
    entries = scope_queryset(request, AccessLogEntry.objects.filter(user__isnull=False))
    return User.objects.filter(pk__in=entries.values("user_id")).order_by("username")


class AccessLogFilterSet(WagtailFilterSet):
    body = django_filters.ModelChoiceFilter(
        field_name="meeting__body",
        queryset=Body.objects.order_by("name"),
        label="Board or group",
    )
    user = django_filters.ModelChoiceFilter(queryset=_users_in_the_log, label="User")
    opened_at = django_filters.DateFromToRangeFilter(
        label="Date opened", widget=DateRangePickerWidget
    )
    restricted = django_filters.BooleanFilter(
        label="Restricted material", widget=BooleanRadioSelect
    )

    class Meta:
        model = AccessLogEntry
        fields = ["body", "user", "opened_at", "restricted"]


class AccessLogIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Each row names its user, meeting and paper: loaded with the page, not per row.
        return (
            super()
            .get_base_queryset()
            .select_related("user", "meeting__body", "paper_version__paper")
        )


def _opened_at(entry: AccessLogEntry) -> str:
    return f"{timezone.localtime(entry.opened_at):%-d %B %Y, %H:%M:%S}"


def _who(entry: AccessLogEntry) -> str:
    return entry.user.get_username() if entry.user_id else "Not signed in"


class AccessLogViewSet(ScopedViewSetMixin, ModelViewSet):
    model = AccessLogEntry
    icon = "list-ul"
    menu_label = "Access log"
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = AccessLogIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "opened_at",
        "user",
        "meeting",
        "paper_version",
        "pack_view",
        "restricted",
        "ip_address",
        "user_agent",
    ]
    list_display = [
        "what",
        Column("opened_at", label="Opened at", accessor=_opened_at, sort_key="opened_at"),
        Column("user", label="User", accessor=_who, sort_key="user__username"),
        Column("body", label="Board or group", accessor="meeting.body.name"),
        BooleanColumn("restricted", label="Restricted"),
        "ip_address",
    ]
    list_export = ["opened_at", "user", "meeting", "what", "restricted", "ip_address", "user_agent"]
    filterset_class = AccessLogFilterSet
    ordering = ["-opened_at", "-pk"]
    list_per_page = 50
    # Never used (no one may add or change), but a ModelViewSet needs to know its form.
    form_fields = ["user_agent"]
