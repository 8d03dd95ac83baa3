"""Do the pages cost the same with 100 partnerships as with one? Run with `make bench`.

Two partnerships are measured, each with one and with many partnerships in its database:

- the FIRST partnership, twenty years at scale 1, on the default host (127.0.0.1): alone in
  bench/web.py's database (`generate_scale --years 20 --scale 1 --seed 2012`), and first of
  100 in `<bench database>_p100` (`--partnerships 100 --thin 0.02`, the same seed: one full
  partnership and 99 thin ones, each on its own site `<area>.localhost` with its business
  unit, each tied to the one before by a joint committee and a member on both boards);
- a THIN partnership (twenty years at scale 0.02): alone in `<bench database>_thin`
  (`--scale 0.02 --partnerships 1`, on the default host), and the middle one of the 99 in
  the 100-partnership database, asked for on its own host (its Host header).

Each database is made once and reused (drop it to make it again). Each case is a run of
bench/web.py in its own process (BENCH_DATABASE_URL, BENCH_GENERATE, BENCH_HOST), measuring
every page it measures: queries, CPU per request, median and p95 under load. Then
bench/admin.py measures the business unit's listings and "new" forms at 100 partnerships,
signed in as the manager of the first partnership and of the thin one (each runs its
partnership alone), beside the first partnership's manager alone. Figures bench/web.py and
bench/admin.py wrote within the hour for the first partnership alone (var/bench/web.json,
var/bench/admin.json: `make bench` runs them just before) are reused, not measured again.

It prints the figures side by side, marks every page whose queries differ between one and
100 partnerships or that misses a target, writes var/bench/partnerships.json, and exits
non-zero when a count differs or a target is missed (`--report` prints the last run's tables
again without measuring). Environment: as bench/web.py, and BENCH_PARTNERSHIPS (100),
BENCH_THIN (0.02).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web import BIN, DATABASE_URL, GENERATE, RESULTS, database_ready  # noqa: E402

MANY = int(os.environ.get("BENCH_PARTNERSHIPS", "100"))
THIN = os.environ.get("BENCH_THIN", "0.02")
SEED = GENERATE[GENERATE.index("--seed") + 1] if "--seed" in GENERATE else "2012"
OUT = ROOT / "var" / "bench" / "partnerships"
SUMMARY = ROOT / "var" / "bench" / "partnerships.json"
ADMIN_RESULTS = ROOT / "var" / "bench" / "admin.json"
ADMIN_RESULTS = ROOT / "var" / "bench" / "admin.json"
# bench/web.py's figures stand for the first partnership alone when this fresh.
REUSE_SECONDS = 3600

ONE_URL = DATABASE_URL
MANY_URL = f"{DATABASE_URL}_p{MANY}"
THIN_URL = f"{DATABASE_URL}_thin"
MANY_GENERATE = [*GENERATE, "--partnerships", str(MANY), "--thin", THIN]
THIN_GENERATE = ["--years", "20", "--scale", THIN, "--seed", SEED, "--partnerships", "1"]


def thin_partnership(url: str) -> tuple[str, str]:
    """The hostname and business-unit login of the middle thin partnership: its committee
    reports to the board before it, and the next one's committee reports to its board."""
    import psycopg

    with psycopg.connect(url) as connection:
        found = connection.execute(
            """
            SELECT s.hostname, u.username
            FROM membership_partnership p
            JOIN wagtailcore_site s ON s.id = p.site_id
            JOIN auth_user_groups g ON g.group_id = p.business_unit_id
            JOIN auth_user u ON u.id = g.user_id AND u.username LIKE '%%-manager'
            WHERE NOT p.is_default
            ORDER BY p.id
            """
        ).fetchall()
    if not found:
        raise SystemExit(f"{url} has no partnership on a site of its own: drop it, run again.")
    return found[len(found) // 2]


def first_manager(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            """
            SELECT u.username FROM membership_partnership p
            JOIN auth_user_groups g ON g.group_id = p.business_unit_id
            JOIN auth_user u ON u.id = g.user_id AND u.username LIKE '%%-manager'
            WHERE p.is_default ORDER BY u.id LIMIT 1
            """
        ).fetchone()[0]


def _run(script: str, env: dict[str, str]) -> None:
    # A missed target makes the script exit non-zero; its figures are still written.
    subprocess.run([str(BIN / "python"), f"bench/{script}"], cwd=ROOT, env=env, check=False)  # noqa: S603


def _fresh(path: Path, **expected: str) -> dict | None:
    """Figures bench/web.py or bench/admin.py wrote within the hour for the same case."""
    if not path.exists() or time.time() - path.stat().st_mtime > REUSE_SECONDS:
        return None
    figures = json.loads(path.read_text())
    if any(figures.get(key) != value for key, value in expected.items()):
        return None
    print(f"Reusing {path.relative_to(ROOT)} ({', '.join(filter(None, expected.values()))}).")
    return figures


def web(key: str, url: str, host: str = "") -> None:
    name = url.rsplit("/", 1)[1]
    results = OUT / f"{key}.json"
    reused = _fresh(RESULTS, database=name, host=host) if url == DATABASE_URL else None
    if reused is not None:
        results.write_text(json.dumps(reused, indent=2))
        return
    print(f"\n== {key}: {name}, host {host or '127.0.0.1'} ==", flush=True)
    env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_RESULTS": str(results)}
    env["BENCH_HOST"] = host
    _run("web.py", env)


def admin(key: str, url: str, manager: str) -> None:
    name = url.rsplit("/", 1)[1]
    results = OUT / f"admin-{key}.json"
    reused = _fresh(ADMIN_RESULTS, database=name, manager=manager)
    if reused is not None:
        results.write_text(json.dumps(reused, indent=2))
        return
    print(f"\n== admin, {key}: {name}, {manager} ==", flush=True)
    env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_ADMIN_RESULTS": str(results)}
    env["BENCH_MANAGER"] = manager
    _run("admin.py", env)


def main() -> int:
    if "--report" in sys.argv:
        return report()
    OUT.mkdir(parents=True, exist_ok=True)
    databases = ((ONE_URL, GENERATE), (THIN_URL, THIN_GENERATE), (MANY_URL, MANY_GENERATE))
    for url, generate in databases:
        database_ready(url, generate)
    thin_host, thin_manager = thin_partnership(MANY_URL)
    # Each case writes its figures under var/bench/partnerships/, which report() reads.
    web("first-1", ONE_URL)
    web("first-many", MANY_URL)
    web("thin-1", THIN_URL)
    web("thin-many", MANY_URL, thin_host)
    admin("first-1", ONE_URL, first_manager(ONE_URL))
    admin("first-many", MANY_URL, first_manager(MANY_URL))
    admin("thin-many", MANY_URL, thin_manager)
    return report()


def report() -> int:
    """Print the last run's figures (var/bench/partnerships/), also alone: `--report`."""
    from bench.partnerships_report import admin_report, web_report

    pages = {key: _read(f"{key}.json") for key in ("first-1", "first-many", "thin-1", "thin-many")}
    screens = {key: _read(f"admin-{key}.json") for key in ("first-1", "first-many", "thin-many")}
    met = web_report(pages, MANY, pages["thin-many"].get("host", ""))
    admin_report(screens, MANY)
    SUMMARY.write_text(json.dumps({"pages": pages, "admin": screens}, indent=2))
    return 0 if met else 1


def _read(name: str) -> dict:
    path = OUT / name
    if not path.exists():
        raise SystemExit(f"No {path.relative_to(ROOT)}: run bench/partnerships.py first.")
    return json.loads(path.read_text())


if __name__ == "__main__":
    sys.exit(main())
