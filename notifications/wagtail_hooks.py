from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.admin_scope import register_scope
from core.models import OutboxEvent
from membership.models import Person
from membership.partnerships import runs_every_partnership, scope_people

from .models import SentNotification
from .viewsets import NotificationsViewSetGroup, ViewOnlyPolicy

register_permission_policy(SentNotification, ViewOnlyPolicy(SentNotification))
register_permission_policy(OutboxEvent, ViewOnlyPolicy(OutboxEvent))


def _sent_to_people_they_keep(request, queryset):
    """A business unit reads what was sent to the people its partnerships keep, never to
    another partnership's members (their addresses are in every row)."""
    return queryset.filter(person__in=scope_people(request, Person.objects.all()).values("pk"))


def _whole_outbox(request, queryset):
    """The outbox names every partnership's work: it is for whoever runs them all."""
    return queryset if runs_every_partnership(request.user) else queryset.none()


register_scope(SentNotification, _sent_to_people_they_keep)
register_scope(OutboxEvent, _whole_outbox)


@hooks.register("register_admin_viewset")
def register_notifications_viewsets():
    return NotificationsViewSetGroup()
