"""Limits on work that hostile or enormous input could make run away: rendering PDFs from
what people typed, and the worker processes that render them.

Every WeasyPrint rendering (the minutes, a report, the papers pack's cover and agenda) runs
through `render_in_child`: the HTML is made in the calling process, which alone talks to the
database, and only the HTML-to-PDF step runs in a short-lived forked child. The child may
grow by settings.RENDER_MEMORY_LIMIT_BYTES of address space beyond what it was forked with
(RLIMIT_AS, on Linux), and the parent kills it once the time limit has passed, whatever
thread asked: a gunicorn sync worker, a runserver request thread, a Celery prefork child.
Either way the caller gets RenderTimeout or RenderTooLarge, with a message for the reader,
and the process that asked carries on with its memory as it was.

A memory limit also caps each Celery pool process's address space
(settings.WORKER_MEMORY_LIMIT_BYTES, config/celery.py), so anything else a task does that
asks for gigabytes gets a MemoryError or, at worst, ends that one child, which Celery
replaces; Celery's own task time limits stand behind the rendering's.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import os
import resource
import select
import signal
import struct
import time
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# What the child sends back: one byte saying what happened, then the length of the payload.
_HEADER = struct.Struct("!cQ")
_DONE, _OUT_OF_MEMORY, _FAILED = b"D", b"M", b"F"
# Not sent by the child: what _receive says when the time is up.
_TIMED_OUT = b"T"
# The child's exit status when it could not even report a MemoryError through the pipe.
_OUT_OF_MEMORY_STATUS = 3
# Seconds the child's own alarm allows past the parent's limit: it only matters when the
# parent is gone (a gunicorn worker killed at its own timeout) and nobody is left to kill it.
_ORPHAN_GRACE = 5


class RenderLimitExceeded(RuntimeError):
    """A rendering stopped at one of its limits; the message is for the reader."""


class RenderTimeout(RenderLimitExceeded):
    pass


class RenderTooLarge(RenderLimitExceeded):
    pass


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


def address_space_in_use() -> int | None:
    """This process's address space in bytes, from Linux's /proc; None elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


def render_in_child(
    render: Callable[[], bytes],
    *,
    seconds: float,
    what: str = "The document",
    memory_bytes: int | None = None,
) -> bytes:
    """What `render()` returns, computed in a forked child capped at `memory_bytes` (default
    settings.RENDER_MEMORY_LIMIT_BYTES) more address space than this process uses, and
    stopped after `seconds`. `render` must not touch the database: the child shares this
    process's connections, and a query from it would garble theirs."""
    if memory_bytes is None:
        memory_bytes = settings.RENDER_MEMORY_LIMIT_BYTES
    read_end, write_end = os.pipe()
    # The child inherits every object of this process, and its collections would walk them
    # all, copying every page they touch: the report printed slower there than here. Frozen,
    # they are left alone (https://docs.python.org/3/library/gc.html#gc.freeze).
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:
        os.close(read_end)
        _child(render, write_end, seconds=seconds, memory_bytes=memory_bytes)
    gc.unfreeze()
    os.close(write_end)
    kind = payload = None
    try:
        kind, payload = _receive(read_end, deadline=time.monotonic() + seconds)
    finally:
        os.close(read_end)
        if kind not in (_DONE, _FAILED, _OUT_OF_MEMORY):
            # Out of time, ended without a word, or this process was interrupted: make sure
            # the child is gone, so nothing outlives the request.
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        status = _reap(pid)

    if kind == _DONE:
        return payload
    if kind == _TIMED_OUT:
        raise RenderTimeout(
            f"{what} took longer than {seconds:g} seconds to render, so it was stopped."
        )
    too_large = RenderTooLarge(
        f"{what} needed more than {memory_bytes / 2**20:,.0f} MB of memory to render, so it "
        "was stopped."
    )
    if kind == _OUT_OF_MEMORY:
        raise too_large
    if kind == _FAILED:
        raise RuntimeError(f"{what} could not be rendered; the rendering said:\n{payload.decode()}")
    if status is not None and os.WIFEXITED(status):
        if os.WEXITSTATUS(status) == _OUT_OF_MEMORY_STATUS:
            raise too_large
        raise RuntimeError(f"{what} could not be rendered (exit status {os.WEXITSTATUS(status)}).")
    # A native library that cannot allocate aborts or crashes rather than raising, and under
    # the cap that is by far the likeliest cause; the log keeps the signal for anyone in doubt.
    logger.warning("Rendering %s ended its process without a result (wait status %s)", what, status)
    raise too_large


def _child(render, out: int, *, seconds: float, memory_bytes: int):
    """Runs in the forked child and never returns: os._exit skips atexit handlers, finalizers
    and buffered output, so nothing the parent owns (database connections, temporary files)
    is closed, flushed or written twice."""
    status = 1
    try:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(math.ceil(seconds) + _ORPHAN_GRACE)
        in_use = address_space_in_use()
        # Without /proc (a demo on macOS, whose address spaces are vast and whose RLIMIT_AS
        # is not enforced) only the time limit applies.
        if in_use is not None:
            limit_address_space(in_use + memory_bytes)
        for connection in connections.all():
            connection.execute_wrappers.append(_no_queries)
        try:
            kind, payload = _DONE, render()
        except MemoryError:
            kind, payload = _OUT_OF_MEMORY, b""
        except BaseException:
            kind, payload = _FAILED, traceback.format_exc().encode()
        _send(out, kind, payload)
        status = 0
    except MemoryError:
        status = _OUT_OF_MEMORY_STATUS
    finally:
        os._exit(status)


def _no_queries(*_args):
    raise RuntimeError("A rendering child may not use the database: render the HTML first.")


def _send(out: int, kind: bytes, payload: bytes) -> None:
    for chunk in (memoryview(_HEADER.pack(kind, len(payload))), memoryview(payload)):
        while chunk:
            chunk = chunk[os.write(out, chunk) :]


def _receive(read_end: int, deadline: float) -> tuple[bytes | None, bytes | None]:
    """The child's report: (kind, payload); (_TIMED_OUT, None) once the deadline has passed,
    (None, None) when the child ended without one."""
    header = bytearray()
    chunks: list[bytes] = []
    wanted = _HEADER.size
    kind = None
    poller = select.poll()
    poller.register(read_end, select.POLLIN)
    while wanted:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            return _TIMED_OUT, None
        chunk = os.read(read_end, min(wanted, 1 << 20))
        if not chunk:
            return None, None
        wanted -= len(chunk)
        if kind is None:
            header += chunk
            if not wanted:
                kind, wanted = _HEADER.unpack(header)
        else:
            chunks.append(chunk)
    return kind, b"".join(chunks)


def _reap(pid: int) -> int | None:
    """The child's wait status; None when something else reaped it (SIGCHLD ignored)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None
