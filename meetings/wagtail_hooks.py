from wagtail import hooks
from wagtail.permissions import register_permission_policy

import meetings.access_log.hooks  # noqa: F401 - registers the access log's admin
import meetings.notes.hooks  # noqa: F401 - offers the notes section of /my/
from meetings.admin_agenda import AgendaItemPermissionPolicy, AgendaItemViewSet
from meetings.choosers import agenda_item_chooser, meeting_chooser
from meetings.models import (
    AccessLogEntry,
    AgendaItem,
    AgendaVersion,
    Attendance,
    Meeting,
    MeetingSeries,
    Paper,
    PaperVersion,
)
from meetings.viewsets import MeetingsViewSetGroup, ReadOnlyPermissionPolicy
from membership.partnerships import register_admin_scopes

register_admin_scopes(
    {
        Meeting: "body",
        MeetingSeries: "body",
        AgendaItem: "meeting__body",
        AgendaVersion: "meeting__body",
        Attendance: "meeting__body",
        AccessLogEntry: "meeting__body",
        Paper: "agenda_item__meeting__body",
        PaperVersion: "paper__agenda_item__meeting__body",
    }
)

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
