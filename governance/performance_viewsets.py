"""The Performance menu of the Wagtail admin: metrics with their definitions, figures (a
listing filtered by metric; editing a figure revises it), audits with their findings and
recommendations, and the CSV import of figures. Every save goes through
governance.services; nothing is deleted."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permissions import register_permission_policy

from core.dates import today
from governance import services
from governance.admin import (
    GovernanceEditView,
    GovernanceViewSet,
    NoDeletePermissionPolicy,
    ReasonedAdminForm,
)
from governance.models import Audit, Metric, MetricValue
from governance.performance_import import (
    COLUMNS,
    REQUIRED_COLUMNS,
    metric_values_import_csv,
    template_csv,
)


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


def may_import_figures(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("governance.add_metricvalue")


class FigureImportForm(forms.Form):
    """A CSV of figures to check, or to check and import (see governance.performance_import)."""

    file = forms.FileField(
        label="CSV file",
        help_text="Saved from the spreadsheet as “CSV UTF-8 (Comma delimited)”.",
        error_messages={
            "required": "Choose the CSV file to import.",
            "empty": "The file is empty. Start from the template: a header row, then one "
            "figure on each line.",
        },
    )
    check_only = forms.BooleanField(
        required=False,
        label="Check only",
        help_text="Report any problems in the file without importing anything.",
    )


class _ImportPermission:
    def dispatch(self, request, *args, **kwargs):
        if not may_import_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FigureImportView(_ImportPermission, WagtailAdminTemplateMixin, FormView):
    """Upload a CSV of figures; check it, or check it and import it all or nothing."""

    template_name = "governance/performance/admin/import.html"
    form_class = FigureImportForm
    page_title = "Import figures"
    header_icon = "upload"
    template_url_name = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse(self.template_url_name)
        # The figures' columns are described in the page's own notes.
        context["columns"] = [(column, column in REQUIRED_COLUMNS, "") for column in COLUMNS]
        return context

    def form_valid(self, form):
        dry_run = form.cleaned_data["check_only"]
        result = metric_values_import_csv(
            actor=self.request.user, file=form.cleaned_data["file"], dry_run=dry_run
        )
        if result.imported:
            # Redirect after the import, so reloading the page cannot send the file twice.
            messages.success(self.request, f"Imported {result.summary} from {result.filename}.")
            return redirect(self.request.path)
        fresh = self.form_class(initial={"check_only": dry_run and not result.ok})
        return self.render_to_response(self.get_context_data(form=fresh, result=result))


class FigureImportTemplateView(_ImportPermission, View):
    def get(self, request):
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="figures-template.csv"'
        return response


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_figures(request.user)


class FigureImportViewSet(ViewSet):
    name = "figure-import"
    icon = "upload"
    menu_label = "Import figures"
    menu_order = 400
    menu_item_class = _ImportMenuItem

    def get_urlpatterns(self):
        return [
            path(
                "",
                FigureImportView.as_view(template_url_name=self.get_url_name("template")),
                name="index",
            ),
            path("template.csv", FigureImportTemplateView.as_view(), name="template"),
        ]


class PerformanceViewSetGroup(ViewSetGroup):
    menu_label = "Performance"
    menu_icon = "table"
    menu_order = 310
    items = (MetricViewSet, MetricValueViewSet, AuditViewSet, FigureImportViewSet)


def performance_admin() -> PerformanceViewSetGroup:
    """The Performance menu, for the register_admin_viewset hook. Its models get the
    no-delete policy first, before their viewsets ask for one."""
    for model in (Metric, MetricValue, Audit):
        register_permission_policy(model, NoDeletePermissionPolicy(model))
    return PerformanceViewSetGroup()
