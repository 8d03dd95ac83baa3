"""A realistic twenty-year history, generated fast, for measuring Tabled at scale.

`python manage.py generate_scale --years 20 [--scale 1.0] [--seed N]` writes, per
partnership of twelve bodies (a Board, its Executive and Improvement Board, nine
subgroups and groups), twenty years of seats and terms, meetings with agendas, papers
and attendance, decisions and actions, each row with its history row. Scale 1 is one
partnership: about 1,500 meetings, 20,000 agenda items, 10,000 papers, 15,000 decisions
and actions and 2,000 people. Below 1 the partnership is thinner (fewer meetings and
people, the same bodies and seats); above it, there are more partnerships.

This package is the one place where rows are written in bulk (see `bulk.py`), and it
writes their history rows itself. It is for benchmarks and tests, never for real data.
"""

from __future__ import annotations

import datetime
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.partnerships import create_partnership
from meetings.models import Meeting
from membership.models import Body, Person, default_partnership
from membership.models import Partnership as PartnershipRecord

from .bulk import BulkWriter
from .context import Context
from .editors import editor_cases_build
from .links import links_build
from .logs import logs_build
from .meetings import meetings_build
from .pdf import store_sample_pdf
from .people import partnership_build, sectors_ensure
from .words import AREAS

LOGINS = ("manager", "chair", "member")
DEFAULT_PASSWORD = "tabled-scale"  # noqa: S105  # nosec B105 - benchmark data on 127.0.0.1


class ScaleRefused(Exception):
    """The database already holds data and --force was not given."""


@dataclass
class Result:
    areas: list[str]
    logins: list[str]
    counts: dict[str, int]
    seconds: float


def existing_data() -> dict[str, int]:
    return {
        "bodies": Body.objects.count(),
        "people": Person.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def _areas(count: int) -> list[tuple[str, str]]:
    """Area names (and reference codes) no body or login uses yet."""
    taken_names = set(Body.objects.values_list("name", flat=True))
    taken_logins = set(User.objects.values_list("username", flat=True))
    # The default partnership's code is free to take over while it has no bodies.
    taken_codes = set(
        PartnershipRecord.objects.filter(bodies__isnull=False).values_list("code", flat=True)
    )
    chosen = []
    round_ = 0
    while len(chosen) < count:
        for area in AREAS:
            name = area if round_ == 0 else f"{area} {round_ + 1}"
            letters = re.sub(r"[^A-Z]", "", area.upper())[:4]
            code = letters + ("" if round_ == 0 else str(round_ + 1))
            if f"{name} Safeguarding Children Board" in taken_names:
                continue
            if f"{slugify(name)}-manager" in taken_logins:
                continue
            if code in taken_codes or code in {c for _n, c in chosen}:
                continue
            chosen.append((name, code))
            if len(chosen) == count:
                break
        round_ += 1
    return chosen


def _logins(area: str, password_hash: str) -> dict[str, User]:
    logins = {}
    for role in LOGINS:
        logins[role] = User.objects.create(
            username=f"{slugify(area)}-{role}", password=password_hash, first_name=role.title()
        )
    return logins


def _partnership_record(area: str, code: str, *, first: bool) -> PartnershipRecord:
    """The first area takes over an empty installation's default partnership (so the
    benchmark's pages answer on 127.0.0.1); each other is set up as a business unit would,
    with a site of its own on <area>.localhost."""
    default = default_partnership()
    if first and not default.bodies.exists():
        default.name, default.code = f"{area} Safeguarding Children Partnership", code
        default.save()
        return default
    return create_partnership(
        actor=None,
        name=f"{area} Safeguarding Children Partnership",
        code=code,
        hostname=f"{slugify(area)}.localhost",
    )


def generate(
    *,
    years: int = 20,
    scale: float = 1.0,
    seed: int = 2012,
    today: datetime.date | None = None,
    force: bool = False,
    password: str = DEFAULT_PASSWORD,
    partnerships: int | None = None,
    thin: float = 0.02,
    progress: Callable[[str], None] = lambda message: None,
) -> Result:
    """Write the history; refuse (ScaleRefused) on a database with data unless forced.
    The same seed, scale, years and `today` write the same history."""
    if years < 1 or scale <= 0:
        raise ValueError("years must be at least 1 and scale above 0")
    found = existing_data()
    if any(found.values()) and not force:
        raise ScaleRefused(
            "This database already has "
            + ", ".join(f"{n} {what}" for what, n in found.items())
            + ". generate_scale fills an empty database; run it with --force to add a "
            "generated history beside what is there (under new area names)."
        )
    started = time.perf_counter()
    today = today or timezone.localdate()
    if partnerships is None:
        partnerships = max(1, math.ceil(scale - 1e-9))
        shares = [scale / partnerships] * partnerships
    else:
        # One partnership at --scale, the others thin: hosted for many areas, most are small.
        shares = [scale] + [thin] * (partnerships - 1)
    password_hash = make_password(password)
    with transaction.atomic():
        areas = _areas(partnerships)
        logins = {area: _logins(area, password_hash) for area, _code in areas}
        first_manager = logins[areas[0][0]]["manager"]
        ctx = Context(
            rng=random.Random(seed),  # noqa: S311  # nosec B311 - generated data, not secrets
            writer=BulkWriter(history_user=first_manager),
            first_day=today - relativedelta(years=years),
            today=today,
            horizon=today + datetime.timedelta(days=182),
            share=shares[0],
            manager=first_manager,
        )
        pdf = store_sample_pdf()
        sectors = sectors_ensure(ctx)
        previous = None
        for index, (area, code) in enumerate(areas):
            progress(f"{area}: people and bodies")
            ctx.share = shares[index]
            ctx.manager = logins[area]["manager"]
            ctx.writer.history_user = ctx.manager
            record = _partnership_record(area, code, first=index == 0)
            ctx.manager.groups.add(record.business_unit)
            partnership = partnership_build(
                ctx, area=area, code=code, sectors=sectors, logins=logins[area], record=record
            )
            if previous is not None:
                links_build(ctx, previous, partnership)
            previous = partnership
            progress(f"{area}: meetings, agendas, papers and attendance")
            plans = meetings_build(ctx, partnership, pdf)
            progress(f"{area}: decisions and actions")
            logs_build(ctx, partnership, plans)
            editor_cases_build(ctx, partnership)
    return Result(
        areas=[area for area, _code in areas],
        logins=[user.username for area in logins.values() for user in area.values()],
        counts=dict(ctx.writer.counts),
        seconds=time.perf_counter() - started,
    )
