"""How fast are the business unit's admin screens with twenty years of data? `make bench`.

On the bench database of bench/web.py (created and filled once with `generate_scale`),
with production settings and nothing kept between requests (no Redis cache), a business-unit
user signed in with two factors asks for each screen one request at a time, REQUESTS times
after a warm-up, in this process through Django's full middleware stack. Printed per screen:
median and 95th percentile, queries, HTML size and the number of <option>s, with the
targets (p95 under 300 ms, HTML under 300 KB) marked met or missed and the figures before
the admin edited agendas and memberships as lists beside them.

Environment: BENCH_DATABASE_URL (as bench/web.py), BENCH_REQUESTS (20), BENCH_MANAGER (the
business-unit login to sign in as; the default partnership's first one without it: with many
partnerships, the manager of one of them, shown the records of the partnerships it runs),
BENCH_ADMIN_RESULTS (the JSON written, var/bench/admin.json).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Nothing kept: every request is the first after an edit.
os.environ["REDIS_CACHE_URL"] = ""

from bench.web import database_ready  # noqa: E402 - sets the bench database and settings

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
MANAGER = os.environ.get("BENCH_MANAGER", "")
RESULTS = Path(os.environ.get("BENCH_ADMIN_RESULTS", ROOT / "var" / "bench" / "admin.json"))
TARGET_P95_MS = 300.0
TARGET_KB = 300.0
# As measured before agendas and memberships were edited as lists (20-year database).
BEFORE = {
    "meeting editor": "7,700 ms, 2.8 MB, 48,522 options (23 items)",
    "body editor": "72–78 s, 9,000 queries, 43 MB (346 terms)",
    "listing": "44–81 ms, 11–52 queries",
}


def screens(user) -> list[tuple[str, str, str]]:
    """(name, path, the 'before' key) for every screen measured: the records edited are
    those of the partnerships the user runs."""
    from django.db.models import Count

    from cms.models import ProgressReportPage
    from demo.scale.editors import LONG_MEETING_TITLE, REPORT_TITLE
    from meetings.models import AgendaItem, Meeting
    from membership.models import Body
    from membership.partnerships import managed_partnership_ids

    bodies = Body.objects.in_partnerships(managed_partnership_ids(user))
    meetings = Meeting.objects.filter(body__in=bodies.values("pk"))
    meeting = meetings.filter(title=LONG_MEETING_TITLE).order_by("pk").first() or (
        meetings.annotate(n=Count("agenda_items")).order_by("-n").first()
    )
    body = bodies.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    item = AgendaItem.objects.filter(meeting=meeting).order_by("sort_order").first()
    found = [
        (
            f"meeting editor ({meeting.agenda_items.count()} items)",
            f"/admin/meeting/edit/{meeting.pk}/",
            "meeting editor",
        ),
        ("agenda item form", f"/admin/agenda_item/edit/{item.pk}/", ""),
        (f"body editor ({body.n} terms)", f"/admin/body/edit/{body.pk}/", "body editor"),
        ("body's ended terms", f"/admin/term/?body={body.pk}&term=ended", "listing"),
        ("new term", f"/admin/term/new/?body={body.pk}", ""),
    ]
    report = (
        ProgressReportPage.objects.filter(title=REPORT_TITLE, board__in=bodies.values("pk"))
        .order_by("pk")
        .first()
    )
    # generate_scale puts every partnership's report under the first one's reports page:
    # another partnership's manager may not edit it there.
    if report is not None and report.permissions_for_user(user).can_edit():
        found.append(
            (f"report editor ({len(report.body)} blocks)", f"/admin/pages/{report.pk}/edit/", "")
        )
    for listing in (
        "person", "organisation", "body", "term", "meeting", "agenda_item", "attendance",
        "paper", "paperversion", "decision", "action", "challenge", "risk", "minutes",
    ):  # fmt: skip
        found.append((f"/admin/{listing}/", f"/admin/{listing}/", "listing"))
    for form in ("meeting", "paper", "decision", "action", "challenge", "risk", "attendance"):
        found.append((f"new {form}", f"/admin/{form}/new/", ""))
    return found


def signed_in_client():
    """A business-unit user of the generated data, past both factors of sign-in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from django.contrib.auth.models import User
    from django.test import Client

    users = (
        User.objects.filter(username=MANAGER)
        if MANAGER
        else (User.objects.filter(groups__name="Business unit"))
    )
    user = users.order_by("pk").first()
    if user is None:
        raise SystemExit(f"No business-unit login {MANAGER!r} in the bench database.")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


def measure(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up: templates compiled, per-process lookups made
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    times = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
    html = response.content.decode()
    return {
        "p50": statistics.median(times),
        "p95": statistics.quantiles(times, n=20)[-1],
        "queries": len(captured),
        "kb": len(response.content) / 1024,
        "options": html.count("<option"),
    }


def main() -> int:
    database_ready()
    import django

    django.setup()
    from django.db import connection

    from membership.models import Partnership

    client, user = signed_in_client()
    partnerships = Partnership.objects.count()
    print(
        f"Admin screens, one request at a time, {REQUESTS} requests each (20-year data, "
        f"{partnerships} partnership(s), {connection.settings_dict['NAME']}), "
        f"signed in as {user.username}"
    )
    print(
        f"{'screen':34} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'KB':>6} {'options':>7}"
        "  target  before"
    )
    missed = 0
    measured = []
    for name, path, before in screens(user):
        r = measure(client, path)
        measured.append({"screen": name, "path": path, **r})
        met = r["p95"] < TARGET_P95_MS and r["kb"] < TARGET_KB
        missed += not met
        print(
            f"{name:34} {r['p50']:7.0f} {r['p95']:7.0f} {r['queries']:7d} {r['kb']:6.0f} "
            f"{r['options']:7d}  {'met   ' if met else 'MISSED'}  {BEFORE.get(before, '')}"
        )
    print(
        f"Targets: p95 under {TARGET_P95_MS:.0f} ms and HTML under {TARGET_KB:.0f} KB; "
        f"{missed} screen(s) missed."
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "database": connection.settings_dict["NAME"],
                "partnerships": partnerships,
                "manager": user.username,
                "load_average": [round(figure, 1) for figure in os.getloadavg()],
                "screens": measured,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
