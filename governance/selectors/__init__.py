"""Reads of the logs, each returning what its page needs in a fixed number of queries and
leaving out what the reader may not see."""

from ._visibility import (
    held_q,
    visible_to,
)
from .actions import (
    action_get_visible,
    action_list_for_owner,
    action_list_visible,
    action_queryset_visible,
    matters_arising_for_meeting,
    open_actions_for_owner,
)
from .challenges import (
    challenge_get_visible,
    challenge_list_visible,
    challenge_queryset_visible,
)
from .decisions import (
    decision_corrections,
    decision_get_visible,
    decision_list_visible,
)
from .history import (
    record_history,
)
from .matters import (
    matter_get_journey,
)
from .meetings import (
    meeting_get_for_log,
    meeting_get_next,
    meeting_log,
)
from .minutes import (
    meeting_attendance,
    minutes_comments,
    minutes_for_meeting_page,
    minutes_get_for_meeting,
    minutes_get_locked,
    minutes_items,
    minutes_list_amending_decisions,
    minutes_list_approval_items,
    minutes_records,
    minutes_version_list,
)
from .plans import (
    plan_get_month,
    plan_latest_month,
    plan_list,
)
from .risks import (
    risk_get_visible,
    risk_list_visible,
)

__all__ = [
    "held_q",
    "action_get_visible",
    "action_list_for_owner",
    "open_actions_for_owner",
    "action_list_visible",
    "action_queryset_visible",
    "challenge_get_visible",
    "challenge_list_visible",
    "challenge_queryset_visible",
    "decision_corrections",
    "decision_get_visible",
    "decision_list_visible",
    "matter_get_journey",
    "matters_arising_for_meeting",
    "meeting_attendance",
    "meeting_get_for_log",
    "meeting_get_next",
    "meeting_log",
    "minutes_comments",
    "minutes_for_meeting_page",
    "minutes_get_for_meeting",
    "minutes_get_locked",
    "minutes_items",
    "minutes_list_amending_decisions",
    "minutes_list_approval_items",
    "minutes_records",
    "minutes_version_list",
    "plan_get_month",
    "plan_latest_month",
    "plan_list",
    "record_history",
    "risk_get_visible",
    "risk_list_visible",
    "visible_to",
]
