import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.dates import today
from governance import services
from governance.models import Risk, RiskReview, Trend, rating_for
from tests.membership.factories import BodyFactory

from .factories import (
    BodySettingsFactory,
    D,
    action,
    business_unit,
    chair_of,
    challenge,
    member_of,
    risk,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (9, "Medium"),
        (10, "High"),
        (12, "High"),
        (15, "Very high"),
        (25, "Very high"),
    ],
)
def test_rating_bands(score, label):
    assert rating_for(score).label == label


def test_score_is_likelihood_times_impact():
    scored = risk(BodyFactory(short_name="KSCB"), likelihood=4, impact=5)

    assert scored.score == 20 and scored.rating.label == "Very high"
    assert scored.reference == "KSCB/R01"


def test_scores_outside_one_to_five_are_refused_by_the_service_and_the_database():
    body = BodyFactory()
    with pytest.raises(ValidationError) as refused:
        risk(body, likelihood=6)
    assert "from 1 (lowest) to 5 (highest)" in str(refused.value)

    scored = risk(body)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=scored.pk).update(impact=0)  # the constraint holds even here


def test_reviews_re_score_the_risk_and_keep_the_trend():
    """Scenario 10: 4 × 5 = 20, linked to a challenge and two actions; a quarterly review
    re-scores it 3 × 5; the trend shows."""
    body = BodyFactory()
    scored = risk(
        body,
        likelihood=4,
        impact=5,
        opened_on=D(2012, 2, 1),
        actions=[action(body), action(body)],
        challenges=[challenge(body)],
    )

    services.risk_review(
        actor=None,
        risk=scored,
        likelihood=3,
        impact=5,
        reviewed_on=D(2012, 5, 1),
        note="Analyst in post",
    )
    services.risk_review(actor=None, risk=scored, likelihood=3, impact=5, reviewed_on=D(2012, 8, 1))
    services.risk_review(
        actor=None, risk=scored, likelihood=4, impact=5, reviewed_on=D(2012, 11, 1)
    )

    scored.refresh_from_db()
    assert scored.score == 20
    assert scored.actions.count() == 2 and scored.challenges.count() == 1
    assert [r.score for r in scored.reviews.all()] == [20, 15, 15, 20]
    reason = scored.history.filter(history_change_reason__startswith="Reviewed on 1 May").get()
    assert reason.history_change_reason.endswith("4 × 5 = 20 → 3 × 5 = 15")


def test_a_review_cannot_come_before_the_last_one():
    scored = risk(BodyFactory(), opened_on=D(2012, 2, 1))
    services.risk_review(actor=None, risk=scored, likelihood=3, impact=5, reviewed_on=D(2012, 5, 1))

    with pytest.raises(ValidationError) as refused:
        services.risk_review(
            actor=None, risk=scored, likelihood=2, impact=5, reviewed_on=D(2012, 4, 1)
        )

    assert "The last review was on 1 May 2012" in str(refused.value)
    assert RiskReview.objects.filter(risk=scored).count() == 2


def test_the_register_is_sorted_by_score_with_trend_and_appetite(client):
    settings = BodySettingsFactory(risk_appetite=12)
    body = settings.body
    low = risk(body, title="Low one", likelihood=1, impact=2)
    high = risk(body, title="High one", likelihood=4, impact=5)
    services.risk_review(actor=None, risk=high, likelihood=3, impact=5, reviewed_on=D(2012, 5, 1))
    middle = risk(body, title="Middle one", likelihood=3, impact=4)
    client.force_login(member_of(body))

    response = client.get("/risks/")

    listed = response.context["risks"]
    assert [r.title for r in listed] == ["High one", "Middle one", "Low one"]
    assert [r.above_appetite for r in listed] == [True, False, False]
    assert listed[0].trend == Trend.DOWN and listed[1].trend == Trend.NEW
    page = response.content.decode()
    assert "1 above their body" in page and "Above appetite (12)" in page
    assert low.pk and middle.pk


def test_the_risk_page_shows_the_trend_and_takes_a_chairs_review(client):
    body = BodyFactory()
    scored = risk(body, likelihood=4, impact=5)
    client.force_login(chair_of(body))

    reviewed = client.post(
        scored.get_absolute_url(),
        {"reviewed_on": "2012-05-01", "likelihood": "3", "impact": "5", "note": "Analyst in post"},
    )
    page = client.get(scored.get_absolute_url())

    assert reviewed.status_code == 302
    assert [r.trend for r in page.context["risk"].dated_reviews] == [Trend.NEW, Trend.DOWN]
    assert "Analyst in post" in page.content.decode()


def test_a_review_sets_the_next_one_a_quarter_on_unless_the_chair_chooses_a_date(client):
    body = BodyFactory()
    scored = risk(body)
    assert scored.next_review_on == D(2012, 5, 2)  # added 1 February: a quarter on
    client.force_login(chair_of(body))
    url = scored.get_absolute_url()
    review = {"likelihood": "3", "impact": "5", "next_review_on": ""}

    client.post(url, {**review, "reviewed_on": "2012-05-01"})
    scored.refresh_from_db()
    assert scored.next_review_on == D(2012, 7, 31)

    client.post(url, {**review, "reviewed_on": "2012-05-02", "next_review_on": "2012-06-01"})
    scored.refresh_from_db()
    assert scored.next_review_on == D(2012, 6, 1)

    refused = client.post(
        url, {**review, "reviewed_on": "2012-05-03", "next_review_on": "2012-05-03"}
    )
    assert refused.status_code == 400
    assert "The next review comes after 3 May 2012." in refused.content.decode()
    scored.refresh_from_db()
    assert scored.next_review_on == D(2012, 6, 1)
    assert scored.reviews.count() == 3


def test_the_register_flags_open_risks_past_their_review_date(client):
    body = BodyFactory()
    risk(body, title="Long unreviewed", opened_on=D(2011, 1, 3))
    closed = risk(body, title="Closed and unreviewed", opened_on=D(2011, 1, 3))
    closed.status = "closed"
    services.risk_save(actor=None, risk=closed)
    fresh = risk(body, title="Just added", opened_on=D(2012, 3, 1))
    services.risk_review(actor=None, risk=fresh, likelihood=2, impact=2, reviewed_on=today())
    client.force_login(business_unit())

    rows = {
        r.title: r.review_overdue for r in client.get("/risks/", {"status": "all"}).context["risks"]
    }
    page = client.get("/risks/").content.decode()

    assert rows == {"Long unreviewed": True, "Closed and unreviewed": False, "Just added": False}
    assert page.count("Review overdue") == 1
    export = client.get("/risks/export.csv").content.decode("utf-8-sig")
    assert "Next review" in export.splitlines()[0]
    assert ",4 April 2011" in export


def test_a_member_cannot_review_a_risk(client):
    body = BodyFactory()
    scored = risk(body)
    client.force_login(member_of(body))

    response = client.post(
        scored.get_absolute_url(), {"reviewed_on": "2012-05-01", "likelihood": "1", "impact": "1"}
    )

    assert response.status_code == 403
    scored.refresh_from_db()
    assert scored.score == 20


def test_the_risk_export_lists_scores_and_trend(client):
    body = BodyFactory()
    risk(body, title="Project management and business planning", likelihood=3, impact=4)
    client.force_login(business_unit())

    export = client.get("/risks/export.csv").content.decode("utf-8-sig")

    assert "Project management and business planning" in export
    assert ",3,4,12,High,8,New,No," in export
