"""Sections that other apps add to the meeting page without meetings importing them.

An app that builds on meetings (governance's matters arising, say) registers a template in
its AppConfig.ready(); the meeting page includes each, in order, with `meeting` and
`request` in its context.

A panel registered with an `audience` function is kept by membership.page_cache between
edits: `audience(request, meeting)` returns everything about the reader that the panel's
HTML depends on (computed with the access rules, on every request), and readers with equal
answers share the kept HTML. A panel without one is rendered afresh for every reader.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

MEETING_PAGE_PANELS: list[str] = []
PANEL_AUDIENCES: dict[str, Callable[..., Hashable]] = {}


def register_meeting_panel(
    template_name: str, audience: Callable[..., Hashable] | None = None
) -> None:
    if template_name not in MEETING_PAGE_PANELS:
        MEETING_PAGE_PANELS.append(template_name)
    if audience is not None:
        PANEL_AUDIENCES[template_name] = audience


def panels_for(request, meeting) -> list[dict]:
    """Each panel's template and its reader's audience (None: not kept)."""
    return [
        {
            "template": name,
            "audience": PANEL_AUDIENCES[name](request, meeting)
            if name in PANEL_AUDIENCES
            else None,
        }
        for name in MEETING_PAGE_PANELS
    ]
