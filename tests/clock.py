"""The suite's own wall time, printed with the slowest tests' durations before the summary."""

import time

_started = {}


def pytest_sessionstart(session):
    _started["at"] = time.perf_counter()


def pytest_terminal_summary(terminalreporter):
    if "at" in _started:
        minutes, seconds = divmod(round(time.perf_counter() - _started["at"]), 60)
        terminalreporter.write_line(f"pytest wall time: {minutes}m {seconds:02d}s")
