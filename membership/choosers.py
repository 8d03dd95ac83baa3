"""Searchable choosers for the admin's forms: a field naming a person, seat or agency shows
the chosen record and a button opening a paged, searchable list, instead of a select
holding every row (twenty years of people is tens of thousands of options a page).

Registering a chooser makes it the widget of every admin form's foreign key to its model
(Wagtail's `register_widget`), inline and governance forms included."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.functional import cached_property

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from core.admin_views import search_words
from membership.models import Organisation, Person, Seat


class WordSearchFilterForm(BaseFilterForm):
    """Finds the rows holding every word of the query in one of `search_fields`, from the
    database as the admin's listings do (core.admin_views.WordSearchIndexView)."""

    search_fields: tuple[str, ...] = ()

    q = forms.CharField(
        label="Search term",
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            for word in search_words(query):
                in_any_field = Q()
                for field in self.search_fields:
                    in_any_field |= Q(**{f"{field}__icontains": word})
                objects = objects.filter(in_any_field)
            self.is_searching = True
            self.search_query = query
        return objects


class RelatedChooser(BaseChooser):
    """A chooser widget that reads its chosen record with what its title names."""

    select_related: tuple[str, ...] = ()

    def get_instance(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, self.model_class):
            return value
        manager = self.model_class._default_manager.select_related(*self.select_related)
        return manager.filter(pk=value).first()


class WordSearchChooserViewSet(ChooserViewSet):
    """A chooser whose search asks the database over `search_fields`, `per_page` rows at a
    time, each row read with `select_related` (so a page of results is one query)."""

    search_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ()
    per_page = 20
    base_widget_class = RelatedChooser

    def get_object_list(self):
        objects = self.model._default_manager.select_related(*self.select_related)
        return objects.order_by(*self.ordering) if self.ordering else objects

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_class = type(
            f"{self.model.__name__}FilterForm",
            (WordSearchFilterForm,),
            {"search_fields": self.search_fields},
        )
        searched = {"filter_form_class": form_class}
        self.choose_view_class = type("ChooseView", (self.choose_view_class,), searched)
        self.choose_results_view_class = type(
            "ChooseResultsView", (self.choose_results_view_class,), searched
        )

    @cached_property
    def widget_class(self):
        return type(
            f"{self.model.__name__}Chooser",
            (super().widget_class,),
            {"select_related": self.select_related},
        )


class PersonChooserViewSet(WordSearchChooserViewSet):
    model = Person
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    search_fields = ("given_name", "family_name", "email")
    ordering = ("family_name", "given_name", "pk")


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
    # A membership's form offers the seats of its own body: ?body=<id> narrows the list.
    url_filter_parameters = ["body"]
    preserve_url_parameters = ["multiple", "body"]


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
