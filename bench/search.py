"""How fast is search over twenty years of data? Run with `make bench`.

1. The bench database is made as bench/web.py makes it (created, migrated and filled once
   with generate_scale, which builds the search index); an index left empty by an older
   generation is built here with `rebuild_search_index`.
2. Each query of QUERIES is asked of /search/ through Django's test client (no HTTP server:
   the view, its queries and the page's rendering), as someone signed out and as a member,
   REPEAT times after a warm-up (nothing is kept between requests: the figures are the
   search's own).
3. It prints each query's median, the median and 95th percentile over every request, the
   queries a page makes, and whether the target is met: a median under 100 ms.

Results are also written to var/bench/search.json. Environment: BENCH_DATABASE_URL,
BENCH_SEARCH_REPEAT (9).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.web import BIN, ROOT, database_ready  # noqa: E402  (sets up the env)

RESULTS = ROOT / "var" / "bench" / "search.json"
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "9"))
TARGET_MEDIAN_MS = 100.0
# Common and rare words, prefixes, phrases, hyphenated words and filters, in the words the
# generated history is written in (demo/scale/words.py).
QUERIES = [
    {"q": "safeguarding"},
    {"q": "children"},
    {"q": "thresh"},
    {"q": "CAF"},
    {"q": "re-referral"},
    {"q": "child sexual exploitation"},
    {"q": '"early help"'},
    {"q": "missing children return interviews"},
    {"q": "section 11 audit"},
    {"q": "neglect toolkit"},
    {"q": "private fostering"},
    {"q": "waiting times mental health"},
    {"q": "audit", "kind": "paper"},
    {"q": "children", "year": "2015"},
    {"q": "strategy", "kind": "decision", "year": "2019"},
    {"q": "zzyzx"},
]


def index_ready() -> None:
    import psycopg

    from bench.web import DATABASE_URL

    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        indexed = connection.execute("SELECT count(*) FROM search_searchdocument").fetchone()[0]
    if not indexed:
        print("Building the search index (once; reused by later runs) …")
        subprocess.run(  # noqa: S603
            [str(BIN / "python"), "manage.py", "rebuild_search_index"], cwd=ROOT, check=True
        )


class Counted:
    """Counts the queries a request makes (the production settings keep no query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure() -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from search.models import SearchDocument

    member_login = User.objects.filter(username__endswith="-member").order_by("pk").first()
    anonymous, member = Client(), Client()
    member.force_login(member_login)  # the page is measured, not the sign-in
    readers = {"signed out": anonymous, "member": member}
    rows = []
    every = []
    for params in QUERIES:
        for reader, client in readers.items():
            response = client.get("/search/", params)
            if response.status_code != 200:
                raise SystemExit(f"/search/ {params} answered {response.status_code}")
            captured = Counted()
            with connection.execute_wrapper(captured):
                client.get("/search/", params)
            times = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                client.get("/search/", params)
                times.append((time.perf_counter() - start) * 1000)
            every += times
            rows.append(
                {
                    "query": " ".join(f"{k}={v}" for k, v in params.items()),
                    "reader": reader,
                    "queries": captured.count,
                    "p50_ms": statistics.median(times),
                    "max_ms": max(times),
                }
            )
    every.sort()
    return {
        "documents": SearchDocument.objects.count(),
        "rows": rows,
        "requests": len(every),
        "p50_ms": statistics.median(every),
        "p95_ms": every[max(0, int(len(every) * 0.95) - 1)],
    }


def main() -> None:
    database_ready()
    index_ready()
    result = measure()
    print(f"\nSearch over {result['documents']:,} documents ({REPEAT} requests each, after one)")
    print(f"  {'query':<44} {'reader':<11} {'queries':>7} {'median':>9} {'max':>9}")
    for row in result["rows"]:
        print(
            f"  {row['query'][:44]:<44} {row['reader']:<11} {row['queries']:>7} "
            f"{row['p50_ms']:>7.1f}ms {row['max_ms']:>7.1f}ms"
        )
    met = result["p50_ms"] < TARGET_MEDIAN_MS
    print(
        f"\nAll {result['requests']} requests: median {result['p50_ms']:.1f} ms, "
        f"95th percentile {result['p95_ms']:.1f} ms — target median under "
        f"{TARGET_MEDIAN_MS:.0f} ms: {'met' if met else 'MISSED'}"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
