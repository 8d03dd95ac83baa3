"""Importing figures from CSV: all or nothing, every problem by line and column, a check-only
run, and revisions only with a reason. Through the service and the admin page."""

import io
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import MetricUnit, MetricValue, PeriodKind
from governance.performance.imports import metric_values_import_csv, template_csv
from governance.performance.selectors import metric_latest

from .factories import business_unit, member_of
from .performance_factories import D, MetricFactory, record

pytestmark = pytest.mark.django_db

HEADER = "metric,period_kind,period_start,value,england,statistical_neighbours,region\n"
IMPORT_URL = reverse("figure-import:index")


@pytest.fixture
def cp_plans():
    return MetricFactory(
        slug="cp-plans", name="Children subject to a plan", unit=MetricUnit.COUNT, target=None,
        amber_within=None,
    )  # fmt: skip


@pytest.fixture
def re_referrals():
    return MetricFactory(slug="re-referrals", name="Re-referrals", period_kind=PeriodKind.QUARTER)


def run(text, *, actor=None, dry_run=False, name="figures.csv"):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return metric_values_import_csv(actor=actor, file=file, dry_run=dry_run)


GOOD = (
    HEADER
    + 'cp-plans,month,1 January 2012,"1,168",,,\n'
    + "cp-plans,month,01/02/2012,1153,,,\n"
    + "Re-referrals,quarter,2011-10-01,27.4%,24.9,23.5,26.0\n"
)


def test_a_good_file_is_imported(cp_plans, re_referrals, today):
    manager = business_unit()

    result = run(GOOD, actor=manager)

    assert result.ok and result.imported
    assert (result.rows, result.recorded, result.revised, result.unchanged) == (3, 3, 0, 0)
    assert result.summary == "3 new figures, 0 revised, 0 already recorded"
    figure = MetricValue.objects.get(metric=re_referrals)
    assert (figure.value, figure.england, figure.statistical_neighbours, figure.region) == (
        Decimal("27.4"),
        Decimal("24.9"),
        Decimal("23.5"),
        Decimal("26.0"),
    )
    assert figure.recorded_on == today and figure.recorded_by == manager
    assert figure.history.get().history_user == manager
    assert [v.value for v in MetricValue.objects.filter(metric=cp_plans)] == [1168, 1153]


def test_one_bad_line_imports_nothing_and_every_problem_is_listed_by_line(cp_plans, re_referrals):
    text = (
        HEADER
        + "cp-plans,month,1 January 2012,1168,,,\n"
        + "cp-plan,month,1 February 2012,1153,,,\n"  # no such metric
        + "re-referrals,quarter,1 November 2011,27.4,,,\n"  # not the start of a quarter
        + "re-referrals,quarterly,1 January 2012,lots,,,\n"  # not a number
        + "re-referrals,fortnight,1 April 2011,101,,,\n"  # no such period kind
        + "re-referrals,quarter,1 July 2011,101,,,\n"  # over 100%
        + "cp-plans,month,1 March 2012,,,,\n"  # blank value
    )

    result = run(text)

    assert not result.ok and not result.imported
    assert not MetricValue.objects.exists()
    assert result.recorded == 0
    assert [(p.line, p.column) for p in result.problems] == [
        (3, "metric"),
        (4, "period_start"),
        (5, "value"),
        (6, "period_kind"),
        (7, "value"),
        (8, "value"),
    ]
    assert "No metric is called “cp-plan”" in result.problems[0].message
    assert "for Q3 2011/12 give 1 October 2011" in result.problems[1].message
    assert "Line 3, metric:" in str(result.problems[0])


def test_check_only_checks_and_writes_nothing(cp_plans, re_referrals):
    result = run(GOOD, dry_run=True)

    assert result.ok and not result.imported
    assert result.recorded == 3
    assert not MetricValue.objects.exists()


def test_the_same_period_twice_in_a_file_points_at_both_lines(cp_plans):
    text = HEADER + "cp-plans,month,2012-01-01,1168,,,\ncp-plans,month,2012-01-01,1170,,,\n"

    result = run(text)

    assert [(p.line, p.column) for p in result.problems] == [(3, "period_start")]
    assert "Line 2 already gives" in result.problems[0].message
    assert not MetricValue.objects.exists()


def test_a_figure_already_recorded_is_left_alone_or_revised_with_a_reason(re_referrals):
    original = record(re_referrals, D(2011, 10, 1), "27.4", england=Decimal("24.9"))
    same = HEADER + "re-referrals,quarter,2011-10-01,27.4,24.9,,\n"
    changed = HEADER + "re-referrals,quarter,2011-10-01,28.6,24.9,,\n"
    header_with_reason = HEADER.replace("region\n", "region,reason,recorded_on\n")
    with_reason = header_with_reason + (
        "re-referrals,quarter,2011-10-01,28.6,24.9,,,East Kent's late records,2 March 2012\n"
    )

    unchanged = run(same)
    refused = run(changed)
    revised = run(with_reason)

    assert unchanged.ok and unchanged.unchanged == 1 and unchanged.recorded == 0
    assert [(p.line, p.column) for p in refused.problems] == [(2, "reason")]
    assert "already has 27.4% for Q3 2011/12" in refused.problems[0].message
    assert revised.ok and revised.revised == 1
    reading = metric_latest(re_referrals, D(2012, 3, 31))
    assert reading.value == Decimal("28.6") and reading.revised
    assert reading.original == original
    assert reading.point.figure.reason == "East Kent's late records"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("metric,period_kind,value\ncp-plans,month,1\n", 1, "period_start", "no “period_start”"),
        (HEADER.replace("region", "district") + "x\n", 1, "district", "not a column"),
        ("", None, "", "The file is empty"),
        (HEADER, None, "", "no figures under it"),
        ("hello;world\n1;2\n", 1, "", "header row"),
    ],
)
def test_problems_with_the_file_as_a_whole(cp_plans, text, line, column, words):
    result = run(text)

    problem = result.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.message
    assert "membership" not in problem.message


def test_a_file_that_is_not_utf8_is_refused(cp_plans):
    file = io.BytesIO((HEADER + "cp-plans,month,2012-01-01,1168,,,£\n").encode("latin-1"))

    result = metric_values_import_csv(actor=None, file=file)

    assert "not UTF-8" in result.problems[0].message


def test_the_template_has_every_column_and_examples():
    lines = template_csv().lstrip("\ufeff").splitlines()

    assert lines[0].startswith("metric,period_kind,period_start,value,england")
    assert len(lines) == 3


# The admin page ----------------------------------------------------------------------------


def upload(text, name="figures.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_business_unit_imports_from_the_admin(client, cp_plans, re_referrals):
    client.force_login(business_unit())

    page = client.get(IMPORT_URL)
    checked = client.post(IMPORT_URL, {"file": upload(GOOD), "check_only": "on"})
    imported = client.post(IMPORT_URL, {"file": upload(GOOD)}, follow=True)

    assert page.status_code == 200 and b"Import figures" in page.content
    assert b"is ready to import" in checked.content
    assert imported.redirect_chain == [(IMPORT_URL, 302)]
    assert "Imported 3 new figures" in imported.content.decode()
    assert MetricValue.objects.count() == 3
    assert client.get(reverse("figure-import:template")).status_code == 200


def test_the_admin_lists_problems_by_line_and_imports_nothing(client, cp_plans):
    client.force_login(business_unit())

    response = client.post(
        IMPORT_URL, {"file": upload(HEADER + "cp-plans,month,2012-01-02,1168,,,\n")}
    )

    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "A month starts on its first day" in page
    assert not MetricValue.objects.exists()


def test_a_member_cannot_import(client, cp_plans):
    client.force_login(member_of(cp_plans.body))

    assert client.get(IMPORT_URL).status_code in (302, 403)
    assert client.post(IMPORT_URL, {"file": upload(GOOD)}).status_code in (302, 403)
    assert not MetricValue.objects.exists()
