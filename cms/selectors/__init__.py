"""What a report's live blocks show: the governance records as they stood on the report's
as-of date, and only what the public may see.

Each reader returns plain data (strings, numbers, booleans, lists and dicts) so that the same
value can be rendered straight away (previews, drafts) or frozen into a published revision as
it is (cms.snapshots) and rendered from there for ever after. Dates are written as people
write them ("2 March 2012"). Each reader runs a fixed number of queries, however many records
it reads.

Restricted records never reach a report: decisions, actions and challenges are read through
governance's `unrestricted_q` (the record and its agenda item); risks, metrics and audits
through their own flag. A reader that leaves restricted records out of what it counts or
lists says how many, as `withheld`, and nothing else about them, so the reader of the report
knows its figures are not the whole story.
"""

from .budget import budget_for_year
from .context import (
    EVERY_BODY,
    REPORT_BOARD,
    BodyScope,
    Period,
    ReportContext,
    as_int,
    body_scope,
    partnership_for_page,
)
from .engagement import engagement_scorecard
from .logs import (
    actions_progress,
    challenges_summary,
    decisions_public,
    plan_progress,
    report_scheme,
    risks_summary,
)
from .meetings import attendance_by_agency, meetings_held
from .membership import members_table, subgroup_chairs
from .performance import (
    audit_findings,
    metric_figure,
    metric_series,
    public_audit,
    public_metric,
)

__all__ = [
    "EVERY_BODY",
    "REPORT_BOARD",
    "BodyScope",
    "Period",
    "ReportContext",
    "actions_progress",
    "audit_findings",
    "as_int",
    "attendance_by_agency",
    "budget_for_year",
    "body_scope",
    "challenges_summary",
    "decisions_public",
    "engagement_scorecard",
    "meetings_held",
    "members_table",
    "metric_figure",
    "metric_series",
    "partnership_for_page",
    "plan_progress",
    "public_audit",
    "public_metric",
    "report_scheme",
    "risks_summary",
    "subgroup_chairs",
]
