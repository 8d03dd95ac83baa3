"""The Notifications menu of the Wagtail admin: what was sent to whom, what failed and why,
and the outbox. Read-only: the workers write these records and nobody else."""

from __future__ import annotations

from django.utils.html import format_html

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_views import ScopedViewSetMixin
from core.models import OutboxEvent

from . import registry
from .digest import DIGEST_KIND
from .models import SentNotification, SentStatus


def kind_label(key: str) -> str:
    if key == DIGEST_KIND:
        return "Weekly summary"
    try:
        return registry.get(key).label
    except KeyError:
        return key


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Look, never add, change or delete."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


class StatusColumn(Column):
    def get_value(self, instance):
        label = instance.get_status_display()
        if instance.status in {SentStatus.FAILED, SentStatus.RETRYING}:
            return format_html("<strong>{}</strong>", label)
        return label


class SentNotificationViewSet(ScopedViewSetMixin, ModelViewSet):
    model = SentNotification
    icon = "mail"
    menu_label = "Sent notifications"
    url_prefix = "notifications/sent"
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "subject",
        "person",
        Column("kind", label="Kind", accessor=lambda row: kind_label(row.kind)),
        StatusColumn("status", label="Status", sort_key="status"),
        "attempts",
        "updated",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "event_key", "person__family_name", "to_address"]
    ordering = ["-created"]
    inspect_view_fields = [
        "person",
        "to_address",
        "kind",
        "event_key",
        "status",
        "subject",
        "summary",
        "url",
        "digest",
        "attempts",
        "last_error",
        "created",
        "claimed_at",
        "sent_at",
    ]
    form_fields = ["status"]


class OutboxEventViewSet(ScopedViewSetMixin, ModelViewSet):
    model = OutboxEvent
    icon = "time"
    menu_label = "Outbox"
    url_prefix = "notifications/outbox"
    menu_order = 200
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["task_name", "created", "attempts", "enqueued_at", "last_error"]
    search_fields = ["task_name"]
    ordering = ["-created"]
    form_fields = ["task_name"]


class NotificationsViewSetGroup(ViewSetGroup):
    menu_label = "Notifications"
    menu_icon = "mail"
    menu_order = 250
    items = (SentNotificationViewSet, OutboxEventViewSet)
