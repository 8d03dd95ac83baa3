"""The business unit's page of paused sign-ins (django-axes): who is paused, since when, and a
button to lift the pause at once (as `manage.py axes_reset_username USERNAME` does)."""

from __future__ import annotations

import logging

from axes.utils import reset

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.roles import is_business_unit
from core.sign_in_limits import pauses

logger = logging.getLogger(__name__)


class SignInPausesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/sign_in_pauses.html"
    page_title = "Paused sign-ins"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not is_business_unit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["paused"] = pauses()
        context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if username and reset(username=username):
            logger.info("%s lifted the sign-in pause for %r", request.user, username)
            messages.success(request, f"{username} can sign in again.")
        else:
            messages.error(request, f"Sign-in was not paused for {username or 'that username'}.")
        return redirect(request.path)


class _PausesMenuItem(MenuItem):
    def is_shown(self, request):
        return is_business_unit(request.user)


class SignInPausesViewSet(ViewSet):
    """A page of its own under Settings, for the business unit."""

    name = "sign-in-pauses"
    icon = "lock"
    menu_label = "Paused sign-ins"
    add_to_settings_menu = True
    menu_item_class = _PausesMenuItem

    def get_urlpatterns(self):
        return [path("", SignInPausesView.as_view(), name="index")]
