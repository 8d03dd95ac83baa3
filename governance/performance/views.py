"""The performance pages: latest figures with RAG and direction of travel, each metric's
series as a chart and a table, and multi-agency audits with what became of their
recommendations. Public, except restricted metrics and audits, which only members of the
body they report to and the business unit see."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render

from core.dates import today
from governance.models import Audit, Metric
from governance.performance import charts
from governance.performance.selectors import (
    audit_actions,
    audit_findings,
    audit_get_visible,
    audit_list_visible,
    metric_get_visible,
    metric_latest_many,
    metric_list_visible,
    metric_rag_counts,
    metric_series,
)
from membership.models import Body
from membership.partnerships import for_request


class AsOfForm(forms.Form):
    """The day whose knowledge a page shows: figures recorded or revised later are left out."""

    on = forms.DateField(
        required=False,
        label="Figures as reported on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2012-03-31."},
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > today():
            raise forms.ValidationError("Choose today or a day in the past.")
        return on


def _as_of(request) -> tuple[AsOfForm, object, int]:
    form = AsOfForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, today(), 400
    on = form.cleaned_data.get("on") if form.is_bound else None
    return form, on or today(), 200


def _body_asked(request, partnership):
    """The body named by `?body=<slug>` among those serving the partnership: (slug, body),
    body None when the slug names none of them; ("", None) when none was asked for."""
    slug = request.GET.get("body", "").strip()
    if not slug:
        return "", None
    return slug, Body.objects.in_partnership(partnership).filter(slug=slug).first()


def metric_index(request):
    """Every metric of the partnership the reader may see with its latest figure, RAG and
    direction of travel; `?body=<slug>` shows one body's. A body the partnership does not
    have gives an empty list saying so, not an error."""
    form, as_of, status = _as_of(request)
    partnership = for_request(request)
    body_slug, body = _body_asked(request, partnership)
    metrics = (
        []
        if body_slug and body is None
        else metric_list_visible(request.user, partnership=partnership, body=body)
    )
    readings = metric_latest_many(metrics, as_of)
    counts = metric_rag_counts(readings)
    return render(
        request,
        "governance/performance/metric_index.html",
        {
            "readings": readings,
            "counts": counts,
            "counts_chart": charts.rag_counts_chart(counts) if any(c for _r, c in counts) else "",
            "as_of": as_of,
            "is_today": as_of == today(),
            "as_of_form": form,
            "body": body,
            "unknown_body": body_slug if body_slug and body is None else "",
        },
        status=status,
    )


def metric_detail(request, slug: str):
    """A metric's figures over time: chart, table, comparators, definitions and revisions."""
    try:
        metric = metric_get_visible(request.user, slug, partnership=for_request(request))
    except Metric.DoesNotExist as missing:
        raise Http404("No such metric") from missing
    form, as_of, status = _as_of(request)
    points = metric_series(metric, as_of=as_of)
    header, rows = charts.metric_table(metric, points)
    return render(
        request,
        "governance/performance/metric_detail.html",
        {
            "metric": metric,
            "points": points,
            "latest": points[-1] if points else None,
            "chart": charts.metric_chart(metric, points),
            "table_header": header,
            "table_rows": rows,
            "revised": [point for point in points if point.revised],
            "definitions": list(metric.definitions.all()),
            "as_of": as_of,
            "is_today": as_of == today(),
            "as_of_form": form,
        },
        status=status,
    )


def audit_index(request):
    return render(
        request,
        "governance/performance/audit_index.html",
        {"audits": audit_list_visible(request.user, partnership=for_request(request))},
    )


def audit_detail(request, pk: int):
    """An audit's findings, and its recommendations with the actions they became (for
    readers who may see the action log)."""
    try:
        audit = audit_get_visible(request.user, pk, partnership=for_request(request))
    except Audit.DoesNotExist as missing:
        raise Http404("No such audit") from missing
    findings = audit_findings(audit)
    return render(
        request,
        "governance/performance/audit_detail.html",
        {
            "audit": audit,
            "findings": findings,
            "chart": charts.audit_findings_chart(audit, findings) if findings else "",
            "agencies": list(audit.agencies.all()),
            "outcome": audit_actions(audit, request.user),
        },
    )
