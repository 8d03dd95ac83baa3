"""How fast are the pages with twenty years of data? Run with `make bench`.

1. The bench database (BENCH_DATABASE_URL, default tabled_bench on 127.0.0.1) is created,
   migrated and filled once with `generate_scale --years 20 --scale 1 --seed 2012`, then
   reused; it is migrated and analysed on every run.
2. gunicorn serves Tabled from it with production settings (bench/settings.py: plain HTTP,
   and the floor view at /bench/floor/) on a free port of 127.0.0.1. Nothing is kept
   between requests: every request is served as the first one after an edit would be.
3. A load generator in a second process — wrk when installed (installed from Debian when
   missing and run as root), else bench/load.py — sends each page 10 concurrent users for
   a few seconds, after a warm-up. The member signs in once and reuses the session cookie.
   A search is measured twice: one query asked again and again, and a new search on each
   request (the words of the generated history, alone and in pairs, none asked twice).
4. It prints, per page, the queries it makes, the web process's CPU time for one request
   (in-process, one at a time), the median and 95th percentile latency under load and the
   throughput, with the figures measured before the page cache was removed beside them;
   the peak memory of the gunicorn workers (VmHWM, the kernel's ru_maxrss); and whether
   the targets are met: a member's meeting page (the Board's latest meeting, and its long
   meeting of 60 items and 40 papers) in 15 ms of CPU or less, /my/, the body page and
   /decisions/ in 10 ms or less, and every page's 95th percentile under 150 ms (a search
   never asked before: under 200 ms).

Results are also written to var/bench/web.json (BENCH_RESULTS). Environment: BENCH_USERS (10),
BENCH_SECONDS (8), BENCH_WORKERS (2 × cores), BENCH_LOADGEN (wrk or python); BENCH_GENERATE
(generate_scale's arguments for a new database) and BENCH_HOST (measure the partnership whose
site answers that hostname, e.g. `<area>.localhost`, with its own member and Board), which
bench/partnerships.py sets to measure many partnerships.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "var" / "bench" / "web.json"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tabled_bench"
)
WARM_UP = 30
CPU_SAMPLES = 15
GENERATE = os.environ.get("BENCH_GENERATE", "--years 20 --scale 1 --seed 2012").split()

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
os.environ["PRIVATE_MEDIA_ROOT"] = str(ROOT / "var" / "bench")
sys.path.insert(0, str(ROOT))

from bench.web_load import (  # noqa: E402 - imported once sys.path holds the project
    HOST,
    SECONDS,
    USERS,
    WORKERS,
    free_port,
    get,
    load,
    load_generator,
    serve,
    sign_in,
    worker_peak_mb,
)
from bench.web_report import (  # noqa: E402
    TARGET_CPU_MEETING_MS,
    TARGET_CPU_PAGE_MS,
    Page,
    report,
)


def _manage(url: str, *args: str) -> None:
    subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DATABASE_URL": url},
    )


def database_ready(url: str = DATABASE_URL, generate: list[str] = GENERATE) -> None:
    """Create, migrate and fill a bench database unless it is already filled."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            print(f"Creating the bench database {name} …")
            connection.execute(f'CREATE DATABASE "{name}"')
    _manage(url, "migrate", "--noinput", "-v", "0")
    with psycopg.connect(url, autocommit=True) as connection:
        filled = connection.execute("SELECT count(*) FROM membership_body").fetchone()[0]
        if not filled:
            print(f"Generating {' '.join(generate)} into {name} (once; reused by later runs) …")
            _manage(url, "generate_scale", *generate)
        connection.execute("ANALYZE")


SEARCH_WORD = "safeguarding"
SEARCHES = ROOT / "var" / "bench" / "searches.txt"
# The last of SEARCHES, for the in-process CPU figure and the warm-up: the load generator's
# users start at the beginning and at the middle, and never reach them in a run.
SET_ASIDE = CPU_SAMPLES + 2 + WARM_UP


def new_searches() -> list[str]:
    """Searches as members might type them, none asked twice: the words of the generated
    history (demo/scale/words.py), alone and in pairs found in the same title or sentence
    (so that most find something, as members' searches do), in a seeded order."""
    import itertools
    import random

    from demo.scale import words

    singles: set[str] = set()
    pairs: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, str):
            found = list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z]{4,}", value)))
            singles.update(found)
            pairs.update(" ".join(pair) for pair in itertools.combinations(found, 2))
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)
        elif isinstance(value, (tuple, list, set, frozenset)):
            for item in value:
                collect(item)

    for name, value in vars(words).items():
        if name.isupper():
            collect(value)
    queries = sorted(singles | pairs)
    random.Random(2012).shuffle(queries)  # noqa: S311 - a bench's word order, not a secret
    return ["/search/?" + urlencode({"q": query}) for query in queries]


def pages() -> tuple[list[Page], str]:
    """The pages measured, found in the generated data of the partnership answering on
    HOST (the default one without it): its member, their Board, its latest meeting held,
    the member's own page, the registers and a search."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db.models import Count

    from meetings.models import Meeting, MeetingStatus
    from membership.models import Body, Membership, Partnership, default_partnership

    partnership = (
        Partnership.objects.filter(site__hostname=HOST).first() if HOST else None
    ) or default_partnership()
    # The generated member's home partnership keeps their record; a member of another
    # partnership may also sit on this one's Board (demo/scale/links.py).
    member = (
        User.objects.filter(username__endswith="-member", person__partnership=partnership)
        .order_by("pk")
        .first()
    )
    if member is None:
        raise SystemExit(
            f"The bench database has no generated member of {partnership}: drop it and run again."
        )
    board_ids = Membership.objects.filter(person__user=member).values("body_id")
    board = Body.objects.filter(
        pk__in=board_ids, parent__isnull=True, partnership=partnership
    ).get()
    held = Meeting.objects.filter(body=board, status=MeetingStatus.HELD)
    meeting = held.order_by("-start").first()
    # cms/scale/meetings.py gives the Board one long meeting.
    long = (
        held.annotate(items=Count("agenda_items")).filter(items__gte=60).order_by("-start").first()
    )
    if long is None:
        raise SystemExit("The bench database has no long meeting: drop it and run again.")
    meeting_cpu, page_cpu = TARGET_CPU_MEETING_MS, TARGET_CPU_PAGE_MS
    return [
        Page("floor (template, no query)", "/bench/floor/", signed_in=False),
        Page("home", "/", signed_in=False, before="6.8"),
        Page("body", f"/bodies/{board.slug}/", False, cpu_target_ms=page_cpu, before="15.7-20.6"),
        Page("body", f"/bodies/{board.slug}/", True, cpu_target_ms=page_cpu, before="15.7-20.6"),
        Page("meeting", f"/meetings/{meeting.pk}/", signed_in=False),
        Page(
            "meeting",
            f"/meetings/{meeting.pk}/",
            signed_in=True,
            cpu_target_ms=meeting_cpu,
            before="48.7 ms, 19 q, p95 608",
        ),
        Page(
            "meeting, 60 items",
            f"/meetings/{long.pk}/",
            signed_in=True,
            cpu_target_ms=meeting_cpu,
        ),
        Page("my meetings", "/my/", signed_in=True, cpu_target_ms=page_cpu, before="22.8"),
        Page("decisions", "/decisions/", False, cpu_target_ms=page_cpu, before="23.3-23.6"),
        Page("decisions", "/decisions/", True, cpu_target_ms=page_cpu, before="23.3-23.6"),
        # The partnership's commonest word: about 6,000 of the 47,000 documents match it,
        # every one ranked. bench/search.py asks a range of searches one at a time.
        Page("search", f"/search/?q={SEARCH_WORD}", signed_in=False),
        Page("search", f"/search/?q={SEARCH_WORD}", signed_in=True),
        Page("search, each one new", "/search/", signed_in=False, varied=True),
        Page("search, each one new", "/search/", signed_in=True, varied=True),
    ], member.username


def count_queries(measured: list[Page], username: str) -> None:
    """Each page's queries, and the CPU time this process spends making it (the median of
    a few requests one after another, through Django's test client: no HTTP, no queueing,
    and PostgreSQL's own time not counted), to tell a page's cost from the machine's load."""
    import statistics

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    host = {"HTTP_HOST": HOST} if HOST else {}
    anonymous, member = Client(**host), Client(**host)
    # force_login: the sign-in lockout's backend wants a request, which login() does not
    # pass; the form sign-in is what the load generator's session goes through.
    member.force_login(User.objects.get(username=username))
    searches = new_searches()[-CPU_SAMPLES - 2 :]
    for page in measured:
        client = member if page.signed_in else anonymous
        # A warm-up, the request whose queries are counted, then those timed.
        paths = searches if page.varied else [page.path] * (CPU_SAMPLES + 2)
        client.get(paths[0])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(paths[1])
        if response.status_code != 200:
            raise SystemExit(f"{paths[1]} answered {response.status_code}")
        page.queries = len(captured)
        times = []
        for path in paths[2:]:
            start = time.process_time()
            client.get(path)
            times.append((time.process_time() - start) * 1000)
        page.cpu_ms = statistics.median(times)
    connection.close()


def machine() -> dict:
    import psycopg

    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    with psycopg.connect(DATABASE_URL) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "load_average": [round(figure, 1) for figure in os.getloadavg()],
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "postgresql": version,
        "python": sys.version.split()[0],
        "workers": WORKERS,
        "users": USERS,
        "seconds": SECONDS,
    }


def main() -> int:
    database_ready()
    measured, username = pages()
    count_queries(measured, username)
    tool = load_generator()
    port = free_port()
    server = serve(port)
    try:
        cookie = sign_in(port, username)
        searches = new_searches()
        SEARCHES.parent.mkdir(parents=True, exist_ok=True)
        SEARCHES.write_text("\n".join(searches[:-SET_ASIDE]) + "\n")
        warm_up = searches[-SET_ASIDE : -SET_ASIDE + WARM_UP]
        for page in measured:
            header = cookie if page.signed_in else ""
            for path in warm_up if page.varied else [page.path] * WARM_UP:
                get(port, path, header)
            url = f"http://127.0.0.1:{port}{page.path}"
            result = load(tool, url, header, SEARCHES if page.varied else None)
            page.requests = result["requests"]
            page.p50_ms = result["p50_us"] / 1000
            page.p95_ms = result["p95_us"] / 1000
            page.per_second = result["requests"] / (result["duration_us"] / 1e6)
            page.failures = result["errors"] + result["non_2xx"]
            if page.varied and page.requests > (len(searches) - SET_ASIDE) // 2:
                # Each of wrk's two users' threads starts half way through the other's.
                print(f"{page.name}: {page.requests} requests outran the searches; some repeated.")
        peak_mb = worker_peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    about = machine()
    met = report(measured, tool, peak_mb, about)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": about,
                "database": DATABASE_URL.rsplit("/", 1)[1],
                "host": HOST,
                "member": username,
                "load_generator": tool,
                "worker_peak_mb": round(peak_mb),
                "pages": [asdict(page) for page in measured],
            },
            indent=2,
        )
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
