from wagtail import hooks
from wagtail.permissions import register_permission_policy

import meetings.access_log.hooks  # noqa: F401 - registers the access log's admin
from meetings.models import PaperVersion
from meetings.viewsets import MeetingsViewSetGroup, ReadOnlyPermissionPolicy

register_permission_policy(PaperVersion, ReadOnlyPermissionPolicy(PaperVersion))


@hooks.register("register_admin_viewset")
def register_meetings_viewsets():
    return MeetingsViewSetGroup()
