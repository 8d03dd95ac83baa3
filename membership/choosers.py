"""The choosers for people, logins, agencies and seats (core.choosers says why they replace
selects)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from core.choosers import WordSearchChooserViewSet
from membership.models import Organisation, Person, Seat


class PersonChooserViewSet(WordSearchChooserViewSet):
    model = Person
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    search_fields = ("given_name", "family_name", "email")
    ordering = ("family_name", "given_name", "pk")
    # A record naming an agency (a challenge's agency lead) offers the people who sat for it.
    linked_filters = {"organisation": "memberships__organisation"}


class OrganisationChooserViewSet(WordSearchChooserViewSet):
    model = Organisation
    icon = "site"
    choose_one_text = "Choose an organisation"
    choose_another_text = "Choose another organisation"
    search_fields = ("name", "short_name")
    ordering = ("name", "pk")


class SeatChooserViewSet(WordSearchChooserViewSet):
    model = Seat
    icon = "group"
    choose_one_text = "Choose a seat"
    choose_another_text = "Choose another seat"
    search_fields = ("title", "body__name")
    select_related = ("body",)
    ordering = ("body__name", "sort_order", "title")
    # A membership's form offers the seats of the body it names.
    linked_filters = {"body": "body"}


class _LoginChooseMixin:
    """Logins are listed only to those who may link one to a person."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("membership.change_person"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserChooserViewSet(WordSearchChooserViewSet):
    """A person's login. Not registered as every form's widget for a user: only the
    person's form chooses a login."""

    model = User
    icon = "key"
    choose_one_text = "Choose a login"
    choose_another_text = "Choose another login"
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username", "pk")
    register_widget = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choose_view_class = type("ChooseView", (_LoginChooseMixin, self.choose_view_class), {})
        self.choose_results_view_class = type(
            "ChooseResultsView", (_LoginChooseMixin, self.choose_results_view_class), {}
        )


# The registered choosers (membership.wagtail_hooks); a form that needs one's widget with
# options of its own (the seats of a chosen body) builds it from these.
person_chooser = PersonChooserViewSet("person_chooser")
organisation_chooser = OrganisationChooserViewSet("organisation_chooser")
seat_chooser = SeatChooserViewSet("seat_chooser")
user_chooser = UserChooserViewSet("login_chooser")
