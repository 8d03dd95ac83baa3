"""The agenda in the admin, edited as a list: the meeting's page lists its items (drag to
reorder, add one, open one), and each item has a form of its own. Sixty items as inline
forms made a page of megabytes; a list is a few kilobytes whatever the agenda's length.

Every write goes through meetings.services, which number the agenda and keep history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column, Table, TitleColumn
from wagtail.admin.ui.tables.orderable import OrderableTableMixin
from wagtail.admin.views import generic
from wagtail.admin.views.generic import ReorderView
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_views import (
    ServiceCreateView,
    ServiceEditView,
    TrackedModelViewSet,
    add_validation_errors,
)
from meetings import services
from meetings.admin_forms import AgendaItemAdminForm
from meetings.models import AgendaItem, Meeting

ITEMS_URL = "agenda_item"


def agenda_items_for_editor(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in agenda order, with what the list shows, in one query."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .annotate(paper_count=Count("papers"))
        .order_by("sort_order", "pk")
    )


class AgendaTable(OrderableTableMixin, Table):
    pass


class AddPaperColumn(TitleColumn):
    """ "Add a paper" on each item: the paper's form opens with its meeting and item set,
    rather than asking the clerk to find the item among every meeting's."""

    def __init__(self):
        super().__init__(
            "add_paper",
            label="",
            accessor=lambda item: "Add a paper",
            get_url=lambda item: reverse("paper:add") + f"?agenda_item={item.pk}",
            width="12%",
        )

    def get_link_attrs(self, instance, parent_context):
        return {"aria-label": f"Add a paper to item {instance}"}


class AgendaPanel(Panel):
    """The meeting's agenda as a list, on the meeting's edit page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "meetings/admin/agenda_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["request"] = self.request
            meeting = self.instance
            if not meeting.pk:
                return context
            items = agenda_items_for_editor(meeting)
            edit = lambda item: reverse(f"{ITEMS_URL}:edit", args=(quote(item.pk),))  # noqa: E731
            columns = [
                Column("number", label="No.", width="8%"),
                TitleColumn("title", label="Title", get_url=edit),
                Column("presenter", label="Presenter"),
                Column("purpose", label="Purpose", accessor="get_purpose_display"),
                BooleanColumn("restricted", label="Restricted", accessor="is_restricted"),
                Column("paper_count", label="Papers", width="8%"),
            ]
            if self.request.user.has_perm("meetings.add_paper"):
                columns.append(AddPaperColumn())
            context["table"] = AgendaTable(
                columns,
                items,
                sort_order_field="sort_order",
                reorder_url=reverse(f"{ITEMS_URL}:reorder", args=(999999,)),
            )
            context["add_url"] = reverse(f"{ITEMS_URL}:add") + f"?meeting={meeting.pk}"
            return context


class AgendaItemPermissionPolicy(ModelPermissionPolicy):
    """An item is part of its meeting's agenda: whoever may change the meeting may add,
    change and remove its items (as the inline agenda allowed)."""

    def user_has_permission(self, user, action):
        meetings = ModelPermissionPolicy(Meeting)
        if action == "view":
            return meetings.user_has_any_permission(user, ["view", "change"])
        return meetings.user_has_permission(user, "change")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return ModelPermissionPolicy(Meeting).users_with_any_permission(["change"])


ITEM_FIELDS = [
    FieldRowPanel([FieldPanel("title"), FieldPanel("parent")]),
    FieldRowPanel(
        [FieldPanel("purpose"), FieldPanel("presenter"), FieldPanel("minutes_allocated")]
    ),
    FieldPanel("description"),
    FieldPanel("is_restricted"),
]


def _save_item(*, actor, instance):
    changes = {name: getattr(instance, name) for name in services.agenda.EDITABLE_ITEM_FIELDS}
    if instance.pk is None:
        item = services.agenda_item_add(actor=actor, meeting=instance.meeting, **changes)
        instance.pk = item.pk
        instance._state.adding = False
        return item
    return services.agenda_item_update(actor=actor, item=instance, **changes)


class _BackToMeeting:
    """An item's pages lead back to its meeting's, where the agenda is listed."""

    def meeting_url(self, meeting_id) -> str:
        return reverse("meeting:edit", args=(meeting_id,))

    def get_success_url(self):
        return self.meeting_url(self.object.meeting_id)


class AgendaItemCreateView(_BackToMeeting, ServiceCreateView):
    """Adds an item at the end of the agenda of the meeting named by ?meeting=<id>."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.form_meeting = get_object_or_404(Meeting, pk=request.GET.get("meeting") or 0)

    def get_initial_form_instance(self):
        return AgendaItem(meeting=self.form_meeting)

    def get_add_url(self):
        return super().get_add_url() + f"?meeting={self.form_meeting.pk}"


class AgendaItemEditView(_BackToMeeting, ServiceEditView):
    pass


class AgendaItemDeleteView(_BackToMeeting, generic.DeleteView):
    """Removes an item through meetings.services.agenda_item_remove, which refuses to lose
    its papers, sub-items or the records that name it."""

    def get_success_url(self):
        return self.meeting_url(self.object.meeting_id)

    def form_valid(self, form):
        meeting_id = self.object.meeting_id
        try:
            services.agenda_item_remove(actor=self.request.user, item=self.object)
        except ValidationError as refusal:
            add_validation_errors(form, refusal)
            for message in refusal.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, f"“{self.object.title}” removed from the agenda.")
        return HttpResponseRedirect(self.meeting_url(meeting_id))


class AgendaItemReorderView(ReorderView):
    """Drag and drop in the meeting's agenda list: the moved item goes to `position` and
    meetings.services.agenda_items_reorder renumbers the agenda, with history."""

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(AgendaItem, pk=unquote(str(kwargs.get("pk"))))
        order = list(
            AgendaItem.objects.filter(meeting_id=item.meeting_id)
            .order_by("sort_order", "pk")
            .values_list("pk", flat=True)
        )
        try:
            position = int(request.GET.get("position", ""))
        except ValueError:
            position = len(order) - 1
        order.remove(item.pk)
        order.insert(max(0, min(position, len(order))), item.pk)
        services.agenda_items_reorder(
            actor=request.user, meeting=item.meeting, order=order, reason="Agenda reordered"
        )
        return HttpResponse(status=200)


class AgendaItemViewSet(TrackedModelViewSet):
    """Each agenda item's own form, reached from its meeting's page (no menu entry)."""

    model = AgendaItem
    name = ITEMS_URL
    icon = "list-ol"
    add_to_admin_menu = False
    save_service = _save_item
    add_view_class = AgendaItemCreateView
    edit_view_class = AgendaItemEditView
    delete_view_class = AgendaItemDeleteView
    reorder_view_class = AgendaItemReorderView
    sort_order_field = "sort_order"
    list_display = ["number", "title", "meeting", "presenter", "is_restricted"]
    search_fields = ["title", "meeting__title"]
    ordering = ["-meeting__start", "sort_order"]
    edit_handler = ObjectList(ITEM_FIELDS, base_form_class=AgendaItemAdminForm)

    list_select_related = ("meeting", "presenter")

    def get_index_view_kwargs(self, **kwargs):
        # Items are reordered within their meeting, on the meeting's page, never across
        # the listing of every meeting's items.
        return {**super().get_index_view_kwargs(**kwargs), "reorder_url_name": None}
