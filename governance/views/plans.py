from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.dates import today
from core.errors import add_validation_errors
from governance import services
from governance.access import chair_refusal, may_act_as_chair
from governance.forms import MonthForm, PlanRatingForm
from governance.models import ImprovementAction, ImprovementPlan, scheme_of
from governance.selectors import plan_get_month, plan_latest_month, plan_list
from membership.partnerships import body_ids_in, for_request

from ._common import forbidden, members_only


@members_only
def plan_index(request):
    return render(request, "governance/plan_index.html", {"plans": plan_list(for_request(request))})


@members_only
def plan_detail(request, pk: int):
    """The monthly view of a plan: counts by RAG, overdue actions, the month's changes of
    rating; `?month=2012-03` for an earlier month. The plan body's chair and the business
    unit rate actions here."""
    partnership = for_request(request)
    plan = get_object_or_404(
        ImprovementPlan.objects.select_related("body").filter(body__in=body_ids_in(partnership)),
        pk=pk,
    )
    month_form = MonthForm(request.GET or None)
    status = 200
    month = None
    if month_form.is_bound:
        if month_form.is_valid():
            month = month_form.cleaned_data["month"]
        else:
            status = 400
    month = (month or plan_latest_month(plan, today())).replace(day=1)
    may_rate = may_act_as_chair(request.user, plan.body)
    failed_form = None
    if request.method == "POST":
        if not may_rate:
            return forbidden(request, chair_refusal(plan.body))
        failed_form = PlanRatingForm(
            request.POST,
            scheme=scheme_of(partnership),
            auto_id=f"id_rate{request.POST.get('improvement_action', '')}_%s",
        )
        if failed_form.is_valid():
            data = failed_form.cleaned_data
            action = ImprovementAction.objects.filter(
                pk=data["improvement_action"], objective__priority__plan=plan
            ).first()
            if action is None:
                raise Http404("No such action in this plan")
            try:
                services.improvement_action_rate(
                    actor=request.user,
                    improvement_action=action,
                    rag=data["rag"],
                    note=data["note"],
                    update_date=data["update_date"],
                )
            except ValidationError as error:
                add_validation_errors(failed_form, error)
            else:
                messages.success(request, f"Action {action.number} rated.")
                return redirect(reverse("governance:plan_detail", args=[plan.pk]))
        status = 400
    view = plan_get_month(plan.pk, month, today(), scheme_of(partnership))
    if may_rate:
        for _priority, rows in view.priorities:
            for row in rows:
                for action in row.actions:
                    failed = failed_form is not None and str(action.pk) == str(
                        failed_form.data.get("improvement_action")
                    )
                    action.rating_form = (
                        failed_form
                        if failed
                        else PlanRatingForm(
                            scheme=view.scheme,
                            initial={
                                "improvement_action": action.pk,
                                "update_date": today(),
                                "rag": action.rag,
                            },
                            auto_id=f"id_rate{action.pk}_%s",
                        )
                    )
    return render(
        request,
        "governance/plan_detail.html",
        {"view": view, "plan": view.plan, "month_form": month_form, "may_rate": may_rate},
        status=status,
    )
