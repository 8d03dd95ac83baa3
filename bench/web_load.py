"""The web bench's server and load: gunicorn serving Tabled on a free port of 127.0.0.1, the
member's sign-in through the login form, the load generator (wrk, or bench/load.py) run in
its own process, and the peak memory of the gunicorn workers. Run by bench/web.py.

Environment: BENCH_USERS (10), BENCH_SECONDS (8), BENCH_WORKERS (2 × cores), BENCH_LOADGEN
(wrk or python), BENCH_HOST (the Host header every request sends: a partnership's site, such
as `<area>.localhost`; the default partnership answers without it).
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
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("BENCH_USERS", "10"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
MAX_REQUESTS = 20000
PASSWORD = "tabled-scale"  # noqa: S105 - the generated logins' password, on 127.0.0.1
# Every request still goes to 127.0.0.1; only its Host header names the partnership's site.
HOST = os.environ.get("BENCH_HOST", "")


def _headers(cookie: str = "") -> dict[str, str]:
    headers = {"Host": HOST} if HOST else {}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def free_port() -> int:
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
            if get(port, "/bench/floor/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within a minute.")


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=_headers(cookie))
    response = connection.getresponse()
    return response.status, response.read()


def sign_in(port: int, username: str) -> str:
    """Sign in through the login form, as a browser would; return the Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/", headers=_headers())
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
            **_headers(f"csrftoken={csrf_cookie[1]}"),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST or '127.0.0.1'}:{port}/accounts/login/",
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
        if HOST:
            command[1:1] = ["--header", f"Host: {HOST}"]
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
        if HOST:
            command += ["--host", HOST]
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
