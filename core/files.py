"""Files the product keeps for readers (reports' and minutes' PDFs)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_in_place(path: Path, data: bytes) -> None:
    """Write under a temporary name and rename into place, so a reader never gets half a
    file, and two requests making the same file at once both end with a whole one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".making-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
