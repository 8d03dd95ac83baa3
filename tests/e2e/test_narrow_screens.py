"""On a 375 px phone the report (with its charts) and the meeting page fit the screen: the
charts shrink by the stylesheet, since the CSP refuses inline styles."""

import datetime

import pytest

from tests.cms.factories import chair_login, publish
from tests.cms.factories import report as cms_report
from tests.e2e.test_journeys import executive, meeting_in  # noqa: F401 - the shared scene
from tests.governance.performance_factories import MetricFactory, monthly

D = datetime.date
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_report_and_meeting_pages_fit_a_375_px_screen(page, executive):  # noqa: F811
    body, meeting, _following = executive
    charts = []
    for n in range(2):
        metric = MetricFactory(name=f"Re-referrals {n}", slug=f"re-referrals-{n}")
        monthly(metric, D(2011, 10, 1), ["31.0", "29.8", "28.6", "27.4"])
        charts.append(
            (
                "metric_chart",
                {
                    "metric": str(metric.pk),
                    "title": "",
                    "start": D(2011, 10, 1),
                    "end": D(2012, 3, 31),
                    "comparators": True,
                },
            )
        )
    published = publish(cms_report(body, charts), by=chair_login(body))

    page.set_viewport_size({"width": 375, "height": 800})
    for url in (published.url, meeting.get_absolute_url()):
        assert page.goto(url).status == 200
        if url == published.url:
            assert page.locator("svg.chart").count() == 2
        width = page.evaluate("document.documentElement.scrollWidth")
        # What sticks out, named in the failure.
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > 376).slice(0, 5)"
            ".map(e => e.tagName + '.' + e.className)"
        )
        assert width <= 375, (url, width, wide)
