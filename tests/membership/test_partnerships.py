"""Partnerships: names unique where people expect, references that never clash, and each
partnership's site found by its hostname."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from governance import services
from governance.models import Decision
from membership.models import Body, Partnership
from tests.membership.factories import BodyFactory
from tests.partnerships import ADULTS_HOST, second_partnership

pytestmark = pytest.mark.django_db


def test_a_second_partnership_has_its_own_site_group_board_and_home_page():
    adults = second_partnership()

    assert adults.site.hostname == ADULTS_HOST
    assert adults.site.root_page.title == "Safeguarding Adults Board"
    assert adults.business_unit.name == "Business unit · SAB"
    assert adults.business_unit.permissions.filter(codename="access_admin").exists()
    assert adults.board.partnership == adults
    assert adults.prefix_references
    from wagtail.models import GroupCollectionPermission

    granted = GroupCollectionPermission.objects.filter(group=adults.business_unit)
    assert {p.collection.name for p in granted} == {"Safeguarding Adults Board"}
    assert {"choose_image", "add_document"} <= {p.permission.codename for p in granted}


def test_two_partnerships_may_each_have_a_body_of_the_same_name_and_short_name():
    adults = second_partnership()
    BodyFactory(name="Quality Assurance Subgroup", short_name="QA", slug="qa")

    twin = Body(partnership=adults, name="Quality Assurance Subgroup", short_name="QA", slug="qa")
    twin.full_clean()
    twin.save()

    assert Body.objects.filter(name="Quality Assurance Subgroup").count() == 2


def test_within_one_partnership_a_name_or_short_name_is_refused_naming_the_clash():
    BodyFactory(name="Quality Assurance Subgroup", short_name="QA", slug="qa")

    same_name = Body(name="quality assurance subgroup", slug="qa-2")
    with pytest.raises(ValidationError) as refused:
        same_name.full_clean()
    assert "Quality Assurance Subgroup" in str(refused.value.message_dict["name"])

    same_code = Body(name="Quality and Audit", slug="qa2", short_name="qa")
    with pytest.raises(ValidationError) as refused:
        same_code.full_clean()
    assert "Quality Assurance Subgroup" in refused.value.message_dict["short_name"][0]
    assert "QA" in refused.value.message_dict["short_name"][0]


def test_a_new_partnerships_references_carry_its_code_and_the_default_keeps_its_own():
    adults = second_partnership()
    children = BodyFactory(short_name="LSCB")
    adults_twin = Body.objects.create(partnership=adults, name="Board", short_name="LSCB", slug="b")
    on = datetime.date(2026, 3, 4)

    ours = services.decision_record(
        actor=None, body=children, title="Adopt the plan", text="Agreed.", decided_on=on
    )
    theirs = services.decision_record(
        actor=None, body=adults_twin, title="Adopt the plan", text="Agreed.", decided_on=on
    )

    assert ours.reference == "LSCB/2026/001"
    assert theirs.reference == "SAB/LSCB/2026/001"
    assert Decision.objects.count() == 2


def test_a_reference_another_body_already_gave_is_refused_naming_that_record():
    on = datetime.date(2026, 3, 4)
    old = BodyFactory(short_name="QA")
    services.decision_record(actor=None, body=old, title="First", text="Agreed.", decided_on=on)
    old.short_name = "QAS"
    old.save()
    newcomer = BodyFactory(short_name="QA")

    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=None, body=newcomer, title="Second", text="Agreed.", decided_on=on
        )

    assert "QA/2026/001" in str(refused.value)
    assert "First" in str(refused.value)
    assert Decision.objects.count() == 1


def test_a_partnership_on_another_hostname_or_code_is_refused_by_the_command():
    second_partnership()

    with pytest.raises(CommandError, match="adults.localhost"):
        call_command("add_partnership", "Another", "ANO", ADULTS_HOST)
    with pytest.raises(CommandError, match="SAB"):
        call_command("add_partnership", "Another", "SAB", "another.localhost")
    assert Partnership.objects.count() == 2


def test_the_command_sets_up_a_partnership(capsys):
    call_command(
        "add_partnership", "Tri-borough Board", "TRI", "tri.localhost", "--board", "Tri Board"
    )

    made = Partnership.objects.get(code="TRI")
    assert made.board.name == "Tri Board"
    assert "tri.localhost" in capsys.readouterr().out


def test_a_business_unit_changes_its_own_partnership_with_history_and_no_other():
    from django.core.exceptions import PermissionDenied

    from membership import services
    from tests.partnerships import manager_of

    adults = second_partnership()
    manager = manager_of(adults)
    adults.contact_email = "adults@example.org"

    services.partnership_save(actor=manager, partnership=adults, reason="New address")

    latest = adults.history.latest()
    assert latest.contact_email == "adults@example.org"
    assert latest.history_user == manager
    assert latest.history_change_reason == "New address"
    children = Partnership.objects.get(is_default=True)
    children.name = "Renamed by another"
    with pytest.raises(PermissionDenied):
        services.partnership_save(actor=manager, partnership=children)
    adults.board = BodyFactory()
    with pytest.raises(ValidationError, match="own bodies"):
        services.partnership_save(actor=manager, partnership=adults)
    assert Partnership.objects.get(is_default=True).name != "Renamed by another"
