"""The access log: who opened which paper or pack, when and from where."""

from __future__ import annotations

import ipaddress

from meetings.models import AccessLogEntry, Meeting, PackViewChoice, PaperVersion
from membership.access import AnyUser

USER_AGENT_LENGTH = AccessLogEntry._meta.get_field("user_agent").max_length


def _ip_or_none(value: str | None) -> str | None:
    # REMOTE_ADDR is empty or not an address when the server listens on a Unix socket.
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def access_log_record(
    *,
    user: AnyUser,
    meeting: Meeting,
    restricted: bool,
    paper_version: PaperVersion | None = None,
    pack_view: PackViewChoice | str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> AccessLogEntry:
    """Append one entry: a paper version opened, or one of the meeting's packs. No
    full_clean(): the entry is built from objects the view has already loaded and checked,
    never from a form, and the database's constraint holds its one rule (a paper or a pack);
    validating the keys again would cost three queries on every download."""
    entry = AccessLogEntry(
        user=user if user.is_authenticated else None,
        meeting=meeting,
        paper_version=paper_version,
        pack_view=str(pack_view),
        restricted=restricted,
        ip_address=_ip_or_none(ip_address),
        user_agent=(user_agent or "")[:USER_AGENT_LENGTH],
    )
    entry.save()
    return entry
