"""The performance and audit pages: public unless restricted, restricted ones for members of
the body and the business unit only, revised figures marked with the original on request,
and a fixed number of queries however many figures there are."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import MetricUnit, PeriodKind, Polarity

from .factories import BodyFactory, PersonFactory, business_unit, member_of
from .performance_factories import D, MetricFactory, audit, monthly, record, revise

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory(name="Quality and Effectiveness Subgroup")


@pytest.fixture
def public(body):
    metric = MetricFactory(
        name="Re-referrals within 12 months",
        slug="re-referrals",
        body=body,
        period_kind=PeriodKind.QUARTER,
        polarity=Polarity.LOWER_IS_BETTER,
        target=Decimal("25"),
        amber_within=Decimal("3"),
    )
    record(metric, D(2011, 7, 1), "27.9", england=Decimal("24.9"), recorded_on=D(2011, 10, 20))
    q3 = record(metric, D(2011, 10, 1), "27.4", england=Decimal("24.9"), recorded_on=D(2012, 1, 20))
    revise(q3, "28.6", on=D(2012, 3, 2), reason="East Kent's late records added")
    return metric


@pytest.fixture
def restricted(body):
    metric = MetricFactory(name="Children missing from care", slug="missing", body=body,
                           is_restricted=True)  # fmt: skip
    record(metric, D(2012, 2, 1), "12.5")
    return metric


def _reader(client, who, body):
    if who == "member":
        client.force_login(member_of(body))
    elif who == "other member":
        client.force_login(member_of(BodyFactory()))
    elif who == "business unit":
        client.force_login(business_unit())


@pytest.mark.parametrize(
    ("who", "sees_restricted"),
    [("anonymous", False), ("other member", False), ("member", True), ("business unit", True)],
)
def test_the_performance_page_shows_restricted_metrics_only_to_the_body(
    client, body, public, restricted, who, sees_restricted
):
    _reader(client, who, body)

    index = client.get("/performance/")
    detail = client.get("/performance/missing/")

    page = index.content.decode()
    assert index.status_code == 200
    assert "Re-referrals within 12 months" in page
    assert ("Children missing from care" in page) is sees_restricted
    assert detail.status_code == (200 if sees_restricted else 404)


def test_the_latest_figures_have_rag_direction_and_revised(client, public):
    page = client.get("/performance/").content.decode()

    assert "Q3 2011/12" in page
    assert "28.6%" in page and "revised" in page
    assert "Red: off target" in page
    assert "Worsening (up)" in page
    assert "Q2 2011/12: 27.9%" in page
    assert "24.9%" in page  # England
    assert "<svg" in page and 'role="img"' in page  # the RAG counts


def test_a_metric_page_has_its_chart_table_and_the_original_of_a_revised_figure(client, public):
    page = client.get("/performance/re-referrals/").content.decode()

    assert page.count("<svg") == 1
    assert 'aria-labelledby="chart-re-referrals-title chart-re-referrals-desc"' in page
    assert '<th scope="col">England</th>' in page
    assert '<th scope="row">Q3 2011/12</th>' in page
    assert "<details" in page and "First reported as 27.4% on 20 January 2012" in page
    assert "28.6% on 2 March 2012: East Kent&#x27;s late records added" in page
    assert "Green at 25.0% or below, amber up to 28.0%, red above." in page


def test_a_metric_page_as_reported_on_an_earlier_day(client, public):
    before = client.get("/performance/re-referrals/", {"on": "2012-03-01"}).content.decode()
    earlier = client.get("/performance/re-referrals/", {"on": "2011-10-01"}).content.decode()

    assert "27.4%" in before and "28.6%" not in before and "<details" not in before
    assert "No figures had been reported by 1 October 2011" in earlier


@pytest.mark.parametrize("on", ["not-a-date", "2999-01-01"])
def test_a_bad_day_is_refused_with_a_message(client, public, on):
    response = client.get("/performance/re-referrals/", {"on": on})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_an_unknown_metric_is_not_found(client):
    assert client.get("/performance/nothing/").status_code == 404


def test_an_audit_page_shows_findings_to_all_and_actions_to_members(client, body):
    owner = PersonFactory(given_name="Nicola", family_name="Brennan")
    done = audit(
        body,
        findings=[("Referrals considered inappropriate", 25, 5, 20)],
        recommendations=[("1", "Reinforce thresholds.", owner, D(2030, 6, 30))],
    )
    url = f"/audits/{done.pk}/"

    public_page = client.get(url).content.decode()
    client.force_login(member_of(body))
    member_page = client.get(url).content.decode()

    for page in (public_page, member_page):
        assert "Referrals considered inappropriate" in page and "5 of 20" in page
        assert "Reinforce thresholds." in page
        assert 'role="img"' in page
    assert "Nicola Brennan" not in public_page and "sign in to see the actions" in public_page
    assert "Nicola Brennan" in member_page and done.recommendations.get().action.reference in (
        member_page
    )
    assert client.get("/audits/").status_code == 200


def test_a_restricted_audit_is_for_the_body_only(client, body):
    done = audit(body, is_restricted=True)

    anonymous = client.get(f"/audits/{done.pk}/").status_code
    listing = client.get("/audits/").content.decode()
    client.force_login(member_of(body))
    member = client.get(f"/audits/{done.pk}/").status_code

    assert (anonymous, member) == (404, 200)
    assert "Understanding of thresholds" not in listing


# Query counts ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture(params=["anonymous", "member", "business unit"])
def reader(request, client, body):
    _reader(client, request.param, body)
    return request.param


def _monthly_metric(body, n, slug):
    metric = MetricFactory(
        slug=slug, body=body, unit=MetricUnit.COUNT, target=Decimal(1000), amber_within=None
    )
    monthly(metric, D(2008, 1, 1), [1500 - 10 * i for i in range(n)])
    return metric


def test_pages_take_as_many_queries_for_5_figures_as_for_50(client, reader, body):
    few = _monthly_metric(body, 5, "few")
    _monthly_metric(body, 5, "also-few")
    client.get("/performance/")  # warm caches that are not per request

    counts_few = [_queries(client, "/performance/"), _queries(client, "/performance/few/")]
    many = _monthly_metric(body, 50, "many")
    for figure in list(many.values.all())[:10]:
        revise(figure, figure.value + 1, on=D(2012, 6, 1))
    for n in range(2):
        _monthly_metric(body, 50, f"more-{n}")
    counts_many = [_queries(client, "/performance/"), _queries(client, "/performance/many/")]

    assert counts_few == counts_many
    assert few.values.count() == 5 and many.values.count() == 60


def test_an_audit_page_takes_as_many_queries_with_more_findings(client, reader, body):
    small = audit(body, findings=[("A", 10, None, None)],
                  recommendations=[("1", "Do.", PersonFactory(), D(2030, 1, 1))])  # fmt: skip
    client.get(f"/audits/{small.pk}/")
    before = [_queries(client, f"/audits/{small.pk}/"), _queries(client, "/audits/")]

    large = audit(
        body,
        findings=[(f"Finding {n}", n, None, None) for n in range(20)],
        recommendations=[(str(n), "Do.", PersonFactory(), D(2030, 1, 1)) for n in range(20)],
        agencies=[],
    )
    for _ in range(10):
        audit(body, findings=[("B", 5, 1, 20)])
    # Warmed as before.
    client.get(f"/audits/{large.pk}/")
    after = [_queries(client, f"/audits/{large.pk}/"), _queries(client, "/audits/")]

    assert before == after
