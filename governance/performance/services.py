"""Writes of performance figures and audits. A figure, once recorded, is never changed in
place: a revision records a new figure that supersedes it, with who, when and why."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date, today
from core.history import save_tracked, stamp
from governance.models import (
    Action,
    Audit,
    AuditRecommendation,
    Metric,
    MetricDefinition,
    MetricValue,
    Period,
)
from governance.services._common import Actor, authorise_chair, not_in_future
from governance.services.actions import action_create
from membership.models import Body, Person

# "Leave as it is" for the optional parts of a revision.
UNCHANGED = object()
COMPARATORS = ("england", "statistical_neighbours", "region")


def _user(actor: Actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _refuse_removed_children(queryset, kept: list, message) -> None:
    removed = list(queryset.exclude(pk__in=[child.pk for child in kept if child.pk]))
    if removed:
        raise ValidationError([message(child) for child in removed])


@transaction.atomic
def metric_save(*, actor: Actor, metric: Metric, reason: str = "") -> Metric:
    """Save a metric with the definitions edited alongside it. A definition stays on record
    once saved: a change of definition is a new definition from the date it changed."""
    if metric.body_id:
        authorise_chair(actor, metric.body)
    metric.full_clean()
    definitions = list(metric.definitions.all())
    for definition in definitions:
        definition.full_clean(exclude=["metric"], validate_unique=False)
    dates = [definition.effective_from for definition in definitions]
    if len(dates) != len(set(dates)):
        raise ValidationError(
            {"definitions": "Two definitions start on the same day: give each its own date."}
        )
    if metric.pk:
        _refuse_removed_children(
            MetricDefinition.objects.filter(metric=metric),
            definitions,
            lambda d: (
                f"The definition from {long_date(d.effective_from)} is on record and "
                "cannot be deleted: correct its text, or add a newer definition."
            ),
        )
    stamp(metric, actor, reason)
    for definition in definitions:
        stamp(definition, actor, reason)
    metric.save()
    return metric


def _lock_metric(metric: Metric) -> Metric:
    """Serialise writes of one metric's figures, so two clerks entering the same period at
    once cannot both pass the one-figure-per-period check."""
    return Metric.objects.select_for_update().select_related("body").get(pk=metric.pk)


def _current(metric: Metric, period: Period) -> MetricValue | None:
    return MetricValue.objects.filter(
        metric=metric, period_kind=period.kind, period_start=period.start, is_current=True
    ).first()


@transaction.atomic
def metric_value_record(
    *,
    actor: Actor,
    metric: Metric,
    period_kind: str,
    period_start: datetime.date,
    value: Decimal,
    england: Decimal | None = None,
    statistical_neighbours: Decimal | None = None,
    region: Decimal | None = None,
    note: str = "",
    recorded_on: datetime.date | None = None,
    reason: str = "",
) -> MetricValue:
    """Record a metric's first figure for a period. A period that has a figure already is
    refused: revise that figure instead (metric_value_revise)."""
    metric = _lock_metric(metric)
    authorise_chair(actor, metric.body)
    recorded_on = recorded_on or today()
    not_in_future(recorded_on, "recorded_on")
    figure = MetricValue(
        metric=metric,
        period_kind=period_kind,
        period_start=period_start,
        value=value,
        england=england,
        statistical_neighbours=statistical_neighbours,
        region=region,
        note=note,
        recorded_on=recorded_on,
        recorded_by=_user(actor),
    )
    figure.full_clean(validate_constraints=False)
    existing = _current(metric, figure.period)
    if existing is not None:
        raise ValidationError(
            {
                "period_start": f"{metric} already has a figure for {figure.period.label}: "
                f"{existing.display}, recorded on {long_date(existing.recorded_on)}. Revise "
                "that figure instead, giving the reason."
            }
        )
    figure.full_clean()
    return save_tracked(figure, actor=actor, reason=reason or "Figure recorded")


def _refuse_revision(old: MetricValue, *, reason: str, recorded_on: datetime.date) -> None:
    """A revision revises the current figure, says why, and is dated on or after the figure
    it revises, and not in the future."""
    if not old.is_current:
        newer = old.superseded_by
        raise ValidationError(
            f"This figure for {old.period.label} was revised on {long_date(newer.recorded_on)}: "
            "revise the current figure instead."
        )
    if not reason:
        raise ValidationError(
            {"reason": "Say why the figure is revised: the reason is shown beside it."}
        )
    not_in_future(recorded_on, "recorded_on")
    if recorded_on < old.recorded_on:
        raise ValidationError(
            {
                "recorded_on": f"The figure being revised was recorded on "
                f"{long_date(old.recorded_on)}: date the revision on or after that day."
            }
        )


@transaction.atomic
def metric_value_revise(
    *,
    actor: Actor,
    figure: MetricValue,
    value: Decimal,
    reason: str,
    england=UNCHANGED,
    statistical_neighbours=UNCHANGED,
    region=UNCHANGED,
    note=UNCHANGED,
    recorded_on: datetime.date | None = None,
) -> MetricValue:
    """Revise a figure: record the new figure, superseding the current one, which is kept
    (pages show "revised" and, on request, the original). Comparators and note carry over
    unless given."""
    _lock_metric(figure.metric)
    old = MetricValue.objects.select_related("metric__body").get(pk=figure.pk)
    authorise_chair(actor, old.metric.body)
    reason = (reason or "").strip()
    recorded_on = recorded_on or today()
    _refuse_revision(old, reason=reason, recorded_on=recorded_on)

    def given(name, passed):
        return getattr(old, name) if passed is UNCHANGED else passed

    new = MetricValue(
        metric=old.metric,
        period_kind=old.period_kind,
        period_start=old.period_start,
        value=value,
        england=given("england", england),
        statistical_neighbours=given("statistical_neighbours", statistical_neighbours),
        region=given("region", region),
        note=given("note", note),
        recorded_on=recorded_on,
        recorded_by=_user(actor),
        supersedes=old,
        reason=reason,
    )
    changed = [
        name for name in ("value", *COMPARATORS, "note") if getattr(new, name) != getattr(old, name)
    ]
    if not changed:
        raise ValidationError(
            {
                "value": f"The figure and its comparators are as recorded on "
                f"{long_date(old.recorded_on)}: change one, or leave the figure as it is."
            }
        )
    new.full_clean(validate_constraints=False)
    old.is_current = False
    save_tracked(old, actor=actor, reason=f"Revised: {reason}")
    new.full_clean()
    return save_tracked(new, actor=actor, reason=f"Revision of the figure of {old.period.label}")


@transaction.atomic
def metric_value_save(*, actor: Actor, figure: MetricValue, reason: str = "") -> MetricValue:
    """The admin's save: a new figure is recorded; an edited one is revised (the edit is
    recorded as a new figure, and the reason for the change is the reason for the revision)."""
    if figure.pk is None:
        return metric_value_record(
            actor=actor,
            metric=figure.metric,
            period_kind=figure.period_kind,
            period_start=figure.period_start,
            value=figure.value,
            england=figure.england,
            statistical_neighbours=figure.statistical_neighbours,
            region=figure.region,
            note=figure.note,
            recorded_on=figure.recorded_on,
            reason=reason,
        )
    return metric_value_revise(
        actor=actor,
        figure=figure,
        value=figure.value,
        england=figure.england,
        statistical_neighbours=figure.statistical_neighbours,
        region=figure.region,
        note=figure.note,
        recorded_on=figure.recorded_on,
        reason=reason,
    )


# Audits ---------------------------------------------------------------------------------


def _refuse_changing_adopted(recommendations: list[AuditRecommendation]) -> None:
    adopted = {r.pk: r for r in recommendations if r.pk and r.action_id}
    saved = AuditRecommendation.objects.filter(pk__in=adopted).select_related("action")
    errors = []
    for before in saved:
        after = adopted[before.pk]
        if (after.action_owner_id, after.action_due) != (before.action_owner_id, before.action_due):
            errors.append(
                f"Recommendation {before.number} is action {before.action.reference} in the "
                "action log: change its owner or due date there."
            )
    if errors:
        raise ValidationError({"recommendations": errors})


@transaction.atomic
def audit_save(*, actor: Actor, audit: Audit, reason: str = "") -> Audit:
    """Save an audit with its findings and recommendations. Each recommendation given an
    owner and a due date, and not yet an action, is logged as an action of the audit's body
    (audit_recommendation_adopt)."""
    authorise_chair(actor, audit.body)
    audit.full_clean()
    findings = list(audit.findings.all())
    recommendations = list(audit.recommendations.all())
    for child in findings + recommendations:
        child.full_clean(exclude=["audit"], validate_unique=False)
    if audit.pk:
        _refuse_removed_children(
            AuditRecommendation.objects.filter(audit=audit, action__isnull=False),
            recommendations,
            lambda r: (
                f"Recommendation {r.number} is action {r.action.reference} in the action "
                "log, so it stays on record."
            ),
        )
        _refuse_changing_adopted(recommendations)
    stamp(audit, actor, reason)
    for child in findings + recommendations:
        stamp(child, actor, reason)
    audit.save()
    for recommendation in audit.recommendations.all():
        if recommendation.action_id is None and recommendation.action_owner_id:
            audit_recommendation_adopt(
                actor=actor,
                recommendation=recommendation,
                owner=recommendation.action_owner,
                due_date=recommendation.action_due,
            )
    return audit


@transaction.atomic
def audit_recommendation_adopt(
    *,
    actor: Actor,
    recommendation: AuditRecommendation,
    owner: Person,
    due_date: datetime.date,
    raised_on: datetime.date | None = None,
    body: Body | None = None,
    notify: bool = True,
) -> Action:
    """Log a recommendation as an action (of the audit's body unless another is given),
    linked to the audit, and remember it on the recommendation."""
    locked = (
        AuditRecommendation.objects.select_for_update()
        .select_related("audit__body")
        .get(pk=recommendation.pk)
    )
    if locked.action_id:
        raise ValidationError(
            f"Recommendation {locked.number} is already action {locked.action.reference}."
        )
    audit = locked.audit
    try:
        action = action_create(
            actor=actor,
            body=body or audit.body,
            description=locked.text,
            owner=owner,
            due_date=due_date,
            raised_on=raised_on or today(),
            audit=audit,
            source_note=f"{audit}, recommendation {locked.number}",
            is_restricted=audit.is_restricted,
            notify=notify,
        )
    except ValidationError as error:
        messages = error.messages
        raise ValidationError(
            {"recommendations": [f"Recommendation {locked.number}: {m}" for m in messages]}
        ) from error
    locked.action = action
    locked.action_owner = owner
    locked.action_due = due_date
    save_tracked(locked, actor=actor, reason=f"Logged as action {action.reference}")
    recommendation.action = action
    return action
