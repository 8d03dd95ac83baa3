"""The Meetings menu of the Wagtail admin. Every save goes through meetings.services."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_views import (
    ServiceCreateView,
    ServiceEditView,
    TrackedModelViewSet,
    WordSearchIndexView,
)
from meetings import services
from meetings.admin_agenda import AgendaPanel
from meetings.admin_forms import PaperAdminForm
from meetings.admin_views import PublishAgendaView
from meetings.models import AgendaItem, Attendance, Meeting, MeetingSeries, Paper, PaperVersion
from meetings.papers import services as paper_services


def _save_meeting(*, actor, instance):
    return services.meeting_save(actor=actor, meeting=instance)


def _create_series(*, actor, instance):
    series = services.meeting_series_create(
        actor=actor,
        body=instance.body,
        title=instance.title,
        recurrence=instance.recurrence,
        interval=instance.interval,
        weekday=instance.weekday,
        week_of_month=instance.week_of_month,
        day_of_month=instance.day_of_month,
        start_time=instance.start_time,
        end_time=instance.end_time,
        first_date=instance.first_date,
        last_date=instance.last_date,
        venue=instance.venue,
        online_link=instance.online_link,
    )
    instance.pk = series.pk
    instance._state.adding = False
    return series


def _rename_series(*, actor, instance):
    return services.meeting_series_rename(actor=actor, series=instance)


def _save_attendance(*, actor, instance):
    return services.attendance_save(actor=actor, attendance=instance)


def _save_paper(*, actor, instance, file=None, note=""):
    """Table a new paper with its first version, or save a paper's details and add the
    uploaded file as its next version. Both check the file before storing anything."""
    if instance.pk is None:
        paper = paper_services.paper_create(
            actor=actor,
            agenda_item=instance.agenda_item,
            title=instance.title,
            is_restricted=instance.is_restricted,
            file=file,
            note=note,
        )
        instance.pk = paper.pk
        instance._state.adding = False
        return paper
    paper = services.paper_save(actor=actor, paper=instance)
    if file is not None:
        version = paper_services.paper_upload(actor=actor, paper=paper, file=file, note=note)
        paper.removed_content = version.removed_content
    return paper


class PaperFileMixin:
    def get_service_kwargs(self):
        return {
            "file": self.form.cleaned_data.get("file"),
            "note": self.form.cleaned_data.get("version_note", ""),
        }

    def save_instance(self):
        instance = super().save_instance()
        removed = getattr(instance, "removed_content", ())
        if removed:
            messages.warning(
                self.request,
                "Tabled removed " + ", ".join(removed) + " from this PDF before storing it, "
                "so that it cannot run anything on a reader's computer. The pages are "
                "unchanged; check the stored file reads as you expect.",
            )
        return instance


class PaperCreateView(PaperFileMixin, ServiceCreateView):
    """?agenda_item=<id> (the "Add a paper" link of an item in the agenda editor) fills in
    the item and its meeting; ?meeting=<id> the meeting alone."""

    def get_initial(self):
        initial = super().get_initial()
        item_id, meeting_id = self.request.GET.get("agenda_item"), self.request.GET.get("meeting")
        if item_id:
            item = get_object_or_404(AgendaItem, pk=item_id if item_id.isdigit() else 0)
            initial.update(agenda_item=item.pk, meeting=item.meeting_id)
        elif meeting_id:
            initial["meeting"] = get_object_or_404(
                Meeting, pk=meeting_id if meeting_id.isdigit() else 0
            ).pk
        return initial

    def get_add_url(self):
        query = self.request.GET.urlencode()
        return super().get_add_url() + (f"?{query}" if query else "")


class PaperEditView(PaperFileMixin, ServiceEditView):
    pass


# ---------------------------------------------------------------------------
# Meetings, with the agenda listed (meetings.admin_agenda) and a "Publish agenda" step
# ---------------------------------------------------------------------------
class MeetingIndexView(WordSearchIndexView):
    publish_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.publish_url_name and self.user_has_permission_for_instance("change", instance):
            buttons.append(
                MenuItem(
                    "Publish agenda",
                    url=reverse(self.publish_url_name, args=(instance.pk,)),
                    icon_name="upload",
                    priority=15,
                )
            )
        return buttons


class MeetingEditView(ServiceEditView):
    publish_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.publish_url_name:
            buttons.append(
                HeaderButton(
                    "Publish agenda",
                    url=reverse(self.publish_url_name, args=(self.object.pk,)),
                    icon_name="upload",
                    priority=5,
                )
            )
        return buttons


class MeetingViewSet(TrackedModelViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Meetings"
    menu_order = 100
    save_service = _save_meeting
    history_related = ("agenda_items",)
    index_view_class = MeetingIndexView
    edit_view_class = MeetingEditView
    list_display = [
        "title",
        Column("start", label="Date and time", sort_key="start"),
        "body",
        "status",
    ]
    list_filter = ["body", "status"]
    list_select_related = ("body",)
    search_fields = ["title", "venue"]
    ordering = ["-start"]
    edit_handler = ObjectList([*Meeting.panels, AgendaPanel(heading="Agenda")])

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            publish_url_name=self.get_url_name("publish"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        # The agenda's items are saved from their own forms: a reorder or an item added
        # while this form is open does not make the meeting's own fields stale.
        return {
            **super().get_edit_view_kwargs(publish_url_name=self.get_url_name("publish"), **kwargs),
            "history_related": (),
        }

    @property
    def publish_view(self):
        return self.construct_view(
            PublishAgendaView,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            header_icon="upload",
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", self.publish_view, name="publish"),
        ]


# ---------------------------------------------------------------------------
# Series: creating one makes its meetings; afterwards only its name changes
# ---------------------------------------------------------------------------
class SeriesEditView(ServiceEditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.save_service = _rename_series

    def get_form_class(self):
        return self.rename_panel.get_form_class()

    @cached_property
    def rename_panel(self):
        return ObjectList(
            [FieldPanel("title")],
            help_text="The meetings of a series are made when it is created. To move or "
            "cancel one, edit that meeting; the others are left alone.",
        ).bind_to_model(MeetingSeries)

    def get_panel(self):
        return self.rename_panel


class MeetingSeriesViewSet(TrackedModelViewSet):
    model = MeetingSeries
    icon = "repeat"
    menu_label = "Series"
    menu_order = 200
    save_service = _create_series
    edit_view_class = SeriesEditView
    list_display = ["title", "body", "first_date", "last_date", "describe"]
    list_filter = ["body"]
    search_fields = ["title"]


class AttendanceViewSet(TrackedModelViewSet):
    model = Attendance
    icon = "tick"
    menu_label = "Attendance"
    menu_order = 300
    save_service = _save_attendance
    list_display = ["person", "meeting", "status", "deputy", "is_guest"]
    list_select_related = ("person", "meeting", "deputy")
    list_filter = ["status", "meeting__body", "is_guest"]
    search_fields = ["person__given_name", "person__family_name", "meeting__title"]


class PaperViewSet(TrackedModelViewSet):
    model = Paper
    icon = "doc-full"
    menu_label = "Papers"
    menu_order = 400
    save_service = _save_paper
    add_view_class = PaperCreateView
    edit_view_class = PaperEditView
    history_related = ("versions",)
    list_display = ["title", "agenda_item", "is_restricted", "created"]
    list_select_related = ("agenda_item",)
    list_filter = ["is_restricted", "agenda_item__meeting__body"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("meeting"), FieldPanel("agenda_item")]),
            *(panel for panel in Paper.panels if getattr(panel, "field_name", "") != "agenda_item"),
            FieldPanel("file"),
            FieldPanel("version_note"),
        ],
        base_form_class=PaperAdminForm,
    )


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Paper versions are listed and inspected in the admin; they are added only through
    the checked upload (meetings.papers.services.paper_upload), and never changed or deleted."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        if action == "view":
            return super().user_has_permission(user, "view") or super().user_has_permission(
                user, "change"
            )
        return super().user_has_permission(user, action)


class PaperVersionViewSet(TrackedModelViewSet):
    model = PaperVersion
    icon = "doc-full-inverse"
    menu_label = "Paper versions"
    menu_order = 500
    inspect_view_enabled = True
    inspect_view_fields = [
        "paper",
        "number",
        "original_filename",
        "size",
        "sha256",
        "page_count",
        "uploaded_by",
        "uploaded_at",
        "note",
    ]
    list_display = ["paper", "number", "original_filename", "page_count", "uploaded_at"]
    list_select_related = ("paper",)
    list_filter = ["paper__agenda_item__meeting__body"]
    search_fields = ["original_filename", "paper__title"]
    form_fields = ["note"]


class MeetingsViewSetGroup(ViewSetGroup):
    menu_label = "Meetings"
    menu_icon = "date"
    menu_order = 150
    items = (
        MeetingViewSet,
        MeetingSeriesViewSet,
        AttendanceViewSet,
        PaperViewSet,
        PaperVersionViewSet,
    )
