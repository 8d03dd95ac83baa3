from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date, today
from core.history import save_tracked, stamp
from governance.models import Action, Challenge, ReferenceKind, Risk, RiskReview
from governance.models.risks import REVIEW_INTERVAL
from membership.models import Body, Person

from ._common import NUMBERED_FIELDS, Actor, authorise_chair, not_in_future, number_record


def _scores(likelihood: int, impact: int) -> None:
    errors = {}
    for field, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[field] = f"Score the {field} from 1 (lowest) to 5 (highest)."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def risk_register(
    *,
    actor: Actor,
    body: Body,
    title: str,
    owner: Person,
    likelihood: int,
    impact: int,
    target_score: int,
    cause: str = "",
    consequence: str = "",
    controls: str = "",
    opened_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    is_restricted: bool = False,
    actions: Iterable[Action] = (),
    challenges: Iterable[Challenge] = (),
    note: str = "Assessed when added to the register.",
) -> Risk:
    """Add a risk to a body's register with its first assessment, which starts its trend."""
    authorise_chair(actor, body)
    _scores(likelihood, impact)
    opened_on = opened_on or today()
    next_review_on = _next_review(opened_on, next_review_on)
    risk = Risk(
        body=body,
        title=title,
        owner=owner,
        likelihood=likelihood,
        impact=impact,
        target_score=target_score,
        cause=cause,
        consequence=consequence,
        controls=controls,
        opened_on=opened_on,
        next_review_on=next_review_on,
        is_restricted=is_restricted,
    )
    risk.full_clean(exclude=NUMBERED_FIELDS)
    # Risks stay on the register across years, so their numbers run on without one.
    number_record(risk, actor=actor, kind=ReferenceKind.RISK, year=0)
    save_tracked(risk, actor=actor, reason="Risk added to the register")
    save_tracked(
        RiskReview(
            risk=risk,
            reviewed_on=opened_on,
            likelihood=likelihood,
            impact=impact,
            note=note,
            reviewed_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        actor=actor,
        reason="First assessment",
    )
    if actions or challenges:
        risk_link(actor=actor, risk=risk, actions=actions, challenges=challenges)
    return risk


@transaction.atomic
def risk_link(
    *,
    actor: Actor,
    risk: Risk,
    actions: Iterable[Action] = (),
    challenges: Iterable[Challenge] = (),
) -> Risk:
    """Link a risk to the actions that treat it and the challenges about it; they may be its
    subgroups' (the Board's register rests on work done below it). Each reader sees only the
    links they may see."""
    authorise_chair(actor, risk.body)
    actions, challenges = list(actions), list(challenges)
    stamp(risk, actor, "Links changed")
    if actions:
        risk.actions.add(*actions)
    if challenges:
        risk.challenges.add(*challenges)
    return risk


@transaction.atomic
def risk_save(*, actor: Actor, risk: Risk, reason: str = "") -> Risk:
    """Save an edit of a risk made in the admin; its scores change only through a review."""
    if not risk.pk:
        raise ValueError("Add new risks with risk_register.")
    locked = Risk.objects.select_for_update().get(pk=risk.pk)
    authorise_chair(actor, locked.body)
    if risk.body_id != locked.body_id:
        raise ValidationError({"body": f"{locked.reference} is on {locked.body}'s register."})
    risk.likelihood, risk.impact = locked.likelihood, locked.impact
    return save_tracked(risk, actor=actor, reason=reason or "Risk edited")


def _next_review(reviewed_on: datetime.date, chosen: datetime.date | None) -> datetime.date:
    if chosen is None:
        return reviewed_on + REVIEW_INTERVAL
    if chosen <= reviewed_on:
        raise ValidationError(
            {"next_review_on": f"The next review comes after {long_date(reviewed_on)}."}
        )
    return chosen


@transaction.atomic
def risk_review(
    *,
    actor: Actor,
    risk: Risk,
    likelihood: int,
    impact: int,
    reviewed_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    note: str = "",
) -> RiskReview:
    """Re-score a risk. Reviews come in date order, so the latest is the current score and
    the ones before it make the trend."""
    locked = Risk.objects.select_for_update().select_related("body").get(pk=risk.pk)
    authorise_chair(actor, locked.body)
    _scores(likelihood, impact)
    reviewed_on = reviewed_on or today()
    not_in_future(reviewed_on, "reviewed_on")
    last = locked.reviews.order_by("-reviewed_on", "-pk").first()
    if last is not None and reviewed_on < last.reviewed_on:
        raise ValidationError(
            {
                "reviewed_on": f"The last review was on {long_date(last.reviewed_on)}: a new "
                "review is dated on or after it."
            }
        )
    review = save_tracked(
        RiskReview(
            risk=locked,
            reviewed_on=reviewed_on,
            likelihood=likelihood,
            impact=impact,
            note=note,
            reviewed_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        actor=actor,
        reason="Reviewed",
    )
    before = f"{locked.likelihood} × {locked.impact} = {locked.score}"
    locked.likelihood, locked.impact = likelihood, impact
    locked.next_review_on = _next_review(reviewed_on, next_review_on)
    save_tracked(
        locked,
        actor=actor,
        reason=f"Reviewed on {long_date(reviewed_on)}: {before} → "
        f"{likelihood} × {impact} = {locked.score}",
    )
    return review
