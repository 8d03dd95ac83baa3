"""The web bench's figures: each page measured, the targets it is held to, and the table
bench/web.py prints of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.web_load import SECONDS, USERS

TARGET_P95_MS = 150.0
TARGET_P95_NEW_SEARCH_MS = 200.0
TARGET_CPU_MEETING_MS = 15.0
TARGET_CPU_PAGE_MS = 10.0


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


def verdict(page: Page) -> tuple[bool, str]:
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
        met, said = verdict(page)
        if page is measured[0]:
            met, said = True, "(the floor)"
        all_met &= met
        target = f"{page.cpu_target_ms:.0f} ms" if page.cpu_target_ms is not None else "—"
        print(
            f"{page.name:<22} {'member' if page.signed_in else 'public':<7} "
            f"{page.queries:>7} {page.cpu_ms:>5.1f} ms {target:>7} {page.p50_ms:>6.1f} ms "
            f"{page.p95_ms:>6.1f} ms {page.per_second:>6.0f}  {page.before or '—':<23} {said}"
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
