from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from core.dates import today
from core.errors import add_validation_errors
from governance import services
from governance.access import chair_refusal, may_act_as_chair
from governance.forms import RiskFilterForm, RiskReviewForm
from governance.models import Risk
from governance.selectors import risk_get_visible, risk_list_visible
from membership.partnerships import for_request

from ._common import (
    csv_refusal,
    csv_response,
    forbidden,
    history_context,
    members_only,
    read_filters,
)


def _filtered(request):
    form, values, status = read_filters(RiskFilterForm, request)
    chosen = values.get("status") or "open"
    risks = risk_list_visible(
        request.user,
        partnership=for_request(request),
        body=values.get("body"),
        status="" if chosen == "all" else chosen,
    )
    return form, risks, status


@members_only
def risk_index(request):
    """The risk register, highest score first; risks above their body's appetite flagged."""
    form, risks, status = _filtered(request)
    return render(
        request,
        "governance/risk_index.html",
        {
            "form": form,
            "risks": risks,
            "above_count": sum(1 for risk in risks if risk.above_appetite),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@members_only
def risk_export(request):
    form, risks, status = _filtered(request)
    if status != 200:
        return csv_refusal(form)
    return csv_response(
        "risks.csv",
        [
            "Reference",
            "Body",
            "Risk",
            "Owner",
            "Likelihood",
            "Impact",
            "Score",
            "Rating",
            "Target score",
            "Trend",
            "Above appetite",
            "Last reviewed",
            "Next review",
        ],
        (
            [
                r.reference,
                r.body.name,
                r.title,
                r.owner.name,
                r.likelihood,
                r.impact,
                r.score,
                r.rating.label,
                r.target_score,
                r.trend.label,
                "Yes" if r.above_appetite else "No",
                r.last_reviewed_on,
                r.next_review_on,
            ]
            for r in risks
        ),
    )


@members_only
def risk_detail(request, key: str):
    try:
        risk = risk_get_visible(request.user, key, on=today(), partnership=for_request(request))
    except Risk.DoesNotExist as missing:
        raise Http404("No such risk") from missing
    may_review = may_act_as_chair(request.user, risk.body)
    form = RiskReviewForm(
        initial={"reviewed_on": today(), "likelihood": risk.likelihood, "impact": risk.impact}
    )
    status = 200
    if request.method == "POST":
        if not may_review:
            return forbidden(request, chair_refusal(risk.body))
        form = RiskReviewForm(request.POST)
        if form.is_valid():
            try:
                services.risk_review(actor=request.user, risk=risk, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Review of {risk.reference} recorded.")
                return redirect(risk.get_absolute_url())
        status = 400
    return render(
        request,
        "governance/risk_detail.html",
        {"risk": risk, "may_review": may_review, "form": form, **history_context(request, risk)},
        status=status,
    )
