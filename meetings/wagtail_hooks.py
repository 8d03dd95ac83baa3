from wagtail import hooks
from wagtail.permissions import register_permission_policy

import meetings.access_log.hooks  # noqa: F401 - registers the access log's admin
from meetings.admin_agenda import AgendaItemPermissionPolicy, AgendaItemViewSet
from meetings.choosers import agenda_item_chooser, meeting_chooser
from meetings.models import AgendaItem, PaperVersion
from meetings.viewsets import MeetingsViewSetGroup, ReadOnlyPermissionPolicy

register_permission_policy(PaperVersion, ReadOnlyPermissionPolicy(PaperVersion))
register_permission_policy(AgendaItem, AgendaItemPermissionPolicy(AgendaItem))


@hooks.register("register_admin_viewset")
def register_meetings_viewsets():
    return MeetingsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_agenda_items_and_choosers():
    return [
        AgendaItemViewSet(),
        meeting_chooser,
        agenda_item_chooser,
    ]
