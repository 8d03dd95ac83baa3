"""A rendering child works on its own allocations: the objects it inherits are frozen for
it, and the process that asked collects them again afterwards, however the rendering ended.
The limits themselves are tested through the PDFs in tests/security/test_pdf_limits.py."""

from __future__ import annotations

import gc
import time

import pytest

from core.limits import RenderTimeout, render_in_child


def test_the_child_leaves_what_it_inherited_alone_and_the_parent_collects_it_again():
    frozen_in_child = render_in_child(lambda: str(gc.get_freeze_count()).encode(), seconds=10)

    assert int(frozen_in_child) > 0
    assert gc.get_freeze_count() == 0


def test_a_child_stopped_at_its_time_limit_leaves_nothing_frozen():
    def too_slow() -> bytes:
        time.sleep(5)
        return b""

    with pytest.raises(RenderTimeout):
        render_in_child(too_slow, seconds=0.2)

    assert gc.get_freeze_count() == 0
