"""The budget block: each agency's contribution and share of the partnership's budget for
the report's financial year, as the business unit entered it in the admin; "not recorded"
when none was entered; frozen on publish; the budgets admin scoped to the partnership."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cms.pdf import report_html
from cms.snapshots import empty_blocks
from governance.models import Budget, Contribution
from membership.models import Organisation, default_partnership
from tests.admin_forms import admin_form, submit
from tests.cms.factories import board_body, chair_login, publish, report
from tests.membership.factories import OrganisationFactory
from tests.partnerships import manager_of, second_partnership

D = datetime.date
pytestmark = pytest.mark.django_db

CAPTION = "Budget of Kent Safeguarding Children Board, financial year 2011 to 2012"


@pytest.fixture
def board():
    return board_body(name="Kent Safeguarding Children Board", short_name="KSCB")


def budget(partnership, year: int, total: str, *contributions, notes: str = "") -> Budget:
    made = Budget.objects.create(
        partnership=partnership, year=year, total=Decimal(total), notes=notes
    )
    for name, amount, in_kind in contributions:
        Contribution.objects.create(
            budget=made,
            organisation=Organisation.objects.filter(name=name).first()
            or OrganisationFactory(name=name),
            amount=Decimal(amount),
            in_kind=in_kind,
        )
    return made


def rows_of(html: str) -> str:
    return " ".join(html.split())


def test_the_budget_shows_each_agencys_contribution_share_and_total_for_the_reports_year(
    client, board
):
    home = default_partnership()
    this_year = budget(
        home,
        2011,
        "100000",
        ("Kent County Council", "50000", ""),
        ("Kent Police", "25000", ""),
        ("NHS Kent and Medway", "12500.50", "Venue and minute-taking"),
        notes="Carried forward: £4,000.",
    )
    budget(home, 2012, "999999", ("Kent County Council", "999999", ""))
    budget(second_partnership(), 2011, "777777")

    page = publish(report(board, [("budget", {})]), by=chair_login(board))
    html = rows_of(client.get(page.url).content.decode())

    assert f'<span class="caption-note">{CAPTION}</span>' in html
    assert (
        '<th scope="row">Kent County Council</th><td class="number">£50,000</td>'
        '<td class="number">50%</td>' in html
    )
    assert '<th scope="row">Kent Police</th><td class="number">£25,000</td>' in html
    assert (
        '<td class="number">£12,500.50</td><td class="number">12.5%</td>'
        "<td>Venue and minute-taking</td>" in html
    )
    # What the agencies did not give is the rest of the budget, not left unexplained.
    assert (
        '<th scope="row">Other income</th><td class="number">£12,499.50</td>'
        '<td class="number">12.5%</td>' in html
    )
    assert '<th scope="row">Total</th><td class="number">£100,000</td>' in html
    assert "Carried forward: £4,000." in html
    assert "£999,999" not in html and "£777,777" not in html

    # Published, the figures are frozen: correcting the budget later changes nothing.
    this_year.total = Decimal("200000")
    this_year.save()
    assert "£100,000" in client.get(page.url).content.decode()
    assert empty_blocks(page) == []


def test_a_year_without_a_budget_says_not_recorded_never_nothing(client, board):
    budget(default_partnership(), 2010, "50000", ("Kent Police", "50000", ""))
    draft = report(board, [("budget", {})])

    assert empty_blocks(draft) == ["Budget and contributions by agency"]
    preview = rows_of(draft.make_preview_request().content.decode())
    assert "The budget for 2011 to 2012 is not recorded." in preview
    assert "Nothing to show" in preview

    html = client.get(publish(draft).url).content.decode()
    assert "The budget for 2011 to 2012 is not recorded." in html
    assert "£0" not in html and "£50,000" not in html and "Total" not in html


def test_a_block_may_name_another_year(client, board):
    budget(default_partnership(), 2010, "50000", ("Kent Police", "50000", ""))
    page = publish(report(board, [("budget", {"year": 2010})]))

    html = rows_of(client.get(page.url).content.decode())
    assert "financial year 2010 to 2011" in html
    assert '<td class="number">£50,000</td><td class="number">100%</td>' in html


def test_the_pdf_carries_the_budget_as_a_table_with_its_caption(board):
    budget(default_partnership(), 2011, "1000", ("Kent Police", "250", ""))
    page = publish(report(board, [("budget", {})]))

    html = rows_of(report_html(page, live=False))
    assert (
        f'<caption>Budget and contributions by agency<span class="caption-note">{CAPTION}' in html
    )
    assert '<td class="number">£250</td><td class="number">25%</td>' in html


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------
def test_the_business_unit_enters_its_budget_and_never_sees_another_partnerships(client):
    home = default_partnership()
    adults = second_partnership()
    theirs = budget(adults, 2011, "5000", ("Adult Social Care", "5000", ""))
    police = OrganisationFactory(name="Kent Police")
    client.force_login(manager_of(home))

    form = admin_form(client, "/admin/budget/new/")
    form["partnership"] = home.pk
    form["year"] = 2011
    form["total"] = "40000"
    form.add_row("contributions", organisation=police.pk, amount="10000", in_kind="Venue")
    response = submit(client, "/admin/budget/new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]

    ours = Budget.objects.get(partnership=home)
    assert (ours.year, ours.total) == (2011, Decimal("40000"))
    assert list(ours.contributions.values_list("organisation__name", "amount", "in_kind")) == [
        ("Kent Police", Decimal("10000"), "Venue")
    ]

    # Corrected later, with the reason kept in its history.
    form = admin_form(client, f"/admin/budget/edit/{ours.pk}/")
    form["total"] = "45000"
    form["change_reason"] = "Late contribution from the council agreed."
    response = submit(client, f"/admin/budget/edit/{ours.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    ours.refresh_from_db()
    assert ours.total == Decimal("45000")
    assert (
        ours.history.first().history_change_reason == "Late contribution from the council agreed."
    )

    listing = client.get("/admin/budget/").content.decode()
    assert "2011 to 2012" in listing and "5,000" not in listing
    assert client.get(f"/admin/budget/edit/{theirs.pk}/").status_code == 404
    assert client.get(f"/admin/budget/history/{theirs.pk}/").status_code == 404

    # Naming the other partnership in the form is refused, and nothing is saved.
    form = admin_form(client, "/admin/budget/new/")
    form["partnership"] = adults.pk
    form["year"] = 2012
    form["total"] = "1"
    response = submit(client, "/admin/budget/new/", form)
    assert response.status_code == 200
    assert "belongs to a partnership you do not run" in response.content.decode()
    assert not Budget.objects.filter(year=2012).exists()


def test_contributions_above_the_total_are_refused_and_nothing_is_saved(client):
    home = default_partnership()
    client.force_login(manager_of(home))
    form = admin_form(client, "/admin/budget/new/")
    form["partnership"] = home.pk
    form["year"] = 2011
    form["total"] = "1000"
    form.add_row("contributions", organisation=OrganisationFactory().pk, amount="1500")
    response = submit(client, "/admin/budget/new/", form)

    assert response.status_code == 200
    assert "The contributions add up to £1,500.00, more than the total" in (
        response.content.decode()
    )
    assert not Budget.objects.exists()


def test_anonymous_and_members_without_admin_cannot_reach_budgets(client, board):
    assert client.get("/admin/budget/").status_code == 302
    client.force_login(chair_login(board))
    assert client.get("/admin/budget/new/").status_code in (302, 403)
