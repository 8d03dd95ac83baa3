"""The board's reports in the admin: where to start, and a new report in one step."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from cms.models import ReportPage
from cms.report_builder import (
    ReportPlan,
    blocking_draft,
    build_report,
    reports_index,
    templates_for,
)
from cms.slugs import report_slug
from governance.models.periods import FINANCIAL_YEAR_START_MONTH, financial_year
from membership.models import Partnership
from membership.partnerships import managed_partnership_ids

KIND_LABELS = {"annual": "New annual report", "progress": "New progress report"}


def _year_choices(today: datetime.date) -> list[tuple[str, str]]:
    last = financial_year(today) - 1
    return [(str(year), f"{year}/{(year + 1) % 100:02d}") for year in range(last + 1, 1999, -1)]


class NewReportForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    period_start = forms.DateField(label="From", required=False)
    period_end = forms.DateField(label="To", required=False)
    template = forms.ChoiceField(label="Start from")

    def __init__(self, *args, user, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        mine = managed_partnership_ids(user)
        self.fields["partnership"].queryset = Partnership.objects.filter(pk__in=mine).order_by(
            "name"
        )
        if len(mine) == 1:
            # One partnership is no choice: it is theirs unless the form names another.
            self.fields["partnership"].widget = forms.HiddenInput()
            self.fields["partnership"].initial = next(iter(mine))
            if self.is_bound and not self.data.get("partnership"):
                self.data = self.data.copy()
                self.data["partnership"] = str(next(iter(mine)))
        today = timezone.localdate()
        if kind == "annual":
            self.fields["year"].choices = _year_choices(today)
            # The report is on the year just ended.
            self.fields["year"].initial = str(financial_year(today) - 1)
            self.fields["year"].required = True
            del self.fields["period_start"], self.fields["period_end"]
        else:
            del self.fields["year"]
            self.fields["period_start"].required = self.fields["period_end"].required = True
            self.fields["period_start"].widget = forms.DateInput(attrs={"type": "date"})
            self.fields["period_end"].widget = forms.DateInput(attrs={"type": "date"})
        builtin = "The board's annual report" if kind == "annual" else "A progress report"
        self.sources = {str(page.pk): page for page in templates_for(user, mine)}
        self.fields["template"].choices = [
            ("", f"{builtin}: the usual sections"),
            *((pk, f"A copy of “{page.title}”") for pk, page in self.sources.items()),
        ]
        self.fields["template"].required = False

    def clean(self):
        cleaned = super().clean()
        if self.kind == "annual" and cleaned.get("year"):
            start = datetime.date(cleaned["year"], FINANCIAL_YEAR_START_MONTH, 1)
            cleaned["period_start"] = start
            cleaned["period_end"] = datetime.date(start.year + 1, 3, 31)
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period ends before it starts: pick a later date.")
        return cleaned

    def plan(self) -> ReportPlan:
        data = self.cleaned_data
        return ReportPlan(
            partnership=data["partnership"],
            kind=self.kind,
            period_start=data["period_start"],
            period_end=data["period_end"],
            source=self.sources.get(data.get("template") or ""),
        )


class _BusinessUnitView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not managed_partnership_ids(request.user):
            raise PermissionDenied("Reports are written by a partnership's business unit.")
        return super().dispatch(request, *args, **kwargs)


class BoardReportsView(_BusinessUnitView):
    """Each partnership the user runs with its reports (drafts, awaiting approval,
    published) and where to start a new one."""

    template_name = "cms/admin/board_reports.html"
    page_title = "Board reports"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = managed_partnership_ids(self.request.user)
        sections = []
        partnerships = Partnership.objects.filter(pk__in=mine).select_related("site__root_page")
        for partnership in partnerships.order_by("name"):
            index = reports_index(partnership)
            pages = ReportPage.objects.none()
            if index is not None:
                pages = ReportPage.objects.child_of(index).order_by("-period_end", "title")
            sections.append(
                {
                    "partnership": partnership,
                    "index": index,
                    "reports": list(pages.select_related("latest_revision")),
                }
            )
        context["sections"] = sections
        return context


class NewReportView(_BusinessUnitView):
    template_name = "cms/admin/new_report.html"

    def dispatch(self, request, *args, kind: str = "", **kwargs):
        if kind not in KIND_LABELS:
            raise Http404
        self.kind = kind
        self.page_title = KIND_LABELS[kind]
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("board-reports:index"), "label": "Board reports"},
            {"url": "", "label": self.page_title},
        ]

    def form(self):
        return NewReportForm(self.request.POST or None, user=self.request.user, kind=self.kind)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.is_valid():
            plan = form.plan()
            try:
                page = build_report(actor=request.user, plan=plan)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                self.offer_the_draft(plan, page)
                messages.success(request, f"“{page.title}” is drafted: write its sections.")
                return redirect("wagtailadmin_pages:edit", page.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def offer_the_draft(self, plan, page) -> None:
        draft = blocking_draft(plan.partnership, report_slug(plan.title))
        if draft is not None and draft.pk != page.pk:
            offer_the_draft(self.request, draft, page)


def offer_the_draft(request, draft, page) -> None:
    """An abandoned draft holding the report's address does not stop it (it takes the next
    free one), but its author is told, with the draft to open or delete."""
    messages.warning(
        request,
        f"An unpublished draft, “{draft.title}”, already holds the address {draft.slug}/, "
        f"so this report is at {page.slug}/. Open the draft, or delete it and change this "
        "report's slug.",
        buttons=[
            messages.button(reverse("wagtailadmin_pages:edit", args=[draft.pk]), "Open"),
            messages.button(reverse("wagtailadmin_pages:delete", args=[draft.pk]), "Delete"),
        ],
    )


class BoardReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(managed_partnership_ids(request.user))


class BoardReportsViewSet(ViewSet):
    """The board's reports one click from the menu, rather than four levels down under
    Pages (Wagtail's own "Reports" menu is about locked pages and workflows)."""

    name = "board-reports"
    icon = "doc-full"
    menu_label = "Board reports"
    menu_order = 150
    add_to_admin_menu = True
    menu_item_class = BoardReportsMenuItem

    def get_urlpatterns(self):
        return [
            path("", BoardReportsView.as_view(), name="index"),
            path("new/<str:kind>/", NewReportView.as_view(), name="new"),
        ]
