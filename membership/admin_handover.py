"""Handing a seat to its next holder in one step, from the seat's admin page: the outgoing
term ends the day before the incoming one starts (membership.services.hand_over_seat)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView

from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateInput

from core.dates import long_date
from core.errors import add_validation_errors
from membership import selectors, services
from membership.choosers import organisation_chooser, person_chooser
from membership.models import Organisation, Person, Role, RoleType, Seat


class SeatHandoverForm(forms.Form):
    incoming_person = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        label="Incoming holder",
        widget=person_chooser.widget_class(),
    )
    on_date = forms.DateField(
        label="Takes the seat on",
        help_text="The outgoing holder's term ends the day before.",
        widget=AdminDateInput(),
    )
    role = forms.ModelChoiceField(
        queryset=RoleType.objects.filter(holds_seat=True),
        to_field_name="key",
        initial=Role.MEMBER,
        empty_label=None,
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="On behalf of",
        help_text="Leave blank for the seat's own agency.",
        widget=organisation_chooser.widget_class(),
    )
    job_title = forms.CharField(max_length=200, required=False, help_text="As it is now.")
    reason = forms.CharField(
        max_length=200, required=False, help_text="Kept in the history of both terms."
    )


class SeatHandoverView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, FormView
):
    """Shows who holds the seat today and asks who takes it over, and on which day."""

    model = Seat
    permission_required = "change"
    template_name = "membership/admin/seat_handover.html"
    form_class = SeatHandoverForm
    header_icon = "group"

    def get_object(self, queryset=None):
        return Seat.objects.select_related("body").get(pk=self.kwargs["pk"])

    def get_page_title(self):
        return "Hand over seat"

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            object=self.object,
            today=today,
            holders=selectors.seat_holders_on(self.object, today),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            incoming = services.hand_over_seat(
                actor=self.request.user,
                seat=self.object,
                incoming_person=data["incoming_person"],
                on_date=data["on_date"],
                role=data["role"].key,
                organisation=data["organisation"],
                job_title=data["job_title"],
                reason=data["reason"],
            )
        except ValidationError as refusal:
            add_validation_errors(form, refusal)
            return self.form_invalid(form)
        day_before = incoming.start_date - datetime.timedelta(days=1)
        messages.success(
            self.request,
            f"{incoming.person} holds “{self.object.title}” from "
            f"{long_date(incoming.start_date)}; any previous holder's term ends on "
            f"{long_date(day_before)}.",
        )
        return redirect("body:edit", self.object.body_id)
