"""Sectors, organisations, people, bodies, their seats and requirements, and terms of
membership."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from core.dates import long_date
from core.history import Tracked, save_tracked, stamp
from membership import rules
from membership.collections import partnership_collection_provide
from membership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    RepresentationRequirement,
    Role,
    RoleType,
    Seat,
    Sector,
)
from membership.partnerships import manages


@transaction.atomic
def sector_save(*, actor: User | None, sector: Sector, reason: str = "") -> Sector:
    return save_tracked(sector, actor=actor, reason=reason)


@transaction.atomic
def organisation_save(
    *, actor: User | None, organisation: Organisation, reason: str = ""
) -> Organisation:
    return save_tracked(organisation, actor=actor, reason=reason)


@transaction.atomic
def person_save(*, actor: User | None, person: Person, reason: str = "") -> Person:
    return save_tracked(person, actor=actor, reason=reason)


@transaction.atomic
def partnership_save(
    *, actor: User | None, partnership: Partnership, reason: str = ""
) -> Partnership:
    """A business unit changes its own partnership (name, logo, contact, board); adding a
    partnership is cms.partnerships.create_partnership, which also makes its site."""
    if actor is not None and not manages(actor, partnership):
        raise PermissionDenied("Only its own business unit changes a partnership.")
    board = partnership.board
    if board is not None and board.partnership_id != partnership.pk:
        raise ValidationError(
            {
                "board": f"{board} belongs to {board.partnership}: choose one of this "
                "partnership's own bodies."
            }
        )
    save_tracked(partnership, actor=actor, reason=reason)
    # Its collection keeps its name, which is how the admin's collection filter names it.
    partnership_collection_provide(actor=actor, partnership=partnership)
    return partnership


def _lock_body(body: Body) -> None:
    """Serialise writes to one body's memberships, so two clerks appointing a chair at the
    same moment cannot both pass the one-chair rule."""
    if body.pk:
        Body.objects.select_for_update().filter(pk=body.pk).first()


def _refuse_removing_held_seats(body: Body) -> None:
    """A seat someone has held stays on record (its memberships point at it): refuse its
    removal with a message rather than letting the commit fail with ProtectedError."""
    if not body.pk:
        return
    kept = [seat.pk for seat in body.seats.all() if seat.pk]
    held = Seat.objects.filter(body=body, memberships__isnull=False).exclude(pk__in=kept)
    messages = [
        f"The seat “{seat.title}” has been held, so it cannot be deleted: mark it inactive instead."
        for seat in held.distinct()
    ]
    if messages:
        raise ValidationError({"seats": messages})


def _edited_in_memory(body: Body, relation: str) -> bool:
    """Whether the body's `relation` was changed in memory (by an inline panel, or by
    `.add()` before saving), so that saving the body writes it: modelcluster keeps such
    sets in `_cluster_related_objects` until they are committed."""
    return relation in getattr(body, "_cluster_related_objects", {})


@transaction.atomic
def body_save(*, actor: User | None, body: Body, reason: str = "") -> Body:
    """Save a body with any seats, requirements or memberships added to it in memory (as
    `load_demo` builds a body). The admin edits each of those in a form of its own
    (seat_save, requirement_save, membership_save), so a body's form leaves them unread."""
    _lock_body(body)
    body.full_clean()
    relations = [
        relation
        for relation in ("seats", "requirements", "memberships")
        if _edited_in_memory(body, relation)
    ]
    memberships = list(body.memberships.all()) if "memberships" in relations else []
    errors = [message for _m, _field, message in rules.conflicts(memberships)]
    # A new inline row has no body yet when the form cleans it, so Membership.clean()
    # cannot see that its seat belongs to another body; the whole body can.
    errors += [
        f"{m.person}: the seat “{m.seat.title}” belongs to {m.seat.body}. "
        "Choose one of this body's seats, or none."
        for m in memberships
        if m.seat_id and m.seat.body_id != body.pk
    ]
    if errors:
        raise ValidationError({"memberships": sorted(set(errors))})
    # The admin form has cleaned each inline row; other callers get the same messages here
    # rather than an IntegrityError from the database.
    for relation in relations:
        for child in getattr(body, relation).all():
            child.full_clean(exclude=["body"], validate_unique=False)
    if "seats" in relations:
        _refuse_removing_held_seats(body)
    if "memberships" in relations:
        _refuse_removing_memberships(body, memberships)
    stamp(body, actor, reason)
    for relation in relations:
        children = list(getattr(body, relation).all())
        saved = _saved_values(type(children[0]), children) if children else {}
        for child in children:
            stamp(child, actor, reason)
            # modelcluster saves every inline row; only those that changed get history
            # (simple-history skips a save whenever this attribute exists, whatever its value).
            if saved.get(child.pk) == _field_values(child):
                child.skip_history_when_saving = True
            elif hasattr(child, "skip_history_when_saving"):
                del child.skip_history_when_saving
    if body.pk:
        # modelcluster writes the quorum sectors after the body's own row, so the history row
        # that save writes would copy the old sectors; writing them first (without a history
        # row of their own) lets that one row hold the body as saved.
        body.skip_history_when_saving = True
        try:
            body.quorum_sectors.commit()
        finally:
            del body.skip_history_when_saving
    body.save()
    return body


def _child_save(child: Tracked, *, actor: User | None, reason: str, label: str) -> Tracked:
    """Save one seat or requirement of a body, locked with its body as its siblings are."""
    _lock_body(child.body)
    if child.pk and not type(child).objects.filter(pk=child.pk, body=child.body_id).exists():
        raise ValidationError({"body": f"A {label} stays with the body it was made for."})
    return save_tracked(child, actor=actor, reason=reason)


@transaction.atomic
def seat_save(*, actor: User | None, seat: Seat, reason: str = "") -> Seat:
    """Add or change one of a body's seats."""
    return _child_save(seat, actor=actor, reason=reason, label="seat")


@transaction.atomic
def seat_remove(*, actor: User | None, seat: Seat, reason: str = "") -> None:
    """Remove a seat no one has held; a seat someone has held stays on record (its
    memberships point at it), so it is marked inactive instead."""
    _lock_body(seat.body)
    if seat.memberships.exists():
        raise ValidationError(
            f"The seat “{seat.title}” has been held, so it cannot be deleted: "
            "mark it inactive instead."
        )
    stamp(seat, actor, reason or "Seat removed")
    seat.delete()


@transaction.atomic
def requirement_save(
    *, actor: User | None, requirement: RepresentationRequirement, reason: str = ""
) -> RepresentationRequirement:
    """Add or change what a body's membership must include from one sector."""
    return _child_save(requirement, actor=actor, reason=reason, label="requirement")


@transaction.atomic
def requirement_remove(
    *, actor: User | None, requirement: RepresentationRequirement, reason: str = ""
) -> None:
    _lock_body(requirement.body)
    stamp(requirement, actor, reason or "Requirement removed")
    requirement.delete()


def _field_values(instance: models.Model) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _saved_values(model: type[models.Model], instances: list) -> dict:
    pks = [instance.pk for instance in instances if instance.pk]
    return {saved.pk: _field_values(saved) for saved in model.objects.filter(pk__in=pks)}


def _refuse_removing_memberships(body: Body, memberships: list[Membership]) -> None:
    """Nothing is lost: a term is ended with an end date, never deleted from the record."""
    if not body.pk:
        return
    kept = [m.pk for m in memberships if m.pk]
    removed = (
        Membership.objects.filter(body=body).exclude(pk__in=kept).select_related("person", "role")
    )
    messages = [
        f"{m.person} ({m.get_role_display().lower()}) cannot be deleted from the record: "
        "give the term an end date instead."
        for m in removed
    ]
    if messages:
        raise ValidationError({"memberships": messages})


@transaction.atomic
def membership_start(
    *,
    actor: User | None,
    person: Person,
    body: Body,
    start_date: datetime.date,
    role: str = Role.MEMBER,
    seat: Seat | None = None,
    organisation: Organisation | None = None,
    job_title: str = "",
    end_date: datetime.date | None = None,
    reason: str = "",
) -> Membership:
    """Appoint a person to a body. The rules (one chair at a time, no overlapping terms in
    the same role, one holder per seat) are checked against the locked body."""
    _lock_body(body)
    membership = Membership(
        person=person,
        body=body,
        role_id=role,
        seat=seat,
        organisation=organisation or (seat.organisation if seat else None),
        job_title=job_title,
        start_date=start_date,
        end_date=end_date,
    )
    membership.full_clean()
    others = Membership.objects.filter(body=body).select_related("person", "role")
    rules.raise_for_conflicts([membership, *others], focus=membership)
    stamp(membership, actor, reason)
    membership.save()
    return membership


@transaction.atomic
def membership_save(*, actor: User | None, membership: Membership, reason: str = "") -> Membership:
    """Save one term as its admin form changed it, checked against the body's other terms
    (one chair at a time, no overlapping terms in the same role, one holder per seat) with
    the body locked, as membership_start checks a new one."""
    _lock_body(membership.body)
    membership.full_clean()
    others = Membership.objects.filter(body=membership.body).exclude(pk=membership.pk)
    rules.raise_for_conflicts(
        [membership, *others.select_related("person", "role")], focus=membership
    )
    stamp(membership, actor, reason)
    membership.save()
    return membership


@transaction.atomic
def membership_end(
    *, actor: User | None, membership: Membership, end_date: datetime.date, reason: str = ""
) -> Membership:
    """End a running term on a date; the person stays in the record with their dates."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.end_date and locked.end_date < end_date:
        raise ValidationError(
            {"end_date": "This term has already ended; edit it in the body's admin page."}
        )
    locked.end_date = end_date
    locked.full_clean()
    stamp(locked, actor, reason)
    locked.save()
    return locked


@transaction.atomic
def hand_over_seat(
    *,
    actor: User | None,
    seat: Seat,
    incoming_person: Person,
    on_date: datetime.date,
    role: str = Role.MEMBER,
    organisation: Organisation | None = None,
    job_title: str = "",
    reason: str = "",
) -> Membership:
    """One representative leaves and another takes the same seat on a date: the outgoing
    term ends the day before (end dates are inclusive) and the incoming one starts that day,
    so the seat is neither vacant nor held twice. All or nothing, with the body locked."""
    body = Body.objects.select_for_update().get(pk=seat.body_id)
    incoming_role = RoleType.objects.filter(key=role).first()
    if incoming_role is None or not incoming_role.holds_seat:
        raise ValidationError(
            {"role": "A seat is handed over to someone who holds it: choose a role that does."}
        )
    # Every term in the seat still running on the day, a later one too: a handover dated
    # before the holder even took the seat is refused by name, not as an overlap.
    outgoing = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(seat=seat, role__holds_seat=True)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on_date))
        .select_related("person")
        .order_by("start_date", "pk")
    )
    for membership in outgoing:
        if membership.person_id == incoming_person.pk:
            raise ValidationError(
                {
                    "incoming_person": f"{incoming_person} already holds this seat on "
                    f"{long_date(on_date)}: choose the person taking it over."
                }
            )
        if membership.start_date >= on_date:
            raise ValidationError(
                {
                    "on_date": f"{membership.person}’s term in this seat starts on "
                    f"{long_date(membership.start_date)}: hand it over after that day."
                }
            )
    for membership in outgoing:
        membership.end_date = on_date - datetime.timedelta(days=1)
        membership.full_clean()
        stamp(membership, actor, reason or f"Seat handed over to {incoming_person}")
        membership.save()
    previous = ", ".join(str(m.person) for m in outgoing)
    return membership_start(
        actor=actor,
        person=incoming_person,
        body=body,
        seat=seat,
        role=role,
        organisation=organisation,
        job_title=job_title,
        start_date=on_date,
        reason=reason or (f"Took over the seat from {previous}" if previous else "Took the seat"),
    )
