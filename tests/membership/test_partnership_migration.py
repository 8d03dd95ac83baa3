"""A single-board database migrates into one partnership with nothing changed: its bodies,
people, metrics, site and business unit are the partnership's, and its references keep
their form."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("membership", "0005_body_quorum_sectors_history"),
    ("governance", "0007_risk_next_review_on"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_single_board_database_becomes_one_partnership_with_nothing_changed():
    old = _migrate(BEFORE)
    Body = old.get_model("membership", "Body")
    Person = old.get_model("membership", "Person")
    Organisation = old.get_model("membership", "Organisation")
    Sector = old.get_model("membership", "Sector")
    Metric = old.get_model("governance", "Metric")
    Site = old.get_model("wagtailcore", "Site")
    Site.objects.filter(is_default_site=True).update(site_name="Kent Safeguarding Children Board")
    board = Body.objects.create(
        name="Kent Safeguarding Children Board", short_name="KSCB", slug="board", kind="board"
    )
    qa = Body.objects.create(name="QA Subgroup", short_name="QA", slug="qa", parent=board)
    Person.objects.create(given_name="Ann", family_name="Lee", email="ann@example.org")
    police = Organisation.objects.create(
        name="Kent Police", sector=Sector.objects.create(name="Police", slug="police")
    )
    Metric.objects.create(
        name="Re-referrals",
        slug="re-referrals",
        unit="percentage",
        polarity="lower",
        owner=police,
        body=qa,
    )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new = _migrate(leaves)

    Partnership = new.get_model("membership", "Partnership")
    (partnership,) = Partnership.objects.all()
    assert partnership.name == "Kent Safeguarding Children Board"
    assert partnership.code == "KSCB"
    assert partnership.is_default and not partnership.prefix_references
    assert partnership.board_id == board.pk
    assert partnership.site.is_default_site
    assert partnership.business_unit.name == "Business unit"
    for model in ("Body", "Person"):
        rows = new.get_model("membership", model).objects.all()
        assert set(rows.values_list("partnership_id", flat=True)) == {partnership.pk}
    metric = new.get_model("governance", "Metric").objects.get()
    assert metric.partnership_id == partnership.pk
    assert new.get_model("membership", "Body").objects.get(pk=qa.pk).slug == "qa"
