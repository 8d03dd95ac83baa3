"""A new report in one step: a draft under the partnership's Reports page, its body made of
a template's sections with the live blocks set to the report's period and board."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page, Site

from cms.blocks.base import editing_partnership, plan_choices
from cms.models import AnnualReportPage, ProgressReportPage, ReportIndexPage, ReportPage
from cms.report_templates import BUILT_IN, EACH, Section
from cms.slugs import abandoned_draft, free_slug, report_slug
from core.dates import long_date
from governance.models import Audit, Metric
from governance.models.periods import period_label
from membership.access import person_for
from membership.models import Body, Partnership
from membership.partnerships import managed_partnership_ids

KINDS = {"annual": AnnualReportPage, "progress": ProgressReportPage}
# Enough records of one kind for a first draft; the editor adds the rest.
MAX_EACH = 4


def reports_index(partnership: Partnership) -> ReportIndexPage | None:
    """The partnership's Reports page: under its site's home, or the default site's for a
    partnership with no site of its own."""
    if partnership.site_id:
        home = partnership.site.root_page
    else:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return None
        home = site.root_page
    return ReportIndexPage.objects.descendant_of(home).order_by("path").first()


@dataclass(frozen=True)
class ReportPlan:
    partnership: Partnership
    kind: str
    period_start: datetime.date
    period_end: datetime.date
    # A built-in template's name, or an earlier report whose sections are copied.
    template: str = ""
    source: ReportPage | None = None

    @property
    def title(self) -> str:
        if self.kind == "annual":
            return f"Annual report {period_label('year', self.period_start)}"
        if (self.period_start.year, self.period_start.day) == (self.period_end.year, 1):
            span = f"{self.period_start:%B}–{self.period_end:%B %Y}"
        else:
            span = f"{long_date(self.period_start)} to {long_date(self.period_end)}"
        return f"Progress report {span}"


def _records_for(block_type: str, value: dict, plan: ReportPlan) -> list[str]:
    """The ids an `EACH` value stands for, in the partnership, public, newest first."""
    bodies = Body.objects.in_partnership(plan.partnership).values("pk")
    if block_type == "plan":
        token = editing_partnership.set(plan.partnership.pk)
        try:
            return [pk for pk, _title in plan_choices()][:1]
        finally:
            editing_partnership.reset(token)
    if "metric" in value:
        rows = Metric.objects.filter(body__in=bodies, is_restricted=False)
        rows = rows.order_by("sort_order", "name")
    else:
        rows = Audit.objects.filter(
            body__in=bodies,
            is_restricted=False,
            conducted_on__range=(plan.period_start, plan.period_end),
        ).order_by("-conducted_on")
    return [str(pk) for pk in rows.values_list("pk", flat=True)[:MAX_EACH]]


def section_blocks(sections: list[Section], plan: ReportPlan) -> list[tuple[str, object]]:
    """A body's raw blocks: each section's heading, its prompt as prose, its live blocks."""
    body: list[tuple[str, object]] = []
    for section in sections:
        body.append(("heading", {"text": section.heading, "level": "h2"}))
        body.append(("prose", f"<p><i>{escape(section.prompt)}</i></p>"))
        for block_type, value in section.blocks:
            each = [name for name, item in value.items() if item == EACH]
            if not each:
                body.append((block_type, dict(value)))
                continue
            for record_id in _records_for(block_type, value, plan):
                body.append((block_type, {**value, each[0]: record_id}))
    return body


def copied_blocks(source: ReportPage) -> list[tuple[str, object]]:
    """An earlier report's body as a template: its sections and choices, with no frozen
    data and no dates of its own, so that every block follows the new report's period."""
    draft = source.get_latest_revision_as_object()
    body = []
    for child in draft.body.raw_data:
        value = child["value"]
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if k not in ("snapshot", "start", "end")}
        body.append((child["type"], value))
    return body


def templates_for(user: User, partnership_ids) -> list[ReportPage]:
    """Reports the user's partnerships may start from: any of their earlier reports."""
    pages = []
    for partnership in Partnership.objects.filter(pk__in=partnership_ids).select_related(
        "site__root_page"
    ):
        index = reports_index(partnership)
        if index is not None:
            pages += list(ReportPage.objects.child_of(index).order_by("-period_end", "title"))
    return pages


def blocking_draft(partnership: Partnership, slug: str) -> Page | None:
    """A draft never published that holds the slug a new report would take."""
    index = reports_index(partnership)
    if index is None:
        return None
    return abandoned_draft(index, slug)


@transaction.atomic
def build_report(*, actor: User, plan: ReportPlan) -> ReportPage:
    """The new report as a draft with one revision. Refused to a user who does not run the
    partnership, and when the partnership has no board or Reports page to put it under."""
    if plan.partnership.pk not in managed_partnership_ids(actor):
        raise PermissionDenied("You do not run this partnership's reports.")
    if plan.period_end < plan.period_start:
        raise ValidationError({"period_end": "The period ends before it starts."})
    index = reports_index(plan.partnership)
    if index is None or not index.permissions_for_user(actor).can_add_subpage():
        raise PermissionDenied("You cannot add a report to this partnership's Reports page.")
    if plan.partnership.board_id is None:
        raise ValidationError(
            {"partnership": "Name the partnership's board first: its chair approves reports."}
        )
    if plan.source is not None:
        body = copied_blocks(plan.source)
    else:
        body = section_blocks(BUILT_IN[plan.template or plan.kind], plan)
    person = person_for(actor)
    page = KINDS[plan.kind](
        title=plan.title,
        slug=free_slug(index, report_slug(plan.title)),
        board_id=plan.partnership.board_id,
        period_start=plan.period_start,
        period_end=plan.period_end,
        as_of=max(plan.period_start, min(plan.period_end, timezone.localdate())),
        author=person,
        author_name="" if person else (actor.get_full_name() or actor.get_username()),
        body=body,
        live=False,
        owner=actor,
    )
    index.add_child(instance=page)
    page.save_revision(user=actor, log_action=True)
    return page
