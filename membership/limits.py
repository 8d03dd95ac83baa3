"""Limits on work that hostile or enormous input could make run away: rendering PDFs from
what people typed, and the worker processes that render them.

A time limit stops a rendering that runs too long, wherever a timer signal can be used (the
main thread of a process with no other SIGALRM handler: a gunicorn sync worker, a Celery
prefork child, the demo's runserver request thread aside); Celery's own task time limits
stand behind it in the workers.

A memory limit caps each worker process's address space, so a rendering that asks for
gigabytes gets a MemoryError (the task fails and is logged) or, at worst, ends that one
child, which Celery replaces; the worker and the machine carry on.
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading


class RenderTimeout(RuntimeError):
    pass


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "The document"):
    """Raise RenderTimeout in the block once it has run `seconds`, where a timer signal can
    be used; elsewhere run the block without one."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable:
        yield
        return

    def expire(_signum, _frame):
        raise RenderTimeout(f"{what} took longer than {seconds:g} seconds to render.")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_address_space(limit_bytes: int) -> int:
    """Cap this process's address space at `limit_bytes` (never above a cap already set).
    Returns the cap now in force; 0 leaves things as they are."""
    if limit_bytes <= 0:
        return resource.getrlimit(resource.RLIMIT_AS)[0]
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    caps = [limit_bytes] + [cap for cap in (soft, hard) if cap != resource.RLIM_INFINITY]
    new = min(caps)
    resource.setrlimit(resource.RLIMIT_AS, (new, hard))
    return new
