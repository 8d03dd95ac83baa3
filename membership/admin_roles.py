"""The installation's role vocabulary in the admin: the business unit adds roles, renames
them and sets what each allows. A role some term holds is never deleted (the service says
so; the database's PROTECT backs it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, TitleColumn
from wagtail.admin.views import generic

from core.admin_views import TrackedModelViewSet
from membership import services
from membership.models import RoleType

ROLES_URL = "role"


def _save_role_type(*, actor, instance):
    return services.role_type_save(actor=actor, role_type=instance)


class RoleTypeDeleteView(generic.DeleteView):
    """Deletes through the service, which refuses a role in use with the reason."""

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            services.role_type_remove(actor=self.request.user, role_type=self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(success_url)


class RoleTypeViewSet(TrackedModelViewSet):
    model = RoleType
    name = ROLES_URL
    icon = "tag"
    menu_label = "Roles"
    menu_order = 450
    save_service = _save_role_type
    delete_view_class = RoleTypeDeleteView
    list_display = [
        TitleColumn("label", label="Role", url_name=f"{ROLES_URL}:edit"),
        "key",
        BooleanColumn("holds_seat", label="Holds a seat"),
        BooleanColumn("counts_for_quorum", label="Counts for quorum"),
        BooleanColumn("may_vote", label="May vote"),
        BooleanColumn("may_chair", label="May chair"),
    ]
    search_fields = ["label", "key"]
    ordering = ["sort_order", "label"]
    edit_handler = ObjectList(RoleType.panels)
