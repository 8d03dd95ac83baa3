"""Sections that other apps add to the meeting page without meetings importing them.

An app that builds on meetings (governance's matters arising, say) registers a template and
a function in its AppConfig.ready(). The meeting page's view calls each function with the
request and the meeting, before rendering, and the template is included with `meeting`,
`request` and what the function returned as `panel`: the function reads everything the
template shows, so rendering reads nothing.
"""

from __future__ import annotations

from collections.abc import Callable

MEETING_PAGE_PANELS: dict[str, Callable[..., dict]] = {}


def register_meeting_panel(template_name: str, context: Callable[..., dict]) -> None:
    MEETING_PAGE_PANELS[template_name] = context


def panels_for(request, meeting) -> list[dict]:
    """Each panel's template and what it shows to this reader, in the order registered."""
    return [
        {"template": name, "panel": context(request, meeting)}
        for name, context in MEETING_PAGE_PANELS.items()
    ]
