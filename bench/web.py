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

Results are also written to var/bench/web.json. Environment: BENCH_USERS (10),
BENCH_SECONDS (8), BENCH_WORKERS (2 × cores), BENCH_LOADGEN (wrk or python).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "var" / "bench" / "web.json"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tabled_bench"
)
USERS = int(os.environ.get("BENCH_USERS", "10"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
WARM_UP = 30
CPU_SAMPLES = 15
MAX_REQUESTS = 20000
TARGET_P95_MS = 150.0
TARGET_P95_NEW_SEARCH_MS = 200.0
TARGET_CPU_MEETING_MS = 15.0
TARGET_CPU_PAGE_MS = 10.0
GENERATE = ["--years", "20", "--scale", "1", "--seed", "2012"]
PASSWORD = "tabled-scale"  # noqa: S105 - the generated logins' password, on 127.0.0.1

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
os.environ["PRIVATE_MEDIA_ROOT"] = str(ROOT / "var" / "bench")
sys.path.insert(0, str(ROOT))


@dataclass
class Page:
    name: str
    path: str
    signed_in: bool
    # Each request a path of its own from SEARCHES (the load generator cycles through them).
    varied: bool = False
    cpu_target_ms: float | None = None
    # The figures before the page cache was removed: CPU ms, queries, p95 ms ("" unknown).
    before: str = ""
    queries: int = 0
    cpu_ms: float = 0.0
    requests: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    per_second: float = 0.0
    failures: int = 0


def _manage(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def database_ready() -> None:
    """Create, migrate and fill the bench database unless it is already filled."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            print(f"Creating the bench database {name} …")
            connection.execute(f'CREATE DATABASE "{name}"')
    _manage("migrate", "--noinput", "-v", "0")
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        filled = connection.execute("SELECT count(*) FROM membership_body").fetchone()[0]
        if not filled:
            print("Generating twenty years of data (once; reused by later runs) …")
            _manage("generate_scale", *GENERATE)
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
    """The pages measured, found in the generated data: the member's Board, its latest
    meeting held, the member's own page, the registers and a search."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db.models import Count

    from meetings.models import Meeting, MeetingStatus
    from membership.models import Body, Membership

    member = User.objects.filter(username__endswith="-member").order_by("pk").first()
    if member is None:
        raise SystemExit("The bench database has no generated member: drop it and run again.")
    board_ids = Membership.objects.filter(person__user=member).values("body_id")
    board = Body.objects.filter(pk__in=board_ids, parent__isnull=True).get()
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

    anonymous, member = Client(), Client()
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(port, "/bench/floor/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within a minute.")


def _get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, response.read()


def sign_in(port: int, username: str) -> str:
    """Sign in through the login form, as a browser would; return the Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not (csrf_cookie and token):
        raise SystemExit("The login page gave no CSRF token.")
    body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie[1]}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", "") or "")
    if response.status != 302 or not session:
        raise SystemExit(f"Signing in as {username} failed ({response.status}).")
    return f"sessionid={session[1]}"


def load_generator() -> str:
    choice = os.environ.get("BENCH_LOADGEN", "")
    if choice == "python":
        return "python"
    if shutil.which("wrk"):
        return "wrk"
    if choice != "python" and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk from Debian …")
        subprocess.run(["apt-get", "update", "-qq"], check=False, stdout=subprocess.DEVNULL)  # noqa: S607
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],  # noqa: S607
            check=False,
            stdout=subprocess.DEVNULL,
        )
        if shutil.which("wrk"):
            return "wrk"
    return "python"


def load(tool: str, url: str, cookie: str, paths: Path | None = None) -> dict:
    """Run the load generator in its own process and read its one line of JSON. Given a
    file of paths, each request takes the next of them."""
    if tool == "wrk":
        command = [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(USERS),
            "--duration",
            f"{int(SECONDS)}s",
            "--timeout",
            "10s",
            "--script",
            str(ROOT / "bench" / ("wrk_paths.lua" if paths else "wrk_report.lua")),
            url,
        ]
        if paths:
            command += ["--", str(paths)]
        if cookie:
            command[1:1] = ["--header", f"Cookie: {cookie}"]
    else:
        command = [
            str(BIN / "python"),
            str(ROOT / "bench" / "load.py"),
            url,
            "--users",
            str(USERS),
            "--seconds",
            str(SECONDS),
            "--max-requests",
            str(MAX_REQUESTS),
            "--cookie",
            cookie,
        ]
        if paths:
            command += ["--paths", str(paths)]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, timeout=SECONDS + 60, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def worker_peak_mb(master: int) -> float:
    """The largest peak resident memory (VmHWM) of the master's worker processes."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        if found:
            peaks.append(int(found[1]) / 1024)
    return max(peaks, default=0.0)


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


def _verdict(page: Page) -> tuple[bool, str]:
    """Whether the page met its targets, and what it missed."""
    missed = []
    p95_target = TARGET_P95_NEW_SEARCH_MS if page.varied else TARGET_P95_MS
    if page.p95_ms >= p95_target:
        missed.append(f"p95 ≥ {p95_target:.0f} ms")
    if page.cpu_target_ms is not None and page.cpu_ms > page.cpu_target_ms:
        missed.append(f"CPU > {page.cpu_target_ms:.0f} ms")
    if page.failures:
        missed.append(f"{page.failures} failed")
    return not missed, "met" if not missed else "MISSED: " + ", ".join(missed)


def report(measured: list[Page], tool: str, peak_mb: float, about: dict) -> bool:
    print()
    print(
        f"{about['cores']} cores, {about['memory_gb']} GB, PostgreSQL {about['postgresql']}, "
        f"gunicorn {about['workers']} sync workers; {tool}: {USERS} concurrent users, "
        f"{SECONDS:.0f} s a page; load average {about['load_average'][0]} at the end "
        "(other processes share the machine)."
    )
    header = (
        f"{'page':<22} {'who':<7} {'queries':>7} {'CPU':>8} {'target':>7} {'median':>9} "
        f"{'p95':>9} {'req/s':>6}  {'before (CPU ms)':<23} verdict"
    )
    print(header)
    print("-" * len(header))
    all_met = True
    for page in measured:
        met, verdict = _verdict(page)
        if page is measured[0]:
            met, verdict = True, "(the floor)"
        all_met &= met
        target = f"{page.cpu_target_ms:.0f} ms" if page.cpu_target_ms is not None else "—"
        print(
            f"{page.name:<22} {'member' if page.signed_in else 'public':<7} "
            f"{page.queries:>7} {page.cpu_ms:>5.1f} ms {target:>7} {page.p50_ms:>6.1f} ms "
            f"{page.p95_ms:>6.1f} ms {page.per_second:>6.0f}  {page.before or '—':<23} {verdict}"
        )
    print(
        "CPU: the web process's own time for one request in-process, one at a time; "
        "median and p95: under load, through gunicorn. Before: with REDIS_CACHE_URL unset, "
        "nothing kept (the body page 15.7-20.6 ms, /decisions/ 23.3-23.6 ms; p95 147-608 ms)."
    )
    print(f"Peak memory of a gunicorn worker (VmHWM): {peak_mb:.0f} MB")
    print(
        f"Targets: a member's meeting page {TARGET_CPU_MEETING_MS:.0f} ms of CPU or less; "
        f"/my/, the body page and /decisions/ {TARGET_CPU_PAGE_MS:.0f} ms or less; every "
        f"page's p95 under {TARGET_P95_MS:.0f} ms (a search never asked before: under "
        f"{TARGET_P95_NEW_SEARCH_MS:.0f} ms): {'all met' if all_met else 'NOT all met'}."
    )
    return all_met


def main() -> int:
    database_ready()
    measured, username = pages()
    count_queries(measured, username)
    tool = load_generator()
    port = _free_port()
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
                _get(port, path, header)
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
