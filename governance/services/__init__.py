"""Every write to the logs goes through here, whichever path it comes from: the chair's
console, members' pages, the admin and `load_demo` check the same rules and write the same
history."""

from .actions import (
    action_create,
    action_save,
    action_update,
)
from .challenges import (
    challenge_assess,
    challenge_close,
    challenge_escalate,
    challenge_raise,
    challenge_record_response,
    challenge_save,
)
from .decisions import (
    decision_correct,
    decision_record,
    decision_save,
    decision_supersede,
    decision_withdraw,
)
from .interests import (
    declaration_record,
    declaration_save,
)
from .matters import (
    matter_refer,
    matter_save,
)
from .minutes import (
    StaleEdit,
    minutes_circulate,
    minutes_comment,
    minutes_draft,
    minutes_refresh_attendance,
    minutes_save_item,
    minutes_submit_for_review,
)
from .minutes_approval import minutes_amend, minutes_approve
from .plans import (
    improvement_action_rate,
    improvement_action_save,
    objective_save,
    plan_save,
)
from .risks import (
    risk_link,
    risk_register,
    risk_review,
    risk_save,
)
from .schemes import (
    body_settings_save,
    rag_scheme_save,
)
from .votes import VoteCast, body_vote_rules

__all__ = [
    "StaleEdit",
    "action_create",
    "action_save",
    "action_update",
    "body_settings_save",
    "challenge_assess",
    "challenge_close",
    "challenge_escalate",
    "challenge_raise",
    "challenge_record_response",
    "challenge_save",
    "VoteCast",
    "body_vote_rules",
    "decision_correct",
    "decision_record",
    "decision_save",
    "decision_supersede",
    "decision_withdraw",
    "declaration_record",
    "declaration_save",
    "improvement_action_rate",
    "improvement_action_save",
    "matter_refer",
    "matter_save",
    "minutes_amend",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment",
    "minutes_draft",
    "minutes_refresh_attendance",
    "minutes_save_item",
    "minutes_submit_for_review",
    "objective_save",
    "plan_save",
    "rag_scheme_save",
    "risk_link",
    "risk_register",
    "risk_review",
    "risk_save",
]
