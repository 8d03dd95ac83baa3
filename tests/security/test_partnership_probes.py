"""A hostile stranger against the partnership separation: the business unit of partnership
B (the demo's adults board) asks every admin page that names one record for each record of
the default partnership A that B's scope leaves out, and each must be refused (a 404, a 403
or a redirect away), or at least not show A's record. The demo fills A with a record of
every kind, so a new admin page or model is probed without anyone listing it here."""

from __future__ import annotations

import re

import pytest

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from wagtail.models import Site

from core.admin_scope import _scopes, scope_queryset
from demo.adults import CODE as ADULTS_CODE
from governance.models import Action, Challenge, Decision, ImprovementPlan, Matter, Risk
from governance.performance.audits import Audit
from governance.performance.models import Metric
from meetings.models import Meeting, Paper
from membership.admin_logins import ACTIONS
from membership.models import Body, Partnership, Person, default_partnership
from tests.admin_forms import fill_and_submit
from tests.governance.factories import decision, member_of
from tests.partnerships import ADULTS_HOST, manager_of

pytestmark = pytest.mark.django_db

SAFE = {302, 401, 403, 404}
ONE_RECORD = re.compile(r"<(?:int|str):(?:pk|\w+_id)>")


def _admin_patterns(resolver: URLResolver | None = None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _admin_patterns(pattern, route)
        elif isinstance(pattern, URLPattern) and route.startswith("admin/"):
            yield route


def _model_of(route: str, pk: str = "1"):
    url = "/" + ONE_RECORD.sub(pk, route, count=1).replace("<slug:action>", "x")
    if "<" in url or "^" in url:
        return None, url
    try:
        match = resolve(url)
    except Exception:
        return None, url
    kwargs = getattr(match.func, "view_initkwargs", {}) or {}
    model = kwargs.get("model")
    if model is None:
        view_class = getattr(match.func, "view_class", None)
        model = getattr(view_class, "model", None)
    return model, url


def _outside(user, model):
    """Rows of the model that the user's scope leaves out (A's, for B's business unit)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    every = model._default_manager.all()
    return every.exclude(pk__in=scope_queryset(request, every).values("pk"))


@pytest.fixture
def stranger(client):
    call_command("load_demo", verbosity=0)
    adults = Partnership.objects.get(code=ADULTS_CODE)
    user = manager_of(adults, username="stranger")
    client.force_login(user)
    return user


def test_the_business_unit_of_another_partnership_opens_no_record_of_a_by_its_admin_url(
    client, stranger
):
    leaks = []
    probed = 0
    for route in _admin_patterns():
        if not ONE_RECORD.search(route):
            continue
        model, _ = _model_of(route)
        if model is None or model not in _scopes:
            continue
        row = _outside(stranger, model).order_by("pk").first()
        if row is None:
            continue
        _, url = _model_of(route, str(row.pk))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {"position": 0})
        probed += 1
        if response.status_code not in SAFE:
            leaks.append(f"{url} -> {response.status_code}")
    assert probed > 40
    assert leaks == []


def _a_logins():
    return User.objects.filter(groups=default_partnership().business_unit)


def test_the_login_chooser_offers_another_partnership_no_login_of_a(client, stranger):
    """A login chosen for a person of B could then be deactivated, or sent a fresh
    invitation to an address B's business unit wrote: A's logins are not B's to choose."""
    a_manager = _a_logins().get(username="manager")
    listed = client.get("/admin/login_chooser/?q=manager").json()["html"]
    assert not re.search(r">\s*manager\s*<", listed)
    assert re.search(r">\s*adultsmanager\s*<", listed)
    assert client.get(f"/admin/login_chooser/chosen/{a_manager.pk}/").status_code == 404


def test_the_people_of_a_and_their_logins_are_not_in_b_s_admin_searches(client, stranger):
    a_people = Person.objects.filter(partnership=default_partnership(), user__isnull=False)
    person = a_people.first()
    response = client.get(f"/admin/person_chooser/results/?q={person.family_name}")
    assert f"/admin/person/edit/{person.pk}/" not in response.content.decode()
    assert client.get(f"/admin/person_chooser/chosen/{person.pk}/").status_code == 404
    assert client.get(f"/admin/person/login/{person.pk}/deactivate/").status_code in SAFE


def _a_only(model, body_path: str, b: Partnership):
    """Rows of the model whose body serves A and not B (a joint body's are B's too)."""
    lookup = f"{body_path}__in" if body_path else "pk__in"
    return model._default_manager.exclude(**{lookup: Body.objects.in_partnership(b).values("pk")})


def _public_urls_of_a(b: Partnership) -> list[str]:
    meetings = _a_only(Meeting, "body", b).order_by("pk")
    meeting = meetings.filter(agenda_versions__isnull=False).first() or meetings.first()
    urls = [
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}.ics",
        f"/meetings/{meeting.pk}/agenda/versions/",
        f"/meetings/{meeting.pk}/agenda/versions/1/",
        f"/meetings/{meeting.pk}/agenda/compare/",
        f"/meetings/{meeting.pk}/pack.pdf",
        f"/meetings/{meeting.pk}/log/",
        f"/meetings/{meeting.pk}/minutes/",
        f"/meetings/{meeting.pk}/minutes.pdf",
        f"/meetings/{meeting.pk}/minutes/versions/",
        f"/meetings/{meeting.pk}/minutes/compare/",
        f"/meetings/{meeting.pk}/minutes/versions/1/",
        f"/meetings/{meeting.pk}/minutes/edit/",
        f"/meetings/{meeting.pk}/apologies/",
        f"/api/v1/meetings/{meeting.pk}/",
    ]
    for body in _a_only(Body, "", b)[:3]:
        urls += [f"/bodies/{body.slug}/", f"/bodies/{body.slug}/meetings.ics"]
        urls += [f"/api/v1/bodies/{body.pk}/"]
    for paper in _a_only(Paper, "agenda_item__meeting__body", b)[:3]:
        urls += [f"/papers/{paper.pk}/", f"/papers/{paper.pk}/v1/"]
    for model, prefix, api in (
        (Decision, "decisions", "decisions"),
        (Action, "actions", "actions"),
        (Challenge, "challenges", "challenges"),
        (Risk, "risks", "risks"),
    ):
        for row in _a_only(model, "body", b)[:2]:
            urls += [f"/{prefix}/{row.reference}/", f"/{prefix}/{row.reference.lower()}/"]
            urls += [f"/{prefix}/{row.pk}/"]
            if model is not Risk:
                urls += [f"/api/v1/{api}/{row.pk}/"]
    for row in _a_only(Action, "body", b)[:1]:
        urls += [f"/my/actions/{row.pk}/update/"]
    for row in _a_only(ImprovementPlan, "body", b)[:1]:
        urls += [f"/plans/{row.pk}/"]
    for row in _a_only(Matter, "body", b)[:1]:
        urls += [f"/matters/{row.pk}/"]
    for row in _a_only(Audit, "body", b)[:1]:
        urls += [f"/audits/{row.pk}/"]
    for row in _a_only(Metric, "body", b)[:2]:
        urls += [f"/performance/{row.slug}/", f"/api/v1/metrics/{row.pk}/"]
    for row in _a_only(Person, "memberships__body", b).filter(partnership__is_default=True)[:2]:
        urls += [f"/api/v1/people/{row.pk}/"]
    return urls


@pytest.mark.parametrize("who", ["anonymous", "member", "manager"])
def test_a_s_records_named_on_b_s_host_are_not_found(client, who):
    call_command("load_demo", verbosity=0)
    b = Partnership.objects.get(code=ADULTS_CODE)
    if who == "manager":
        client.force_login(manager_of(b, username="stranger"))
    elif who == "member":
        b_board = Body.objects.filter(partnership=b).first()
        client.force_login(member_of(b_board))
    urls = _public_urls_of_a(b)
    assert len(urls) > 30
    leaks = []
    for url in urls:
        status = client.get(url, HTTP_HOST=ADULTS_HOST).status_code
        if status == 405:
            status = client.post(url, {"reason": "x"}, HTTP_HOST=ADULTS_HOST).status_code
        if status not in SAFE:
            leaks.append(f"{url} -> {status}")
    assert leaks == []


@pytest.mark.parametrize("trick", ["{code}", "{lower}", " {code} ", "{code}%", "' OR '1'='1", "*"])
def test_naming_a_in_the_api_gives_b_s_business_unit_no_address_of_a_s_people(
    client, stranger, trick
):
    a = default_partnership()
    code = trick.format(code=a.code, lower=a.code.lower())
    emails = [
        e
        for e in Person.objects.filter(partnership=a).values_list("email", flat=True)
        if e and not Person.objects.filter(email=e).exclude(partnership=a).exists()
    ]
    assert emails
    for path in ("/api/v1/people/", "/api/v1/popolo/people.json", "/api/v1/memberships/"):
        response = client.get(path, {"partnership": code}, HTTP_HOST=ADULTS_HOST)
        assert response.status_code in {200, 400}
        body = response.content.decode()
        assert [e for e in emails if e in body] == []


def test_searching_b_s_site_for_a_s_restricted_words_finds_nothing_of_a(client, stranger):
    a_bodies = Body.objects.exclude(
        pk__in=Body.objects.in_partnership(Partnership.objects.get(code=ADULTS_CODE)).values("pk")
    )
    restricted = decision(
        a_bodies.first(), title="Zanthoxylum placement review", is_restricted=True
    )
    call_command("rebuild_search_index")
    for host in (ADULTS_HOST, "testserver"):
        response = client.get("/search/", {"q": "Zanthoxylum"}, HTTP_HOST=host)
        assert response.status_code == 200
        assert restricted.title not in response.content.decode()
    # The probe can fail: A's own business unit finds it on A's site.
    client.force_login(manager_of(default_partnership(), username="a-manager"))
    assert restricted.title in client.get("/search/", {"q": "Zanthoxylum"}).content.decode()


def test_the_page_chooser_shows_b_s_business_unit_no_draft_of_a_s_site(client, stranger):
    """Choosing a page to link to offers every partnership's published pages (they are
    public), never the titles of another partnership's drafts."""
    from wagtail.models import Page

    a_root = Site.objects.get(is_default_site=True).root_page
    draft = Page.objects.descendant_of(a_root).filter(live=False).first()
    assert draft is not None
    published = Page.objects.descendant_of(a_root).filter(live=True).exclude(pk=a_root.pk).first()
    for url in (
        "/admin/choose-page/search/?q=report",
        f"/admin/choose-page/{draft.get_parent().pk}/",
    ):
        assert draft.title not in client.get(url).content.decode()
    assert published.title in client.get("/admin/choose-page/search/?q=report").content.decode()


def _listing_links(client, user) -> tuple[int, list[str]]:
    """How many listings answered, and the links they give to records `user`'s scope
    leaves out, as read by whoever the client is signed in as."""
    found = []
    listed = 0
    for route in _admin_patterns():
        if ONE_RECORD.search(route) or not route.endswith("/results/") or "chooser" in route:
            continue
        model, url = _model_of(route)
        if model is None or model not in _scopes:
            continue
        edit_prefix = url.removesuffix("results/") + "edit/"
        rows = _outside(user, model).values_list("pk", flat=True)
        for query in ("", "?q=a"):
            response = client.get(url + query)
            if response.status_code != 200:
                continue
            listed += 1
            html = response.content.decode()
            found += [f"{url}{query}: {pk}" for pk in rows if f'{edit_prefix}{pk}/"' in html]
    return listed, found


def test_no_admin_listing_links_b_s_business_unit_to_a_record_of_a(client, stranger):
    listed, leaks = _listing_links(client, stranger)
    assert listed > 20
    assert leaks == []
    # The probe can fail: A's business unit is linked to the records B's scope leaves out.
    client.force_login(manager_of(default_partnership(), username="a-manager"))
    assert _listing_links(client, stranger)[1]


def test_b_s_business_unit_acts_on_no_login_of_a_s_people(client, stranger):
    person = Person.objects.filter(
        partnership=default_partnership(), user__is_active=True, memberships__isnull=False
    ).exclude(pk__in=_scope_people_of(stranger))[0]
    for action in ACTIONS:
        url = f"/admin/person/login/{person.pk}/{action}/"
        assert client.get(url).status_code in SAFE
        assert client.post(url).status_code in SAFE
    person.user.refresh_from_db()
    assert person.user.is_active
    assert (
        client.get(f"/admin/groups/edit/{default_partnership().business_unit_id}/").status_code
        in SAFE
    )


def _scope_people_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return scope_queryset(request, Person.objects.all()).values("pk")


def test_b_s_business_unit_cannot_link_a_login_of_a_to_its_own_person(client, stranger):
    """Linked, the login would answer to B's login buttons (deactivate, a fresh invitation
    to an address B writes): the person form refuses it, naming why."""
    b = Partnership.objects.get(code=ADULTS_CODE)
    a_login = User.objects.create_user("a-newcomer")
    a_login.groups.add(default_partnership().business_unit)
    own = Person.objects.filter(partnership=b, user__isnull=True).first()
    url = f"/admin/person/edit/{own.pk}/"
    response = fill_and_submit(client, url, user=a_login.pk)
    assert response.status_code == 200
    assert "belongs to a partnership you do not run" in response.content.decode()
    own.refresh_from_db()
    assert own.user_id is None
