from wagtail import hooks
from wagtail.permissions import register_permission_policy

from meetings.models import PaperVersion
from meetings.viewsets import MeetingsViewSetGroup, ReadOnlyPermissionPolicy

register_permission_policy(PaperVersion, ReadOnlyPermissionPolicy(PaperVersion))


@hooks.register("register_admin_viewset")
def register_meetings_viewsets():
    return MeetingsViewSetGroup()
