"""Who may open a paper's file or a meeting's papers pack: the pages' rule, applied to files.

- A public paper of a public item on a published agenda is public, by today's flags.
- Anything else of a published agenda (a restricted paper, a paper of a restricted item, a
  paper of an item added since the agenda was published) is for current members of the body
  and the business units of the partnerships it serves (membership.access.may_see_restricted).
- Before the agenda is published, its papers are for those business units alone.

Anyone else gets a 404 from the views, so a guessed or forwarded address says nothing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from meetings.models import AgendaItem, AgendaVersion, Meeting, Paper
from membership.access import AnyUser, may_see_restricted
from membership.partnerships import manages


class PackView(enum.StrEnum):
    """The two packs a meeting has: the full one, and the one with restricted papers left
    out. Every reader gets one of these, so each is built once and shared."""

    RESTRICTED = "restricted"
    PUBLIC = "public"


@dataclass(frozen=True)
class Published:
    """What the latest published agenda says, as far as access is concerned: which items it
    lists. Whether a listed item or paper is restricted is today's answer, whatever the
    version was frozen with (meetings.access.Restrictions)."""

    version: AgendaVersion | None
    # None when the snapshot does not list its items: then "published" means "has a version".
    item_ids: frozenset[int] | None = None

    @property
    def is_published(self) -> bool:
        return self.version is not None

    def lists(self, item: AgendaItem) -> bool:
        return self.is_published and (self.item_ids is None or item.pk in self.item_ids)


def published_state(version: AgendaVersion | None) -> Published:
    """Read the latest AgendaVersion's snapshot: each listed item is a dict with its "id"."""
    if version is None:
        return Published(version=None)
    snapshot = version.snapshot if isinstance(version.snapshot, dict) else {}
    if "items" not in snapshot:
        return Published(version=version)
    items = [item for item in snapshot["items"] if isinstance(item, dict) and "id" in item]
    return Published(version=version, item_ids=frozenset(item["id"] for item in items))


def item_is_restricted(item: AgendaItem) -> bool:
    """A sub-item of a restricted item is restricted too."""
    return item.is_restricted or (item.parent_id is not None and item.parent.is_restricted)


def paper_is_public(paper: Paper, published: Published) -> bool:
    item = paper.agenda_item
    return published.lists(item) and not paper.is_restricted and not item_is_restricted(item)


def may_open_paper(
    user: AnyUser,
    paper: Paper,
    published: Published,
    *,
    sees_restricted: bool | None = None,
    sees_draft: bool | None = None,
) -> bool:
    """Whether the user may open any version of the paper. Expects the paper with its item
    and the item's parent loaded, and the meeting's body unless `sees_restricted` already
    says whether the user sees the body's restricted material (a page asks once for all of
    a meeting's papers; `sees_draft` likewise whether it is one of the business units of the
    body's partnerships, who open anything)."""
    if sees_draft is None:
        sees_draft = manages(user, paper.agenda_item.meeting.body)
    if sees_draft:
        return True
    if not published.is_published:
        return False
    if paper_is_public(paper, published):
        return True
    if sees_restricted is None:
        sees_restricted = may_see_restricted(user, paper.agenda_item.meeting.body)
    return sees_restricted


def pack_view_for(
    user: AnyUser, meeting: Meeting, published: Published, *, sees_restricted: bool | None = None
) -> PackView | None:
    """Which pack the user gets, or None for a 404."""
    if manages(user, meeting.body):
        return PackView.RESTRICTED
    if not published.is_published:
        return None
    if sees_restricted is None:
        sees_restricted = may_see_restricted(user, meeting.body)
    return PackView.RESTRICTED if sees_restricted else PackView.PUBLIC
