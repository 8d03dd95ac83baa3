"""Sections that other apps add to the meeting page without meetings importing them.

An app that builds on meetings (governance's matters arising, say) registers a template in
its AppConfig.ready(); the meeting page includes each, in order, with `meeting` and
`request` in its context.
"""

MEETING_PAGE_PANELS: list[str] = []


def register_meeting_panel(template_name: str) -> None:
    if template_name not in MEETING_PAGE_PANELS:
        MEETING_PAGE_PANELS.append(template_name)
