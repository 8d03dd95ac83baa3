"""The demo's two partnerships, as `make demo` shows them: the children's board on
127.0.0.1 and the adults' board on adults.localhost, with a committee they share."""

from django.contrib.auth.models import User

from wagtail.images import get_image_model

from governance.models import BodyGovernanceSettings, Decision, RagScheme
from membership.models import Body, Membership, Partnership
from membership.partnerships import managed_partnership_ids

ADULTS = "adults.localhost"


def test_the_demo_has_two_partnerships_each_on_its_own_site(client, demo_db):
    children = Partnership.objects.get(code="KSCB")
    adults = Partnership.objects.get(code="KMSAB")

    home = client.get("/", HTTP_HOST="127.0.0.1")
    adults_home = client.get("/", HTTP_HOST=ADULTS)

    assert children.is_default and children.board.slug == "board"
    assert adults.site.hostname == ADULTS
    assert "Kent Safeguarding Children Board" in home.content.decode()
    assert "Kent and Medway Safeguarding Adults Board" in adults_home.content.decode()
    assert "Kent Safeguarding Children Board" not in adults_home.content.decode()


def test_each_partnership_has_its_own_quality_subgroup_and_references(demo_db):
    same_name = Body.objects.filter(name="Quality and Effectiveness Subgroup")
    adults_decision = Decision.objects.get(body__partnership__code="KMSAB", body__kind="board")

    assert sorted(same_name.values_list("partnership__code", flat=True)) == ["KMSAB", "KSCB"]
    assert adults_decision.reference.startswith("KMSAB/SAB/")


def test_the_joint_committee_reports_to_both_boards(demo_db):
    joint = Body.objects.get(slug="joint-transitions")
    children = Partnership.objects.get(code="KSCB")
    adults = Partnership.objects.get(code="KMSAB")

    assert joint.parent == children.board
    assert list(joint.also_reports_to.all()) == [adults.board]
    assert joint.is_joint
    assert set(Body.objects.in_partnership(adults).values_list("slug", flat=True)) >= {
        "joint-transitions",
        "adults-quality-and-effectiveness",
    }
    assert Decision.objects.filter(body=joint).count() == 1


def test_the_demo_logins_run_and_sit_where_the_rules_say(demo_db):
    adults = Partnership.objects.get(code="KMSAB")
    children = Partnership.objects.get(code="KSCB")
    both = User.objects.get(username="member").person

    assert managed_partnership_ids(User.objects.get(username="manager")) == {
        adults.pk,
        children.pk,
    }
    assert managed_partnership_ids(User.objects.get(username="adultsmanager")) == {adults.pk}
    assert managed_partnership_ids(User.objects.get(username="adultsmember")) == set()
    assert {m.body.partnership.code for m in Membership.objects.filter(person=both)} == {
        "KSCB",
        "KMSAB",
    }


def test_each_partnership_speaks_of_progress_in_its_own_rag_scheme(client, demo_db):
    children = Partnership.objects.get(code="KSCB")
    adults = Partnership.objects.get(code="KMSAB")

    assert RagScheme.objects.count() == 2
    assert (children.rag_scheme.complete_label, children.rag_scheme.suspended_colour) == (
        "Completed",
        "blue",
    )
    assert (adults.rag_scheme.complete_label, adults.rag_scheme.suspended_colour) == (
        "Complete",
        "black",
    )
    # The Improvement Board keeps its month's warning; the Board its fortnight's.
    windows = dict(
        BodyGovernanceSettings.objects.filter(body__partnership=children).values_list(
            "body__slug", "at_risk_days"
        )
    )
    assert windows["improvement-board"] == 30 and windows["board"] == 14

    client.force_login(User.objects.get(username="manager"))
    children_log = client.get("/actions/?status=all", HTTP_HOST="127.0.0.1").content.decode()
    adults_log = client.get("/actions/?status=all", HTTP_HOST=ADULTS).content.decode()
    assert ">Programmed</option>" in children_log and ">Programmed</option>" not in adults_log


def test_each_demo_partnerships_logo_is_its_own_business_units_image(client, demo_db):
    children = Partnership.objects.get(code="KSCB")
    adults = Partnership.objects.get(code="KMSAB")
    logos = {children.logo.title, adults.logo.title}

    def listed(username: str) -> set[str]:
        client.force_login(User.objects.get(username=username))
        html = client.get("/admin/images/").content.decode()
        return {title for title in logos if title in html}

    assert [children.collection.name, adults.collection.name] == [children.name, adults.name]
    assert (children.logo.collection, adults.logo.collection) == (
        children.collection,
        adults.collection,
    )
    assert adults.logo.uploaded_by_user.username == "adultsmanager"
    assert set(get_image_model().objects.values_list("collection", flat=True)) == {
        children.collection_id,
        adults.collection_id,
    }
    assert listed("adultsmanager") == {adults.logo.title}
    assert listed("manager") == logos
    client.logout()
    assert 'class="site-logo"' in client.get("/", HTTP_HOST=ADULTS).content.decode()
