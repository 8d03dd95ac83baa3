"""A signed-in person's own page, `/my/`, is put together from sections that each app offers
through the `construct_my_page` Wagtail hook, as the admin's dashboard is from panels: the
meetings app lists their meetings, governance their actions, the reports app what awaits
their approval, and no app imports one above it to do so.

A hook is called with the request and the person (None when the login is linked to no
person) and returns a `MyPageSection`, or None when it has nothing to say. Each costs a
fixed number of queries however much the person has."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "construct_my_page"


@dataclass(frozen=True)
class MyPageSection:
    heading: str
    anchor: str
    template: str
    order: int = 100
    context: dict = field(default_factory=dict)


def my_page_sections(request, person) -> list[MyPageSection]:
    offered = (offer(request, person) for offer in hooks.get_hooks(HOOK))
    return sorted(
        (section for section in offered if section is not None),
        key=lambda section: section.order,
    )
