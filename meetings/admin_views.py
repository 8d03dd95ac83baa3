"""Admin views of the meetings app beyond create and edit: publishing an agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from core.errors import add_validation_errors
from meetings import selectors, services
from meetings.forms import PublishAgendaForm
from meetings.models import Meeting
from meetings.snapshots import agenda_data, compare


class PublishAgendaView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, FormView
):
    """Shows the agenda as it will go out, what changed since the last version, and asks
    for a change note; publishing calls meetings.services.agenda_publish."""

    model = Meeting
    permission_required = "change"
    template_name = "meetings/admin/publish_agenda.html"
    form_class = PublishAgendaForm
    header_icon = "upload"
    index_url_name = None
    edit_url_name = None

    def get_page_title(self):
        return "Publish agenda"

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": "Meetings"})
        if self.edit_url_name:
            items.append(
                {
                    "url": reverse(self.edit_url_name, args=(self.object.pk,)),
                    "label": str(self.object),
                }
            )
        items.append({"url": "", "label": "Publish agenda"})
        return items

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object}

    @cached_property
    def detail(self) -> Meeting:
        return selectors.meeting_get_detail(self.object.pk, include_draft=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = agenda_data(self.detail.item_list)
        latest = self.detail.latest_version
        context.update(
            object=self.object,
            items=items,
            latest=latest,
            comparison=compare(latest.items, items) if latest else None,
            edit_url=reverse(self.edit_url_name, args=(self.object.pk,))
            if self.edit_url_name
            else None,
        )
        return context

    def form_valid(self, form):
        try:
            version = services.agenda_publish(
                actor=self.request.user,
                meeting=self.object,
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as refusal:
            add_validation_errors(form, refusal)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Agenda version {version.number} of {self.object} published."
        )
        if self.edit_url_name:
            return redirect(self.edit_url_name, self.object.pk)
        return redirect(self.object)
