"""Emails about a report's approval: to the chair when the business unit submits it, and
to its author when the chair approves it or asks for changes. Each links to the report on
its partnership's own site address."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

from membership.models import Membership, Person
from notifications.messages import Message, absolute_url, render_message
from notifications.registry import Audience, Notice, register
from notifications.selectors import people_reachable


def _report(page_id: int):
    from cms.models import ReportPage

    return ReportPage.objects.select_related("board").filter(pk=page_id).first()


def _partnership(page):
    from cms.selectors import partnership_for_page

    return partnership_for_page(page)


@register
@dataclass
class ReportSubmitted(Notice):
    """To whoever chairs the report's partnership's board today: a report awaits them."""

    key = "cms.report_submitted"
    label = "A report awaits my approval"
    description = "When the business unit submits a report of a board you chair for approval."

    page: Page
    state_id: int

    @classmethod
    def load(cls, *, page_id: int, state_id: int) -> ReportSubmitted | None:
        page = _report(page_id)
        state = WorkflowState.objects.filter(pk=state_id).first()
        # Approved, sent back or withdrawn before the task ran: nothing awaits them.
        if page is None or state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
            return None
        return cls(page=page, state_id=state_id)

    @property
    def event_key(self) -> str:
        return f"report-submitted:{self.state_id}"

    def recipients(self):
        board_id = _partnership(self.page).board_id or self.page.board_id
        chairs = (
            Membership.objects.filter(body_id=board_id, role__may_chair=True)
            .current_on(timezone.localdate())
            .select_related("person")
        )
        return people_reachable(m.person for m in chairs)

    def message(self, person: Person) -> Message:
        page = self.page
        url = absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]), _partnership(page))
        return render_message(
            "email/cms/report_submitted",
            {"page": page, "title": page.get_admin_display_title()},
            person=person,
            subject=f"For your approval: {page.get_admin_display_title()}",
            url=url,
        )


@register
@dataclass
class ReportDecided(Notice):
    """To the report's author (who submitted it): the chair approved it, which published
    it, or asked for changes."""

    key = "cms.report_decided"
    label = "A report I submitted is approved or sent back"
    description = "When the chair approves a report you submitted, or asks for changes."
    audience = Audience.BUSINESS_UNIT

    page: Page
    state: WorkflowState
    approved: bool
    comment: str

    @classmethod
    def load(cls, *, page_id: int, state_id: int, approved: bool, comment: str = ""):
        page = _report(page_id)
        state = WorkflowState.objects.select_related("requested_by").filter(pk=state_id).first()
        if page is None or state is None:
            return None
        return cls(page=page, state=state, approved=approved, comment=comment)

    @property
    def event_key(self) -> str:
        return f"report-decided:{self.state.pk}:{'approved' if self.approved else 'changes'}"

    def recipients(self):
        from membership.access import person_for

        requester = self.state.requested_by
        person = person_for(requester) if requester is not None else None
        return people_reachable([person] if person else [])

    def message(self, person: Person) -> Message:
        page = self.page
        partnership = _partnership(page)
        if self.approved:
            parts = page.get_url_parts() if page.live else None
            url = absolute_url(parts[2] if parts else "/", partnership)
            subject = f"Approved and published: {page.title}"
        else:
            url = absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]), partnership)
            subject = f"Changes asked for: {page.get_admin_display_title()}"
        return render_message(
            "email/cms/report_decided",
            {"page": page, "approved": self.approved, "comment": self.comment},
            person=person,
            subject=subject,
            url=url,
        )
