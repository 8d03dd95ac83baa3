"""Background work of the logs: telling people what has been asked of them."""

from celery import shared_task

from django.conf import settings
from django.core.mail import send_mail

from governance.models import Action
from membership.dates import long_date


@shared_task
def action_notify_owner(action_id: int) -> None:
    """Email an action's owner that it is theirs, with its reference and due date. Restricted
    actions are named by reference only: email leaves the system."""
    action = Action.objects.select_related("owner", "body").get(pk=action_id)
    if not action.owner.email:
        return
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    what = "a restricted action" if action.restricted else f"this action:\n\n{action.description}"
    send_mail(
        subject=f"Action {action.reference} for {action.owner.name}",
        message=(
            f"The {action.body.name} has logged {what}\n\n"
            f"Due: {long_date(action.due_date)}\n"
            f"Update it at {base}/my/actions/\n"
        ),
        from_email=None,
        recipient_list=[action.owner.email],
    )
