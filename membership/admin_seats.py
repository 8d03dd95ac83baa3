"""A body's seats and representation requirements in the admin, as lists on the body's page,
each opening a form of its own. As inline forms, every seat carried its own selects, so a
body's page grew with its seats.

Every write goes through membership.services, which lock the body and keep history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column, Table, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from core.admin_views import ServiceCreateView, ServiceEditView, TrackedModelViewSet
from membership import services
from membership.admin_handover import SeatHandoverView
from membership.models import Body, RepresentationRequirement, Seat

SEATS_URL = "seat"
REQUIREMENTS_URL = "requirement"


def seat_list_for_body(body: Body) -> list[Seat]:
    return list(body.seats.select_related("sector", "organisation"))


def requirement_list_for_body(body: Body) -> list[RepresentationRequirement]:
    return list(body.requirements.select_related("sector"))


class _BodyListPanel(Panel):
    """One kind of a body's records as a table, each row linking to its own form."""

    url_name = ""
    add_label = ""
    empty_text = ""

    class BoundPanel(Panel.BoundPanel):
        template_name = "membership/admin/body_list_panel.html"

        def columns(self, edit):
            raise NotImplementedError

        def rows(self, body):
            raise NotImplementedError

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["request"] = self.request
            body = self.instance
            if not body.pk:
                return context
            url_name = self.panel.url_name
            edit = lambda row: reverse(f"{url_name}:edit", args=(quote(row.pk),))  # noqa: E731
            context["table"] = Table(self.columns(edit), self.rows(body))
            context["add_url"] = reverse(f"{url_name}:add") + f"?body={body.pk}"
            context["add_label"] = self.panel.add_label
            context["empty_text"] = self.panel.empty_text
            return context


class SeatsPanel(_BodyListPanel):
    url_name = SEATS_URL
    add_label = "Add a seat"
    empty_text = "This body has no seats."

    class BoundPanel(_BodyListPanel.BoundPanel):
        def columns(self, edit):
            handover = lambda seat: reverse(f"{SEATS_URL}:handover", args=(seat.pk,))  # noqa: E731
            return [
                TitleColumn("title", label="Seat", get_url=edit),
                Column("seat_type", label="Type", accessor="get_seat_type_display"),
                Column("sector", label="Sector"),
                Column("organisation", label="Organisation"),
                Column("seniority_note", label="Seniority"),
                BooleanColumn("active", label="Active"),
                # The link names its seat: a list of bare "Hand over" links reads as one.
                TitleColumn(
                    "handover",
                    label="Next holder",
                    accessor=lambda seat: f"Hand over {seat.title}",
                    get_url=handover,
                ),
            ]

        def rows(self, body):
            return seat_list_for_body(body)


class RequirementsPanel(_BodyListPanel):
    url_name = REQUIREMENTS_URL
    add_label = "Add a requirement"
    empty_text = "This body has no representation requirements."

    class BoundPanel(_BodyListPanel.BoundPanel):
        def columns(self, edit):
            return [
                TitleColumn("sector", label="Sector", get_url=edit),
                Column("minimum", label="At least"),
                Column("seniority_note", label="Seniority"),
            ]

        def rows(self, body):
            return requirement_list_for_body(body)


class _BackToBody:
    """A seat's or requirement's pages lead back to its body's, where they are listed."""

    def get_success_url(self):
        return reverse("body:edit", args=(self.object.body_id,))


class _BodyChildCreateView(_BackToBody, ServiceCreateView):
    """?body=<id> fills in the body, as the body's page links here."""

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("body"):
            initial["body"] = get_object_or_404(Body, pk=self.request.GET["body"])
        return initial

    def get_add_url(self):
        query = self.request.GET.urlencode()
        return super().get_add_url() + (f"?{query}" if query else "")


class _BodyChildEditView(_BackToBody, ServiceEditView):
    pass


class _BodyChildDeleteView(generic.DeleteView):
    """Removing a seat or requirement is part of changing its body (the business unit may
    change bodies but deletes nothing else), and goes through the service, which may refuse."""

    permission_required = "change"
    remove_service = None

    def get_success_url(self):
        return reverse("body:edit", args=(self.object.body_id,))

    def delete_action(self):
        type(self).remove_service(actor=self.request.user, **{self.service_arg: self.object})

    def form_valid(self, form):
        # The service decides, not Wagtail's usage check: a held seat is protected by its
        # terms, and the clerk is told why rather than refused without a word.
        success_url = self.get_success_url()
        try:
            self.delete_action()
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(success_url)


class SeatDeleteView(_BodyChildDeleteView):
    remove_service = services.seat_remove
    service_arg = "seat"


class RequirementDeleteView(_BodyChildDeleteView):
    remove_service = services.requirement_remove
    service_arg = "requirement"


def _save_seat(*, actor, instance):
    return services.seat_save(actor=actor, seat=instance)


def _save_requirement(*, actor, instance):
    return services.requirement_save(actor=actor, requirement=instance)


class _BodyChildViewSet(TrackedModelViewSet):
    """Reached from its body's page, not the menu."""

    add_to_admin_menu = False
    add_view_class = _BodyChildCreateView
    edit_view_class = _BodyChildEditView
    list_select_related = ("body",)


class SeatEditView(_BodyChildEditView):
    """A seat's page offers the handover of the seat to its next holder."""

    handover_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.handover_url_name:
            buttons.append(
                HeaderButton(
                    "Hand over seat",
                    url=reverse(self.handover_url_name, args=(self.object.pk,)),
                    icon_name="user",
                    priority=5,
                )
            )
        return buttons


class SeatViewSet(_BodyChildViewSet):
    model = Seat
    name = SEATS_URL
    icon = "group"
    save_service = _save_seat
    edit_view_class = SeatEditView
    delete_view_class = SeatDeleteView
    list_display = [TitleColumn("title", label="Seat", url_name=f"{SEATS_URL}:edit"), "body"]
    list_filter = ["body"]
    search_fields = ["title", "body__name"]
    ordering = ["body__name", "sort_order", "title"]
    edit_handler = ObjectList(
        [
            FieldPanel("body"),
            FieldRowPanel([FieldPanel("title"), FieldPanel("seat_type")]),
            FieldRowPanel([FieldPanel("sector"), FieldPanel("organisation")]),
            FieldRowPanel([FieldPanel("seniority_note"), FieldPanel("active")]),
            FieldPanel("sort_order"),
        ]
    )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            handover_url_name=self.get_url_name("handover"), **kwargs
        )

    @property
    def handover_view(self):
        return self.construct_view(SeatHandoverView, header_icon="group")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("handover/<int:pk>/", self.handover_view, name="handover"),
        ]


class RequirementViewSet(_BodyChildViewSet):
    model = RepresentationRequirement
    name = REQUIREMENTS_URL
    icon = "list-ul"
    save_service = _save_requirement
    delete_view_class = RequirementDeleteView
    list_display = [
        TitleColumn("sector", label="Sector", url_name=f"{REQUIREMENTS_URL}:edit"),
        "body",
        "minimum",
    ]
    list_select_related = ("body", "sector")
    list_filter = ["body"]
    search_fields = ["sector__name", "body__name"]
    ordering = ["body__name", "sector__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("body"),
            FieldRowPanel([FieldPanel("sector"), FieldPanel("minimum")]),
            FieldPanel("seniority_note"),
        ]
    )
