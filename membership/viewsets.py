from django import forms
from django.urls import path

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface
from wagtail.admin.viewsets.base import ViewSetGroup

from core.admin_views import TrackedModelViewSet
from core.import_views import CsvImportViewSet
from membership import services
from membership.admin_logins import (
    PersonEditView,
    PersonIndexView,
    PersonLoginActionView,
    login_column,
)
from membership.admin_memberships import MembershipsPanel, MembershipViewSet
from membership.admin_roles import RoleTypeViewSet
from membership.admin_seats import RequirementsPanel, RequirementViewSet, SeatsPanel, SeatViewSet
from membership.choosers import user_chooser
from membership.imports.views import MembershipImportTemplateView, MembershipImportView
from membership.models import Body, Organisation, Person, Sector


def _save_sector(*, actor, instance):
    return services.sector_save(actor=actor, sector=instance)


def _save_organisation(*, actor, instance):
    return services.organisation_save(actor=actor, organisation=instance)


def _save_person(*, actor, instance):
    return services.person_save(actor=actor, person=instance)


def _save_body(*, actor, instance):
    return services.body_save(actor=actor, body=instance)


class SectorViewSet(TrackedModelViewSet):
    model = Sector
    icon = "tag"
    menu_order = 400
    save_service = _save_sector
    list_display = ["name", "slug"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "description"]


class OrganisationViewSet(TrackedModelViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    menu_order = 300
    save_service = _save_organisation
    list_display = ["name", "short_name", "sector", "active"]
    list_select_related = ("sector",)
    list_filter = ["sector", "active"]
    search_fields = ["name", "short_name"]
    form_fields = ["name", "short_name", "sector", "active"]


class PersonViewSet(TrackedModelViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    menu_order = 200
    save_service = _save_person
    index_view_class = PersonIndexView
    edit_view_class = PersonEditView
    list_display = [
        "family_name",
        "given_name",
        "honorific",
        "email",
        "user",
        login_column,
        "active",
    ]
    list_select_related = ("user",)
    list_filter = ["active"]
    search_fields = ["given_name", "family_name", "email"]
    edit_handler = ObjectList(
        [
            FieldRowPanel(
                [FieldPanel("honorific"), FieldPanel("given_name"), FieldPanel("family_name")]
            ),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldRowPanel(
                [FieldPanel("user", widget=user_chooser.widget_class), FieldPanel("active")]
            ),
        ]
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            login_action_url_name=self.get_url_name("login"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            login_action_url_name=self.get_url_name("login"), **kwargs
        )

    def get_urlpatterns(self):
        # Invite to sign in, resend, deactivate, reactivate (membership.admin_logins).
        login_action = PersonLoginActionView.as_view(
            edit_url_name=self.get_url_name("edit"), index_url_name=self.get_url_name("index")
        )
        return [
            *super().get_urlpatterns(),
            path("login/<int:pk>/<slug:action>/", login_action, name="login"),
        ]


class BodyViewSet(TrackedModelViewSet):
    model = Body
    icon = "group"
    menu_label = "Bodies"
    menu_order = 100
    save_service = _save_body
    history_related = ("memberships", "seats", "requirements")
    list_display = ["name", "kind", "parent", "active_from", "active_until"]
    list_select_related = ("parent",)
    list_filter = ["kind", "parent"]
    search_fields = ["name", "purpose"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
                    FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
                    FieldPanel("parent"),
                    FieldPanel("also_reports_to"),
                    FieldPanel("related_bodies"),
                    FieldPanel("purpose"),
                    FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]),
                    FieldPanel("sort_order"),
                    FieldPanel("terms_of_reference"),
                ],
                heading="Body",
            ),
            ObjectList(
                [MembershipsPanel()],
                heading="Members",
                help_text="The current terms. Open one to change it; end a term by giving it "
                "an end date, and the person stays in the record.",
            ),
            ObjectList(
                [
                    SeatsPanel(heading="Seats"),
                    RequirementsPanel(heading="Representation requirements"),
                ],
                heading="Seats and requirements",
                help_text="Open a seat or requirement to change or remove it. A seat someone "
                "has held stays on record: mark it inactive instead.",
            ),
            ObjectList(
                [
                    FieldPanel("meeting_frequency"),
                    FieldPanel("quorum_count"),
                    FieldPanel("quorum_sectors", widget=forms.CheckboxSelectMultiple),
                ],
                heading="Meetings and quorum",
            ),
        ]
    )


class MembershipImportViewSet(CsvImportViewSet):
    name = "membership-import"
    menu_label = "Import memberships"
    menu_order = 500
    import_view_class = MembershipImportView
    template_view_class = MembershipImportTemplateView


class MembershipViewSetGroup(ViewSetGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 200
    items = (
        BodyViewSet,
        MembershipViewSet,
        PersonViewSet,
        OrganisationViewSet,
        SectorViewSet,
        RoleTypeViewSet,
        MembershipImportViewSet,
    )


# Reached from a body's page, so outside the menu.
body_child_viewsets = (SeatViewSet(), RequirementViewSet())
