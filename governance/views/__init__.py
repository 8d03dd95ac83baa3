from .actions import action_detail, action_export, action_index, my_action_update, my_actions
from .challenges import challenge_detail, challenge_export, challenge_index
from .console import meeting_log_console
from .decisions import decision_detail, decision_export, decision_index
from .matters import matter_detail
from .minutes import (
    minutes_comment,
    minutes_compare,
    minutes_detail,
    minutes_pdf,
    minutes_version_detail,
    minutes_versions,
)
from .minutes_editor import minutes_edit
from .plans import plan_detail, plan_index
from .risks import risk_detail, risk_export, risk_index

__all__ = [
    "action_detail",
    "action_export",
    "action_index",
    "challenge_detail",
    "challenge_export",
    "challenge_index",
    "decision_detail",
    "decision_export",
    "decision_index",
    "matter_detail",
    "meeting_log_console",
    "minutes_comment",
    "minutes_compare",
    "minutes_detail",
    "minutes_edit",
    "minutes_pdf",
    "minutes_version_detail",
    "minutes_versions",
    "my_action_update",
    "my_actions",
    "plan_detail",
    "plan_index",
    "risk_detail",
    "risk_export",
    "risk_index",
]
