"""A list that a forked rendering child (core.limits.render_in_child) can add to and
the test can read: a spy's records kept in memory would stay in the child."""

from __future__ import annotations

import json
from pathlib import Path


class SharedRecord:
    def __init__(self, path: Path):
        self.path = path
        self.path.write_text("")

    def append(self, entry) -> None:
        with self.path.open("a") as record:
            record.write(json.dumps(entry) + "\n")

    def entries(self) -> list:
        return [
            tuple(entry) if isinstance(entry, list) else entry
            for entry in map(json.loads, self.path.read_text().splitlines())
        ]
