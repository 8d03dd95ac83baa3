"""The admin's views for the logs: saving through the services, with a reason for each edit,
and no deleting (records are withdrawn, cancelled or closed instead)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from membership.admin_views import (
    ServiceCreateView,
    ServiceEditView,
    ServiceSaveMixin,
    TrackedModelViewSet,
    add_validation_errors,
)


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, less delete, for everyone (superusers too): the admin never offers
    to delete a governance record."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "delete"])


class ReasonedAdminForm(WagtailAdminModelForm):
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=500,
        help_text="Kept in the record's history with your name and the time.",
    )


class _ReasonedSave:
    """Pass the form's reason to the service, and carry on with the record it returns (a
    create service builds its own instance and gives it a reference)."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        saved = self.save_service(
            actor=self.request.user,
            instance=instance,
            reason=self.form.cleaned_data.get("change_reason", ""),
        )
        self.form.instance = saved
        self.form.save_m2m()
        log(saved, self.log_action, user=self.request.user)
        return saved

    def form_valid(self, form):
        try:
            # Past ServiceSaveMixin.form_valid, which does the same without the two lines
            # below (fixed on the memtests branch; this copy can go after that merge).
            return super(ServiceSaveMixin, self).form_valid(form)
        except ValidationError as error:
            add_validation_errors(form, error)
            # Wagtail's form_invalid reads these; its is_valid() sets them only when the form
            # itself fails, not when the service refuses a valid form.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


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

    def _handler(self, panels, *, reasoned: bool) -> ObjectList:
        if reasoned:
            return ObjectList(
                [*panels, FieldPanel("change_reason")], base_form_class=ReasonedAdminForm
            ).bind_to_model(self.model)
        return ObjectList(panels).bind_to_model(self.model)

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
