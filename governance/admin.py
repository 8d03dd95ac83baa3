"""The admin's views for the logs: saving through the services, with a reason for each edit,
and no deleting (records are withdrawn, cancelled or closed instead)."""

from __future__ import annotations

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_views import ServiceCreateView, ServiceEditView, TrackedModelViewSet
from meetings.choosers import agenda_item_chooser, meeting_chooser
from membership.choosers import person_chooser


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, less delete, for everyone (superusers too): the admin never offers
    to delete a governance record."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "delete"])


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """View only, for everyone (superusers too): records written elsewhere (the minutes, in
    their editor) are listed and inspected in the admin, never added, edited or deleted."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


class ReasonedAdminForm(WagtailAdminModelForm):
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=500,
        help_text="Kept in the record's history with your name and the time.",
    )


class LinkedChoicesAdminForm(ReasonedAdminForm):
    """A log's record chosen step by step: the meeting chooser lists the chosen body's
    meetings, the agenda item chooser the chosen meeting's items (or the body's, before a
    meeting is chosen), and a person paired with an agency on the form (a challenge's agency
    lead) the people who sat for that agency. The choosers narrow what is offered; the
    record's own rules (an item of another meeting, a meeting of another body) and `clean`
    here refuse what is sent regardless."""

    # {person field: organisation field} for the pairs this form holds.
    people_of_organisation: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields

        def linked(*names: str) -> dict[str, str]:
            # Only fields on this form: the widget's script reads each by its id.
            return {name: f"#id_{name}" for name in names if name in fields}

        if "meeting" in fields:
            fields["meeting"].widget = meeting_chooser.widget_class(linked_fields=linked("body"))
        if "agenda_item" in fields:
            fields["agenda_item"].widget = agenda_item_chooser.widget_class(
                linked_fields=linked("meeting", "body")
            )
        for person, organisation in self.people_of_organisation.items():
            if person in fields and organisation in fields:
                fields[person].widget = person_chooser.widget_class(
                    linked_fields={"organisation": f"#id_{organisation}"}
                )

    def clean(self):
        cleaned = super().clean()
        item, meeting, body = (cleaned.get(name) for name in ("agenda_item", "meeting", "body"))
        if item and meeting and item.meeting_id != meeting.pk:
            self.add_error(
                "agenda_item",
                f"“{item}” is on the agenda of {item.meeting}, not of {meeting}: choose an item "
                "of the chosen meeting's agenda.",
            )
        elif item and body and item.meeting.body_id != body.pk:
            self.add_error(
                "agenda_item",
                f"“{item}” is on the agenda of {item.meeting}, a meeting of another body: "
                f"choose an item of a meeting of {body}.",
            )
        return cleaned


class _ReasonedSave:
    """Pass the form's reason for the change to the service, into the record's history."""

    def get_service_kwargs(self):
        return {
            **super().get_service_kwargs(),
            "reason": self.form.cleaned_data.get("change_reason", ""),
        }


class GovernanceCreateView(_ReasonedSave, ServiceCreateView):
    pass


class GovernanceEditView(_ReasonedSave, ServiceEditView):
    pass


class GovernanceViewSet(TrackedModelViewSet):
    """Add with `create_panels`, edit with `edit_panels` plus a reason for the change."""

    add_view_class = GovernanceCreateView
    edit_view_class = GovernanceEditView
    create_panels: list | None = None
    edit_panels: list | None = None
    # The form both views build on; a viewset narrowing its choices names a subclass.
    form_class_base: type[ReasonedAdminForm] = LinkedChoicesAdminForm

    def _handler(self, panels, *, reasoned: bool) -> ObjectList:
        if reasoned:
            panels = [*panels, FieldPanel("change_reason")]
        return ObjectList(panels, base_form_class=self.form_class_base).bind_to_model(self.model)

    def _panels(self):
        return self.edit_panels or self.model.panels

    def get_add_view_kwargs(self, **kwargs):
        handler = self._handler(self.create_panels or self._panels(), reasoned=False)
        return super().get_add_view_kwargs(
            panel=handler, form_class=handler.get_form_class(), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        handler = self._handler(self._panels(), reasoned=True)
        return super().get_edit_view_kwargs(
            panel=handler, form_class=handler.get_form_class(), **kwargs
        )
