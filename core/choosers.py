"""Searchable choosers for the admin's forms: a field naming a record shows the chosen record
and a button opening a paged, searchable list, instead of a select holding every row (twenty
years of people is tens of thousands of options a page).

Registering a chooser makes it the widget of every admin form's foreign key to its model
(Wagtail's `register_widget`), inline forms included. Each app declares its own choosers
(membership.choosers, meetings.choosers, governance.choosers) on these bases."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.functional import cached_property

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from core.admin_views import search_words


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


class LinkedFilterMixin:
    """Narrows a chooser's rows by the ids a form's other fields hold (the widget's
    `linked_fields` send them as query parameters): `linked_filters` maps each parameter to
    the lookup it narrows by. A lookup across a many relation (a person's memberships) is
    asked as a subquery, so a row is listed once however many rows match. A value that is
    not an id narrows to nothing rather than failing the page."""

    linked_filters: dict[str, str] = {}

    def filter_object_list(self, objects):
        for parameter, lookup in self.linked_filters.items():
            value = self.request.GET.get(parameter, "")
            if not value:
                continue
            if not value.isdigit():
                return objects.none()
            matching = objects.model._default_manager.filter(**{lookup: int(value)})
            objects = objects.filter(pk__in=matching.values("pk"))
        return super().filter_object_list(objects)


class WordSearchChooserViewSet(ChooserViewSet):
    """A chooser whose search asks the database over `search_fields`, `per_page` rows at a
    time, each row read with `select_related` (so a page of results is one query).

    `linked_filters` ({parameter: lookup}) name what a form may narrow it by: a widget
    built with `linked_fields={parameter: "#id_<field>"}` opens it narrowed by that field's
    value (Wagtail's linked fields), e.g. an agenda item's chooser by the chosen meeting."""

    search_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ()
    linked_filters: dict[str, str] = {}
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
        # The results' pages and the chosen link keep the narrowing the modal opened with.
        self.preserve_url_parameters = [
            *self.preserve_url_parameters,
            *(p for p in self.linked_filters if p not in self.preserve_url_parameters),
        ]
        searched = {
            "filter_form_class": form_class,
            "linked_filters": dict(self.linked_filters),
        }
        self.choose_view_class = type(
            "ChooseView", (LinkedFilterMixin, self.choose_view_class), searched
        )
        self.choose_results_view_class = type(
            "ChooseResultsView", (LinkedFilterMixin, self.choose_results_view_class), searched
        )

    @cached_property
    def widget_class(self):
        return type(
            f"{self.model.__name__}Chooser",
            (super().widget_class,),
            {"select_related": self.select_related},
        )
