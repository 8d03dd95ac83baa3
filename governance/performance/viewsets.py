"""The Performance menu of the Wagtail admin: metrics with their definitions, figures (a
listing filtered by metric; editing a figure revises it), audits with their findings and
recommendations, and the CSV import of figures. Every save goes through
governance.services; nothing is deleted."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from core.dates import today
from core.import_views import CsvImportForm, CsvImportView, CsvImportViewSet, CsvTemplateView
from governance.admin import (
    GovernanceEditView,
    GovernanceViewSet,
    NoDeletePermissionPolicy,
    ReasonedAdminForm,
)
from governance.models import Audit, Budget, Metric, MetricValue, year_label
from governance.performance import services
from governance.performance.imports import (
    COLUMNS,
    REQUIRED_COLUMNS,
    TEMPLATE_ROWS,
    metric_values_import_csv,
)
from governance.services.budgets import budget_save


def _save_metric(*, actor, instance, reason=""):
    return services.metric_save(actor=actor, metric=instance, reason=reason)


def _save_figure(*, actor, instance, reason=""):
    try:
        return services.metric_value_save(actor=actor, figure=instance, reason=reason)
    except ValidationError as error:
        # The revision's reason is the edit form's "reason for the change".
        if hasattr(error, "error_dict") and "reason" in error.error_dict:
            messages_ = error.message_dict
            messages_["change_reason"] = messages_.pop("reason")
            raise ValidationError(messages_) from error
        raise


def _save_audit(*, actor, instance, reason=""):
    return services.audit_save(actor=actor, audit=instance, reason=reason)


class LinkColumn(Column):
    """A cell that links somewhere: its accessor gives {"url": …, "text": …}."""

    cell_template_name = "governance/performance/admin/link_cell.html"


class MetricViewSet(GovernanceViewSet):
    model = Metric
    icon = "table"
    menu_label = "Metrics"
    menu_order = 100
    save_service = _save_metric
    history_related = ("definitions",)
    list_display = [
        "name",
        "unit",
        "polarity",
        "body",
        "owner",
        "target",
        "is_restricted",
        LinkColumn(
            "figures",
            label="Figures",
            accessor=lambda metric: {
                "url": f"{reverse('metricvalue:index')}?metric={metric.pk}",
                "text": f"Figures of {metric.name}",
            },
        ),
    ]
    list_filter = ["body", "unit", "is_restricted"]
    search_fields = ["name", "slug", "description"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Metric.objects.select_related("body", "owner"), **kwargs
        )


class RevisionAdminForm(ReasonedAdminForm):
    """Editing a figure records a revision: its reason is required and shown beside it."""

    change_reason = forms.CharField(
        label="Reason for the revision",
        max_length=500,
        help_text="Shown beside the revised figure, e.g. “Late-recorded referrals added after "
        "the data cleanse”. The original figure is kept.",
        error_messages={"required": "Say why the figure is revised."},
    )


class FigureEditView(GovernanceEditView):
    def get_initial(self):
        # A revision is reported today unless the clerk says otherwise.
        return {**super().get_initial(), "recorded_on": today()}


class MetricValueViewSet(GovernanceViewSet):
    model = MetricValue
    icon = "list-ol"
    menu_label = "Figures"
    menu_order = 200
    save_service = _save_figure
    edit_view_class = FigureEditView
    list_display = [
        "metric",
        Column("period", label="Period", accessor=lambda figure: figure.period.label),
        Column("figure", label="Figure", accessor=lambda figure: figure.display),
        "recorded_on",
        "is_current",
        "reason",
    ]
    list_filter = ["metric", "period_kind", "is_current"]
    search_fields = ["metric__name", "note", "reason"]
    create_panels = MetricValue.panels
    edit_panels = [
        FieldRowPanel([FieldPanel("value"), FieldPanel("recorded_on")]),
        FieldRowPanel(
            [FieldPanel("england"), FieldPanel("statistical_neighbours"), FieldPanel("region")],
            heading="Comparators",
        ),
        FieldPanel("note"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        # The listing shows each figure in its metric's unit: fetch the metrics with it.
        return super().get_index_view_kwargs(
            queryset=MetricValue.objects.select_related("metric"), **kwargs
        )

    def _handler(self, panels, *, reasoned: bool) -> ObjectList:
        if reasoned:
            return ObjectList(
                [*panels, FieldPanel("change_reason")], base_form_class=RevisionAdminForm
            ).bind_to_model(self.model)
        return super()._handler(panels, reasoned=False)


class AuditViewSet(GovernanceViewSet):
    model = Audit
    icon = "clipboard-list"
    menu_label = "Audits"
    menu_order = 300
    save_service = _save_audit
    history_related = ("findings", "recommendations")
    list_display = ["topic", "conducted_on", "sample_size", "body", "is_restricted"]
    list_filter = ["body", "is_restricted"]
    search_fields = ["topic", "summary"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Audit.objects.select_related("body"), **kwargs
        )


def _save_budget(*, actor, instance, reason=""):
    return budget_save(actor=actor, budget=instance, reason=reason)


class BudgetViewSet(GovernanceViewSet):
    """Each partnership's budget by financial year, with each agency's contribution."""

    model = Budget
    icon = "form"
    menu_label = "Budgets"
    menu_order = 350
    save_service = _save_budget
    history_related = ("contributions",)
    list_display = [
        Column("year", label="Financial year", accessor=lambda budget: year_label(budget.year)),
        "partnership",
        "total",
    ]
    list_filter = ["partnership", "year"]
    search_fields = ["notes"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Budget.objects.select_related("partnership"), **kwargs
        )


def may_import_figures(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("governance.add_metricvalue")


class FigureImportForm(CsvImportForm):
    """A CSV of figures to check, or to check and import (see governance.performance.imports)."""

    row_is = "figure"


class FigureImportView(CsvImportView):
    """Upload a CSV of figures; check it, or check it and import it all or nothing. The
    figures' columns are described in the page's own notes."""

    may_import = may_import_figures
    template_name = "governance/performance/admin/import.html"
    form_class = FigureImportForm
    page_title = "Import figures"
    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS

    def run_import(self, *, actor, file, dry_run):
        return metric_values_import_csv(actor=actor, file=file, dry_run=dry_run)


class FigureImportTemplateView(CsvTemplateView):
    may_import = may_import_figures
    template_rows = TEMPLATE_ROWS
    filename = "figures-template.csv"


class FigureImportViewSet(CsvImportViewSet):
    name = "figure-import"
    menu_label = "Import figures"
    menu_order = 400
    import_view_class = FigureImportView
    template_view_class = FigureImportTemplateView


class PerformanceViewSetGroup(ViewSetGroup):
    menu_label = "Performance"
    menu_icon = "table"
    menu_order = 310
    items = (MetricViewSet, MetricValueViewSet, AuditViewSet, BudgetViewSet, FigureImportViewSet)


def performance_admin() -> PerformanceViewSetGroup:
    """The Performance menu, for the register_admin_viewset hook. Its models get the
    no-delete policy first, before their viewsets ask for one."""
    for model in (Metric, MetricValue, Audit, Budget):
        register_permission_policy(model, NoDeletePermissionPolicy(model))
    return PerformanceViewSetGroup()
