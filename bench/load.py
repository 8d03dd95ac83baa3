"""A small load generator for bench/web.py when wrk is not installed: N users (threads),
each sending GET requests one after another to one URL on 127.0.0.1, until a time or a
request count runs out. Run in its own process, so its work never slows the server's.

    python bench/load.py URL --users 10 --seconds 8 --max-requests 5000 [--cookie C]
                         [--paths FILE] [--host HOST]

With --paths, each request takes the next path of the file (one a line) instead of URL's.
With --host, each request names that site in its Host header (still sent to 127.0.0.1).

Prints one line of JSON, in the shape bench/wrk_report.lua prints (microseconds).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost")


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def run(
    url: str,
    *,
    users: int,
    seconds: float,
    max_requests: int,
    cookie: str,
    paths: list[str],
    host: str = "",
) -> dict:
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit("bench/load.py only sends requests to 127.0.0.1.")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    if host:
        headers["Host"] = host
    latencies: list[float] = []
    failures = {"errors": 0, "non_2xx": 0}
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + seconds

    def user() -> None:
        nonlocal issued
        while time.perf_counter() < deadline:
            with lock:
                if issued >= max_requests:
                    return
                asked = paths[issued % len(paths)] if paths else path
                issued += 1
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                connection.request("GET", asked, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
            except OSError:
                with lock:
                    failures["errors"] += 1
                continue
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if response.status >= 400:
                    failures["non_2xx"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "duration_us": int(duration * 1e6),
        "p50_us": int(_percentile(latencies, 0.50) * 1e6),
        "p95_us": int(_percentile(latencies, 0.95) * 1e6),
        "max_us": int(max(latencies, default=0) * 1e6),
        **failures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--paths", default="")
    parser.add_argument("--host", default="")
    options = parser.parse_args()
    paths = []
    if options.paths:
        with open(options.paths, encoding="utf-8") as lines:
            paths = [line.strip() for line in lines if line.strip()]
    result = run(
        options.url,
        users=options.users,
        seconds=min(options.seconds, 60.0),
        max_requests=min(options.max_requests, 20000),
        cookie=options.cookie,
        paths=paths,
        host=options.host,
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
