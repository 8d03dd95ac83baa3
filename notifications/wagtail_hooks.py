from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.models import OutboxEvent

from .models import SentNotification
from .viewsets import NotificationsViewSetGroup, ViewOnlyPolicy

register_permission_policy(SentNotification, ViewOnlyPolicy(SentNotification))
register_permission_policy(OutboxEvent, ViewOnlyPolicy(OutboxEvent))


@hooks.register("register_admin_viewset")
def register_notifications_viewsets():
    return NotificationsViewSetGroup()
