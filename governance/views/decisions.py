from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from core.errors import add_validation_errors
from governance import services
from governance.access import (
    chair_refusal,
    may_act_as_chair,
    may_view_logs,
)
from governance.forms import DecisionCorrectionForm, DecisionFilterForm
from governance.models import Decision
from governance.selectors import decision_corrections, decision_get_visible, decision_list_visible
from meetings.published_items import mark_shown
from membership.partnerships import for_request

from ._common import csv_refusal, csv_response, forbidden, history_context, read_filters

PAGE_SIZE = 50


def _visible(request, values: dict):
    return decision_list_visible(
        request.user,
        partnership=for_request(request),
        body=values.get("body"),
        year=values.get("year"),
        decision_type=values.get("type") or "",
        status=values.get("status") or "",
        text=(values.get("q") or "").strip(),
    )


def _filtered(request):
    form, values, status = read_filters(DecisionFilterForm, request)
    return form, _visible(request, values), status


def decision_index(request):
    """The decisions register: public, filterable, restricted decisions only for those who
    may see them."""
    form, values, status = read_filters(DecisionFilterForm, request)
    page = Paginator(_visible(request, values), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/decision_index.html",
        {
            "form": form,
            "page": page,
            "decisions": page.object_list,
            "query": query.urlencode(),
        },
        status=status,
    )


def vote_summary(decision) -> str:
    vote = getattr(decision, "vote", None)
    return vote.summary if vote else ""


def decision_export(request):
    form, decisions, status = _filtered(request)
    if status != 200:
        return csv_refusal(form)
    decisions = list(decisions)
    mark_shown(request.user, [d.agenda_item for d in decisions])
    return csv_response(
        "decisions.csv",
        [
            "Reference",
            "Date",
            "Body",
            "Type",
            "Title",
            "Decision",
            "Status",
            "Meeting",
            "Item",
            "Vote",
        ],
        (
            [
                d.reference,
                d.decided_on,
                d.body.name,
                d.get_decision_type_display(),
                d.title,
                d.text,
                d.get_status_display(),
                str(d.meeting) if d.meeting else "",
                d.agenda_item.number if d.agenda_item and d.agenda_item.shown else "",
                vote_summary(d),
            ]
            for d in decisions
        ),
    )


def decision_detail(request, key: str):
    try:
        decision = decision_get_visible(request.user, key, partnership=for_request(request))
    except Decision.DoesNotExist as missing:
        raise Http404("No such decision") from missing
    may_correct = may_act_as_chair(request.user, decision.body)
    form = DecisionCorrectionForm(
        initial={
            "title": decision.title,
            "text": decision.text,
            "decision_type": decision.decision_type,
        }
    )
    status = 200
    if request.method == "POST":
        if not may_correct:
            return forbidden(request, chair_refusal(decision.body))
        form = DecisionCorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.decision_correct(
                    actor=request.user,
                    decision=decision,
                    reason=form.cleaned_data["change_reason"],
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    decision_type=form.cleaned_data["decision_type"],
                )
            except PermissionDenied as refusal:
                return forbidden(request, str(refusal))
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"{decision.reference} corrected.")
                return redirect(decision.get_absolute_url())
        status = 400
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "corrections": decision_corrections(decision),
            "may_correct": may_correct,
            # The action log is for members: the public sees the decision, not its actions.
            "show_actions": may_view_logs(request.user),
            "form": form,
            **history_context(request, decision),
        },
        status=status,
    )
