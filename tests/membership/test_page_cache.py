"""membership.page_cache: what moves the data version on, what is never kept, and the
production cache (Redis, through config.cache.RedisCache) doing the keeping."""

import pytest
import time_machine

from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import RequestFactory, override_settings

from membership import page_cache
from tests.conftest import count_cache_reads
from tests.membership.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def request():
    made = RequestFactory().get("/")
    page_cache.begin(made)
    return made


def test_a_save_or_delete_of_what_pages_show_moves_the_version_on():
    before = page_cache.current_version()
    body = BodyFactory()
    after_save = page_cache.current_version()
    assert after_save != before
    person = PersonFactory()
    person.delete()
    assert page_cache.current_version() != after_save
    body.name = "Renamed"
    body.save()
    assert page_cache.current_version() != after_save


def test_signing_in_and_sessions_leave_the_kept_parts_alone():
    before = page_cache.current_version()
    session = SessionStore()
    session["seen"] = True
    session.save()
    assert page_cache.current_version() == before


def test_a_part_is_rendered_once_and_then_found():
    made = request()
    renders = []

    def render():
        renders.append(1)
        return "<p>kept</p>"

    assert page_cache.part(made, "x", ("public",), render) == "<p>kept</p>"
    assert page_cache.part(request(), "x", ("public",), render) == "<p>kept</p>"
    assert len(renders) == 1
    page_cache.part(request(), "x", ("members", 1), render)
    assert len(renders) == 2, "another audience is another part"


def test_a_part_is_not_found_after_an_edit():
    renders = []
    page_cache.part(request(), "x", (), lambda: renders.append(1) or "a")
    BodyFactory()
    page_cache.part(request(), "x", (), lambda: renders.append(1) or "b")
    assert len(renders) == 2


def test_a_part_with_a_csrf_token_is_never_kept():
    html = '<form><input type="hidden" name="csrfmiddlewaretoken" value="secret"></form>'
    renders = []
    for _ in range(2):
        assert page_cache.part(request(), "form", (), lambda: renders.append(1) or html) == html
    assert len(renders) == 2


def test_a_part_asked_for_before_the_version_was_read_is_refused():
    with pytest.raises(RuntimeError):
        page_cache.part(RequestFactory().get("/"), "x", (), lambda: "late")


def test_a_part_cannot_vary_on_something_without_a_stable_identity():
    with pytest.raises(TypeError):
        page_cache.part(request(), "x", (object(),), lambda: "?")


@override_settings(TABLED_PAGE_CACHE=None)
def test_without_a_page_cache_everything_is_rendered_every_time():
    renders = []
    for _ in range(2):
        page_cache.part(request(), "x", (), lambda: renders.append(1) or "a")
    assert len(renders) == 2


def test_the_production_backend_keeps_parts_and_forgets_them_after_an_edit(redis_pages):
    renders = []
    page_cache.part(request(), "x", ("public",), lambda: renders.append(1) or "a")
    page_cache.part(request(), "x", ("public",), lambda: renders.append(1) or "a")
    assert len(renders) == 1
    version = redis_pages.get(page_cache.VERSION_KEY)
    BodyFactory()
    assert redis_pages.get(page_cache.VERSION_KEY) != version
    page_cache.part(request(), "x", ("public",), lambda: renders.append(1) or "b")
    assert len(renders) == 2


def test_the_production_backend_shares_one_client_between_calls(redis_pages):
    client = redis_pages._cache.get_client()
    assert redis_pages._cache.get_client() is client
    assert redis_pages._cache.get_client(write=True) is client


def test_the_version_moves_on_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """A reader who read the version after the save but before the commit saw the rows as
    they were: what they keep must be filed under a version no one asks for afterwards.
    (The commit is the test's on-commit callbacks run, as Django runs them.)"""
    with django_capture_on_commit_callbacks(execute=True):
        BodyFactory()
        PersonFactory()
        during = page_cache.current_version()
    assert page_cache.current_version() != during


def test_a_rolled_back_savepoint_still_leaves_the_commit_to_move_the_version_on(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                BodyFactory()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        PersonFactory()
    assert page_cache.after_commit in callbacks


def test_the_site_name_is_kept_until_a_site_changes(client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.site_name = "Kept Name"
    site.save()
    assert "Kept Name" in client.get("/bodies/").content.decode()
    Site.objects.filter(pk=site.pk).update(site_name="Changed Behind Its Back")
    assert "Kept Name" in client.get("/bodies/").content.decode()
    site.site_name = "Saved Name"
    site.save()
    assert "Saved Name" in client.get("/bodies/").content.decode()


# ---------------------------------------------------------------------------
# What a process keeps of what it read (page_cache.LOCAL_COPIES)
# ---------------------------------------------------------------------------
def test_each_request_gets_its_own_copy_of_a_value_a_process_keeps(redis_pages):
    first = page_cache.value(request(), "x", (), lambda: {"seats": [1]})
    first["seats"].append(2)
    first["added"] = True
    assert page_cache.value(request(), "x", (), lambda: {"seats": []}) == {"seats": [1]}
    page_cache.LOCAL_COPIES.clear()
    assert page_cache.value(request(), "x", (), lambda: {"seats": []}) == {"seats": [1]}


def test_a_process_asks_the_cache_again_once_its_copy_is_a_minute_old(redis_pages, monkeypatch):
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False) as clock:
        page_cache.part(request(), "x", (), lambda: "<p>kept</p>")
        asked = count_cache_reads(redis_pages, monkeypatch)
        made = request()
        asked.clear()
        page_cache.part(made, "x", (), lambda: "<p>rendered again</p>")
        assert asked == []
        clock.shift(page_cache.LOCAL_TIMEOUT + 1)
        made = request()
        asked.clear()
        assert page_cache.part(made, "x", (), lambda: "<p>rendered again</p>") == "<p>kept</p>"
        assert asked == ["get"]


def test_a_process_keeps_copies_within_its_limit_newest_first():
    copies = page_cache._LocalCopies(max_characters=1000, timeout=60)
    for n in range(30):
        copies.put(f"part-{n}", "x" * 100)
    assert copies.get("part-29") == (True, "x" * 100)
    assert copies.get("part-0") == (False, None)
    assert sum(copies.get(f"part-{n}")[0] for n in range(30)) == 10
    copies.put("too-large", "x" * 200)
    assert copies.get("too-large") == (False, None), "nothing above an eighth of the limit"
