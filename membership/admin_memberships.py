"""A body's memberships in the admin, as lists: the body's page lists its current terms
(each opening its own form) and links to the paged listing of terms that have ended.
Twenty years of terms as inline forms made a body's page of tens of megabytes.

Every write goes through membership.services, which check the rules between terms."""

from __future__ import annotations

import django_filters

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn, Table, TitleColumn
from wagtail.admin.views import generic

from core.admin_views import ServiceCreateView, ServiceEditView, TrackedModelViewSet
from membership import services
from membership.choosers import seat_chooser
from membership.models import Body, Membership

MEMBERSHIPS_URL = "term"


def _current(on) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=on)


def membership_list_current(body: Body) -> list[Membership]:
    """The body's running and future terms, with what the list shows, in one query."""
    return list(
        Membership.objects.filter(_current(timezone.localdate()), body=body)
        .select_related("person", "role", "seat", "organisation")
        .order_by("start_date", "pk")
    )


class MembershipsPanel(Panel):
    """The body's current terms, on the body's edit page, with the way to the rest."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "membership/admin/memberships_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["request"] = self.request
            body = self.instance
            if not body.pk:
                return context
            edit = lambda m: reverse(f"{MEMBERSHIPS_URL}:edit", args=(quote(m.pk),))  # noqa: E731
            context["table"] = Table(
                [
                    TitleColumn("person", label="Person", get_url=edit),
                    Column("role", label="Role", accessor="get_role_display"),
                    Column("seat", label="Seat", accessor="seat.title"),
                    Column("organisation", label="Organisation"),
                    Column("job_title", label="Job title"),
                    DateColumn("start_date", label="From"),
                    DateColumn("end_date", label="Until"),
                ],
                membership_list_current(body),
            )
            index = reverse(f"{MEMBERSHIPS_URL}:index")
            context["add_url"] = reverse(f"{MEMBERSHIPS_URL}:add") + f"?body={body.pk}"
            context["past_url"] = f"{index}?body={body.pk}&term=ended"
            context["all_url"] = f"{index}?body={body.pk}"
            return context


class MembershipFilterSet(WagtailFilterSet):
    term = django_filters.ChoiceFilter(
        label="Term",
        choices=[("current", "Current or future"), ("ended", "Ended")],
        method="filter_term",
        empty_label="All",
    )

    class Meta:
        model = Membership
        fields = ["body", "role", "term"]

    def filter_term(self, queryset, name, value):
        current = _current(timezone.localdate())
        return queryset.filter(current) if value == "current" else queryset.exclude(current)


def _save_membership(*, actor, instance):
    if instance.pk is None:
        membership = services.membership_start(
            actor=actor,
            person=instance.person,
            body=instance.body,
            start_date=instance.start_date,
            role=instance.role_id,
            seat=instance.seat,
            organisation=instance.organisation,
            job_title=instance.job_title,
            end_date=instance.end_date,
        )
        instance.pk = membership.pk
        instance._state.adding = False
        return membership
    return services.membership_save(actor=actor, membership=instance)


class _BackToBody:
    """A term's pages lead back to its body's, where the current terms are listed."""

    def get_success_url(self):
        return reverse("body:edit", args=(self.object.body_id,))


class MembershipCreateView(_BackToBody, ServiceCreateView):
    """A new term; ?body=<id> fills in the body, as the body's page links here."""

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("body"):
            body = get_object_or_404(Body, pk=self.request.GET["body"])
            initial.update(body=body, start_date=timezone.localdate())
        return initial

    def get_add_url(self):
        query = self.request.GET.urlencode()
        return super().get_add_url() + (f"?{query}" if query else "")


class MembershipEditView(_BackToBody, ServiceEditView):
    pass


class MembershipDeleteView(generic.DeleteView):
    """Nothing is lost: a term is ended with an end date, never deleted from the record.
    Asked to delete one, the admin says so (the policy offers no delete button)."""

    permission_required = "change"

    def form_valid(self, form):
        term = self.object
        messages.error(
            self.request,
            f"{term.person} ({term.get_role_display().lower()}) cannot be deleted from the "
            "record: give the term an end date instead.",
        )
        return self.render_to_response(self.get_context_data(form=form))


class MembershipAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        seat, body = cleaned.get("seat"), cleaned.get("body")
        if seat and body and seat.body_id != body.pk:
            self.add_error(
                "seat",
                f"The seat “{seat.title}” belongs to {seat.body}. Choose one of this body's "
                "seats, or none.",
            )
        return cleaned


MEMBERSHIP_FIELDS = [
    FieldRowPanel([FieldPanel("body"), FieldPanel("person")]),
    FieldRowPanel(
        [
            FieldPanel("role"),
            # The seat chooser lists the seats of the body chosen beside it.
            FieldPanel(
                "seat", widget=seat_chooser.widget_class(linked_fields={"body": "#id_body"})
            ),
            FieldPanel("organisation"),
        ]
    ),
    FieldPanel("job_title"),
    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    FieldPanel("notes"),
]


class MembershipViewSet(TrackedModelViewSet):
    """Every term on every body, paged; a body's page links here for its ended terms."""

    model = Membership
    name = MEMBERSHIPS_URL
    icon = "user"
    menu_label = "Memberships"
    menu_order = 150
    save_service = _save_membership
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_display = [
        TitleColumn("person", label="Person", url_name=f"{MEMBERSHIPS_URL}:edit"),
        "body",
        Column("role", label="Role", accessor="get_role_display"),
        "organisation",
        DateColumn("start_date", label="From", sort_key="start_date"),
        DateColumn("end_date", label="Until", sort_key="end_date"),
    ]
    filterset_class = MembershipFilterSet
    search_fields = ["person__given_name", "person__family_name", "job_title"]
    ordering = ["-start_date", "-pk"]
    edit_handler = ObjectList(MEMBERSHIP_FIELDS, base_form_class=MembershipAdminForm)

    list_select_related = ("person", "role", "body", "organisation")
