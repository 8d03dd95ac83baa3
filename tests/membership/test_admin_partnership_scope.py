"""A business unit's admin holds its own partnerships' bodies, people and terms: listings,
filters, choosers and the choices of every form; another partnership's record asked for by
its address is not found, and named in a form it is refused. A superuser, or a manager of
both partnerships, sees both."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from membership.imports.csvfile import COLUMNS
from membership.models import (
    Body,
    BodyKind,
    Membership,
    Partnership,
    Person,
    default_partnership,
)
from tests.admin_forms import admin_form, loaded_history_token, submit
from tests.membership.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.partnerships import manager_of, second_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Each partnership's subgroup and person: the default ("A") and the adults' ("B")."""
    a, b = default_partnership(), second_partnership()
    return {
        "a": a,
        "b": b,
        "a_body": BodyFactory(name="Children Exploitation Subgroup", partnership=a),
        "b_body": BodyFactory(name="Adults Self-Neglect Subgroup", partnership=b),
        "a_person": PersonFactory(family_name="Aldington", partnership=a),
        "b_person": PersonFactory(family_name="Brabourne", partnership=b),
    }


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_manager_lists_only_their_partnerships_bodies_and_people(client, two):
    client.force_login(manager_of(two["b"]))

    bodies = page(client, reverse("body:index"))
    people = page(client, reverse("person:index"))

    assert "Adults Self-Neglect Subgroup" in bodies
    assert "Children Exploitation Subgroup" not in bodies
    assert "Brabourne" in people
    assert "Aldington" not in people


def test_a_manager_of_both_and_a_superuser_see_both(client, two, admin_user):
    for user in (manager_of(two["a"], two["b"]), admin_user):
        client.force_login(user)
        bodies = page(client, reverse("body:index"))
        assert "Adults Self-Neglect Subgroup" in bodies
        assert "Children Exploitation Subgroup" in bodies


def test_a_person_with_a_term_on_a_managed_body_is_listed(client, two):
    """A member lent by another partnership is kept by the body's business unit too."""
    MembershipFactory(body=two["b_body"], person=two["a_person"])
    client.force_login(manager_of(two["b"]))

    assert "Aldington" in page(client, reverse("person:index"))


def test_another_partnerships_records_are_not_found_by_their_address(client, two):
    client.force_login(manager_of(two["b"]))
    body, person = two["a_body"], two["a_person"]
    term = MembershipFactory(body=body, person=person)

    for url in (
        reverse("body:edit", args=(body.pk,)),
        reverse("body:history", args=(body.pk,)),
        reverse("person:edit", args=(person.pk,)),
        reverse("term:edit", args=(term.pk,)),
        reverse("term:add") + f"?body={body.pk}",
    ):
        assert client.get(url).status_code == 404, url
    # Their own are found.
    assert client.get(reverse("body:edit", args=(two["b_body"].pk,))).status_code == 200


def test_choosers_and_filters_offer_only_the_managers_records(client, two):
    client.force_login(manager_of(two["b"]))

    chooser = page(client, reverse("person_chooser:choose"))
    filters = page(client, reverse("term:index"))

    assert "Brabourne" in chooser
    assert "Aldington" not in chooser
    assert "Adults Self-Neglect Subgroup" in filters
    assert "Children Exploitation Subgroup" not in filters
    chosen = client.get(reverse("person_chooser:chosen", args=(two["a_person"].pk,)))
    assert chosen.status_code == 404


def test_a_term_on_another_partnerships_body_is_refused_and_nothing_saved(client, two):
    client.force_login(manager_of(two["b"]))
    url = reverse("term:add") + f"?body={two['b_body'].pk}"
    form = admin_form(client, url)
    form["person"] = two["b_person"].pk
    form["body"] = two["a_body"].pk

    response = submit(client, url, form)

    assert response.status_code == 200
    assert "That body belongs to a partnership you do not run" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_body_added_by_a_manager_of_one_partnership_is_theirs(client, two):
    client.force_login(manager_of(two["b"]))
    form = admin_form(client, reverse("body:add"))
    form["name"], form["slug"] = "Adults Quality Subgroup", "quality"

    response = submit(client, reverse("body:add"), form)

    assert response.status_code == 302
    assert Body.objects.get(slug="quality").partnership == two["b"]


def test_a_body_cannot_be_put_in_a_partnership_the_manager_does_not_run(client, two):
    client.force_login(manager_of(two["b"]))
    body = two["b_body"]
    url = reverse("body:edit", args=(body.pk,))
    form = admin_form(client, url)
    form["partnership"] = two["a"].pk
    form["parent"] = two["a_body"].pk

    content = submit(client, url, form).content.decode()

    assert "That partnership is not one you run" in content
    assert "That body belongs to a partnership you do not run" in content
    body.refresh_from_db()
    assert (body.partnership, body.parent) == (two["b"], None)


def test_a_new_body_stays_in_the_one_partnership_its_manager_runs_whatever_is_sent(client, two):
    client.force_login(manager_of(two["b"]))
    form = admin_form(client, reverse("body:add"))
    form["name"], form["slug"] = "Adults Quality Subgroup", "quality"
    form["partnership"] = two["a"].pk

    assert submit(client, reverse("body:add"), form).status_code == 302
    assert Body.objects.get(slug="quality").partnership == two["b"]


def test_a_body_reports_to_boards_of_any_partnership_but_its_parent_is_its_own(client, two):
    """Reporting to another partnership's board is a link (a joint body), not access."""
    client.force_login(manager_of(two["b"]))
    form = admin_form(client, reverse("body:add"))
    a_board = BodyFactory(name="Children's Board", kind=BodyKind.BOARD, partnership=two["a"])
    content = page(client, reverse("body:add"))

    assert "Children&#x27;s Board (" in content or "Children's Board (" in content
    parent_options = content.split('name="parent"')[1].split("</select>")[0]
    assert "Children Exploitation Subgroup" not in parent_options
    assert "Children" not in parent_options

    form["name"], form["slug"] = "Joint Transitions Group", "transitions"
    form["also_reports_to"] = [a_board.pk]
    assert submit(client, reverse("body:add"), form).status_code == 302
    joint = Body.objects.get(slug="transitions")
    assert joint.partnership == two["b"]
    assert list(joint.also_reports_to.all()) == [a_board]


def test_a_manager_edits_their_own_partnership_only(client, two):
    client.force_login(manager_of(two["b"]))
    assert reverse("partnership:index") in page(client, reverse("wagtailadmin_home"))
    listing = page(client, reverse("partnership:index"))
    assert "Safeguarding Adults Board" in listing
    assert two["a"].name not in listing
    assert client.get(reverse("partnership:edit", args=(two["a"].pk,))).status_code == 404
    assert client.get(reverse("partnership:add")).status_code in (302, 403, 404)

    url = reverse("partnership:edit", args=(two["b"].pk,))
    form = admin_form(client, url)
    form["name"] = "Adults Safeguarding Partnership"
    form["contact_email"] = "sab@example.org"
    form["board"] = two["a_body"].pk  # another partnership's body: refused
    assert "Select a valid choice" in submit(client, url, form).content.decode()

    form["board"] = two["b_body"].pk
    form["loaded_history_token"] = loaded_history_token(two["b"])
    assert submit(client, url, form).status_code == 302
    saved = Partnership.objects.get(pk=two["b"].pk)
    assert (saved.name, saved.contact_email, saved.board) == (
        "Adults Safeguarding Partnership",
        "sab@example.org",
        two["b_body"],
    )


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["body:index", "person:index", "term:index"])
def test_listings_read_in_the_same_queries_for_one_partnership_or_two(client, two, url):
    for _n in range(10):
        body = BodyFactory(partnership=two["b"])
        MembershipFactory(body=body, person=PersonFactory(partnership=two["b"]))
    client.force_login(manager_of(two["b"]))
    one = _count(client, reverse(url))

    client.force_login(manager_of(two["a"], two["b"]))
    for _n in range(10):
        body = BodyFactory(partnership=two["a"])
        MembershipFactory(body=body, person=PersonFactory(partnership=two["a"]))
    both = _count(client, reverse(url))

    assert one == both


def test_an_import_naming_another_partnerships_body_finds_no_such_body(client, two):
    client.force_login(manager_of(two["b"]))
    content = (
        ",".join(COLUMNS)
        + "\n"
        + (
            f"{two['a_body'].slug},,Jane,Smith,jane@example.org,,,,member,,2026-04-01,,\n"
            f"{two['b_body'].slug},,Tom,Brown,tom@example.org,,,,member,,2026-04-01,,\n"
        )
    )
    upload = SimpleUploadedFile("members.csv", content.encode(), content_type="text/csv")

    response = client.post(reverse("membership-import:index"), {"file": upload})

    problems = [(p.line, p.column) for p in response.context["result"].problems]
    assert problems == [(2, "body")]
    assert not Membership.objects.exists()


def test_a_person_added_by_a_manager_of_one_partnership_is_kept_by_it(client, two):
    client.force_login(manager_of(two["b"]))
    form = admin_form(client, reverse("person:add"))
    form["given_name"], form["family_name"] = "Rhiannon", "Chilham"

    assert submit(client, reverse("person:add"), form).status_code == 302

    added = Person.objects.get(family_name="Chilham")
    assert added.partnership == two["b"]
    assert "Chilham" in page(client, reverse("person:index"))


def test_a_manager_of_two_partnerships_chooses_which_runs_a_new_body(client, two):
    client.force_login(manager_of(two["a"], two["b"]))
    form = admin_form(client, reverse("body:add"))
    form["name"], form["slug"] = "Joint Quality Subgroup", "joint-quality"

    refused = submit(client, reverse("body:add"), form).content.decode()
    form["partnership"] = two["b"].pk
    accepted = submit(client, reverse("body:add"), form)

    assert "Choose the partnership this record belongs to" in refused
    assert accepted.status_code == 302
    assert Body.objects.get(slug="joint-quality").partnership == two["b"]
