"""A real Celery worker and a real SMTP server for the live tests.

The session starts `celery -A config worker --pool=solo --concurrency=1 -Q <queue>` as a
subprocess, on the test database (pytest-django's test_<name>) and on a queue of its own
(config.settings.test.CELERY_TASK_DEFAULT_QUEUE), and an aiosmtpd server on 127.0.0.1 that
the worker sends its mail to. A test that uses `live` queues its tasks for real (not
eagerly) through Redis, and sees what arrived over SMTP.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import redis
from aiosmtpd.controller import Controller

from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler that keeps every message accepted, and can answer 451 ("try again
    later") to a recipient a given number of times."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.defer: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            remaining = self.defer.get(address, 0)
            if remaining:
                self.defer[address] = remaining - 1
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.received.clear()
            self.defer.clear()

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [message for _to, message in self.received]

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(address for to, _message in self.received for address in to)


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def test_database_url() -> str:
    """DATABASE_URL for the worker: the test database pytest-django made (test_<name>)."""
    from django.db import connection

    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


@dataclass
class Worker:
    """One `celery -A config worker` subprocess, which a test may kill and start again."""

    queue: str
    env: dict[str, str]
    log_dir: Path
    process: subprocess.Popen | None = None
    starts: int = 0
    logs: list[Path] = field(default_factory=list)

    def start(self) -> None:
        self.starts += 1
        log = self.log_dir / f"worker-{self.starts}.log"
        self.logs.append(log)
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool=solo", "--concurrency=1", "-Q", self.queue,
            "-n", f"{self.queue}-{self.starts}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO",
        ]  # fmt: skip
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited:\n{log.read_text()[-3000:]}")
            if " ready." in log.read_text(errors="replace"):
                return
            time.sleep(0.1)
        raise RuntimeError(f"The worker did not start:\n{log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, nothing acknowledged or given back to the broker."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_text(self) -> str:
        return "\n".join(log.read_text(errors="replace") for log in self.logs)


def start_worker(log_dir: Path, smtp: SmtpServer) -> Worker:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "TABLED_TEST_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "TABLED_TEST_SMTP_PORT": str(smtp.port),
        "TABLED_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TABLED_TEST_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        # Connections are not kept between tasks: the test database is flushed between tests.
        "CONN_MAX_AGE": "0",
    }
    worker = Worker(queue=settings.CELERY_TASK_DEFAULT_QUEUE, env=env, log_dir=log_dir)
    worker.start()
    return worker


class Live:
    """What a live test works with: the worker, the mailbox, and waiting for them."""

    def __init__(self, worker: Worker, smtp: SmtpServer):
        self.worker = worker
        self.mailbox = smtp.mailbox
        self.redis = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def wait_for(self, condition, *, timeout: float = 30, what: str = "the condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(
            f"Timed out waiting for {what}. Worker log:\n{self.worker.log_text()[-4000:]}"
        )

    def wait_for_emails(self, count: int, *, timeout: float = 30) -> None:
        self.wait_for(
            lambda: len(self.mailbox.messages()) >= count,
            timeout=timeout,
            what=f"{count} emails (have {len(self.mailbox.messages())})",
        )

    def idle(self) -> bool:
        """Nothing waiting on the queue and nothing delivered but unacknowledged (a task
        running, or held for a retry countdown)."""
        return self.redis.llen(self.worker.queue) == 0 and self.redis.hlen("unacked") == 0

    def wait_idle(self, *, timeout: float = 30) -> None:
        # Twice, a moment apart: a message is briefly in neither place as it is delivered.
        def settled():
            if not self.idle():
                return False
            time.sleep(0.3)
            return self.idle()

        self.wait_for(settled, timeout=timeout, what="the worker to finish its tasks")


@contextlib.contextmanager
def broker_unreachable():
    """Publish to a port where nothing listens, as when Redis is down. (The read URL cannot
    be changed: Celery prefers the CELERY_BROKER_URL environment variable, so the write URL
    is what is pointed away; the worker keeps its own connection.)"""

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_write_url = f"redis://127.0.0.1:{free_port()}/0"
    reset_pools()
    try:
        yield
    finally:
        app.conf.broker_write_url = None
        reset_pools()
