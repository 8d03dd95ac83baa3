"""Registers the access log's admin listing and its read-only permission policy. Imported by
meetings.wagtail_hooks, which Wagtail loads."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from meetings.access_log.viewsets import AccessLogPermissionPolicy, AccessLogViewSet
from meetings.models import AccessLogEntry

register_permission_policy(AccessLogEntry, AccessLogPermissionPolicy(AccessLogEntry))


@hooks.register("register_admin_viewset")
def register_access_log_viewset():
    return AccessLogViewSet()
