"""Agenda numbers from agenda order: top-level items 1, 2, 3; sub-items 2.1, 2.2."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def in_agenda_order(items: Iterable[Any]) -> list[Any]:
    """The items as the agenda lists them, each parent followed by its sub-items, with
    `number` set on each. Works on unsaved items too (pk None), so an agenda edited in the
    admin is numbered before it is saved. A sub-item whose parent is not in the list is
    treated as a top-level item rather than dropped."""
    listed = list(items)

    def key(pair):
        index, item = pair
        order = item.sort_order if item.sort_order is not None else math.inf
        return (order, index)

    ordered = [item for _index, item in sorted(enumerate(listed), key=key)]
    present = {item.pk for item in ordered if item.pk is not None}
    children: dict[int, list[Any]] = defaultdict(list)
    top: list[Any] = []
    for item in ordered:
        if item.parent_id is not None and item.parent_id in present:
            children[item.parent_id].append(item)
        else:
            top.append(item)
    result: list[Any] = []
    for n, item in enumerate(top, start=1):
        item.number = str(n)
        result.append(item)
        for m, child in enumerate(children.get(item.pk, []) if item.pk else [], start=1):
            child.number = f"{n}.{m}"
            result.append(child)
    return result
