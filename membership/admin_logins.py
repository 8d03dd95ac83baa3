"""The business unit manages members' logins from a person's admin page and the people
listing: invite to sign in, send the invitation again, deactivate and reactivate. Each
button opens a page that says what will happen, with a button to do it; the change goes
through membership.services, which checks who asks and records it on the person's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from core.admin_views import ServiceEditView, WordSearchIndexView
from core.roles import is_business_unit
from membership import services
from membership.logins import LoginState, invitation_days, login_state
from membership.models import Person


@dataclass(frozen=True)
class LoginAction:
    label: str
    icon: str
    service: Callable
    # What the confirmation page says, and what the business unit is told once it is done.
    explains: str
    done: str


ACTIONS = {
    "invite": LoginAction(
        "Invite to sign in",
        "mail",
        services.person_invite,
        "{person} gets a login with the username {email}, and an email with a link to "
        "choose its password. The link works once, for {days} day{days_s}.",
        "{person} has been invited to sign in: the email goes to {email}.",
    ),
    "resend": LoginAction(
        "Resend invitation",
        "mail",
        services.person_invitation_resend,
        "{person} gets a new email with a new link to choose their password, working for "
        "{days} day{days_s}. The links sent before stop working.",
        "A new invitation has been sent to {email}.",
    ),
    "deactivate": LoginAction(
        "Deactivate login",
        "lock",
        services.person_login_deactivate,
        "{person} can no longer sign in, from their next page. Their record, their terms "
        "and their history stay as they are; you can reactivate the login later.",
        "{person}'s login is deactivated.",
    ),
    "reactivate": LoginAction(
        "Reactivate login",
        "lock-open",
        services.person_login_reactivate,
        "{person} can sign in again with the password they had. If they never chose one, "
        "send their invitation again once the login is active.",
        "{person}'s login is active again.",
    ),
}

ACTIONS_BY_STATE = {
    LoginState.NONE: ("invite",),
    LoginState.INVITED: ("resend", "deactivate"),
    LoginState.ACTIVE: ("deactivate",),
    LoginState.DEACTIVATED: ("reactivate",),
}


def login_buttons(person: Person, url_name: str, user) -> list[Button]:
    if not is_business_unit(user):
        return []
    return [
        Button(
            ACTIONS[action].label,
            url=reverse(url_name, args=(quote(person.pk), action)),
            icon_name=ACTIONS[action].icon,
            priority=50 + number,
        )
        for number, action in enumerate(ACTIONS_BY_STATE[login_state(person)])
    ]


login_column = Column("login", label="Login", accessor=lambda person: login_state(person).label)


class PersonIndexView(WordSearchIndexView):
    login_action_url_name: str = ""

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *login_buttons(instance, self.login_action_url_name, self.request.user),
        ]


class PersonEditView(ServiceEditView):
    login_action_url_name: str = ""

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *login_buttons(self.object, self.login_action_url_name, self.request.user),
        ]


class PersonLoginActionView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm one action on a person's login (GET), then take it (POST)."""

    template_name = "membership/admin/login_action.html"
    header_icon = "user"
    edit_url_name = ""
    index_url_name = ""

    def dispatch(self, request, *args, pk, action, **kwargs):
        if action not in ACTIONS:
            raise Http404("No such action")
        # A plain 403, not the admin's redirect home: only someone crafting the request
        # gets here, since only the business unit is shown the buttons.
        if not is_business_unit(request.user):
            return permission_denied(request, PermissionDenied())
        self.person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
        self.action = ACTIONS[action]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "People"},
            {"url": self.edit_url, "label": str(self.person)},
            {"url": "", "label": self.action.label},
        ]

    @property
    def edit_url(self) -> str:
        return reverse(self.edit_url_name, args=(quote(self.person.pk),))

    def _words(self, text: str) -> str:
        days = invitation_days()
        return text.format(
            person=self.person,
            email=self.person.email.strip().lower() or "(no address)",
            days=days,
            days_s="" if days == 1 else "s",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            person=self.person,
            action=self.action,
            explains=self._words(self.action.explains),
            state=login_state(self.person),
            edit_url=self.edit_url,
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            self.action.service(actor=request.user, person=self.person)
        except PermissionDenied:
            return permission_denied(request, PermissionDenied())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.edit_url)
        self.person.refresh_from_db()
        messages.success(request, self._words(self.action.done))
        return redirect(self.edit_url)
