"""Every opening of restricted material, and every opening by someone signed in, leaves one
entry in an append-only access log that the business unit reads in the admin."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from meetings.models import AccessLogEntry, PackViewChoice
from tests.groups import business_unit_group
from tests.meetings.paper_fixtures import AUDIENCES, INSIDERS
from tests.meetings.portal_fixtures import *  # noqa: F403

MEMBER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/120 " + "x" * 400


def open_file(client, url, *, ip="203.0.113.9", agent=MEMBER_AGENT, method="get"):
    response = getattr(client, method)(url, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_behind_a_trusted_proxy_the_readers_own_address_is_logged(published, client_for, settings):
    settings.TABLED_TRUSTED_PROXIES = 1
    response = client_for("member").get(
        f"/papers/{published['restricted'].pk}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.9",
    )
    b"".join(response.streaming_content)
    assert AccessLogEntry.objects.get().ip_address == "203.0.113.9"


@pytest.mark.parametrize("audience", sorted(INSIDERS))
@pytest.mark.parametrize("kind", ["restricted", "restricted_item"])
def test_each_restricted_download_writes_exactly_one_entry(
    published, readers, client_for, audience, kind
):
    paper = published[kind]
    response = open_file(client_for(audience), f"/papers/{paper.pk}/")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.user == readers[audience]
    assert entry.ip_address == "203.0.113.9"
    assert entry.paper_version == paper.versions.get()
    assert entry.meeting == paper.agenda_item.meeting
    assert entry.restricted is True
    assert entry.pack_view == ""
    assert entry.user_agent == MEMBER_AGENT[:300]


def test_a_numbered_version_is_logged_as_that_version(published, readers, client_for):
    client = client_for("member")
    open_file(client, f"/papers/{published['public'].pk}/v1/", ip="2001:db8::7")
    open_file(client, f"/papers/{published['public'].pk}/")
    entries = list(AccessLogEntry.objects.order_by("pk"))
    assert [entry.paper_version.number for entry in entries] == [1, 2]
    assert entries[0].ip_address == "2001:db8::7"
    assert {entry.user for entry in entries} == {readers["member"]}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_public_paper_is_logged_for_whoever_is_signed_in_and_not_for_the_anonymous(
    published, readers, client_for, audience
):
    assert open_file(client_for(audience), f"/papers/{published['public'].pk}/").status_code == 200
    entries = list(AccessLogEntry.objects.all())
    if audience == "anonymous":
        assert entries == []
    else:
        assert [(e.user, e.restricted) for e in entries] == [(readers[audience], False)]


@pytest.mark.parametrize("audience", ["anonymous", "other_body_member"])
def test_refused_requests_write_nothing(published, client_for, audience):
    client = client_for(audience)
    for kind in ("restricted", "restricted_item"):
        assert open_file(client, f"/papers/{published[kind].pk}/").status_code == 404
    assert open_file(client, "/papers/999999/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_head_request_sends_no_file_and_writes_nothing(published, client_for):
    response = open_file(
        client_for("member"), f"/papers/{published['restricted'].pk}/", method="head"
    )
    assert response.status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_an_address_that_is_not_an_ip_is_left_empty(published, client_for):
    open_file(client_for("member"), f"/papers/{published['restricted'].pk}/", ip="unix:/run/x")
    assert AccessLogEntry.objects.get().ip_address is None


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_members_pack_is_logged_every_time_and_the_public_pack_for_those_signed_in(
    meeting, published, readers, client_for, audience
):
    client = client_for(audience)
    for _ in range(2):
        response = open_file(client, f"/meetings/{meeting.pk}/pack.pdf")
        assert response.status_code == 200
    entries = list(AccessLogEntry.objects.order_by("pk"))
    if audience == "anonymous":
        assert entries == []
        return
    members_pack = audience in INSIDERS
    assert len(entries) == 2
    for entry in entries:
        assert entry.user == readers[audience]
        assert entry.meeting == meeting
        assert entry.paper_version is None
        assert entry.pack_view == (PackViewChoice.RESTRICTED if members_pack else "public")
        assert entry.restricted is members_pack
        assert entry.ip_address == "203.0.113.9"


def test_the_business_units_draft_pack_is_logged(meeting, papers, readers, client_for):
    response = open_file(client_for("business_unit"), f"/meetings/{meeting.pk}/pack.pdf")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.pack_view, entry.restricted) == (
        readers["business_unit"],
        PackViewChoice.RESTRICTED,
        True,
    )


# ---------------------------------------------------------------------------
# Append-only
# ---------------------------------------------------------------------------
@pytest.fixture
def entry(published, client_for):
    open_file(client_for("member"), f"/papers/{published['restricted'].pk}/")
    return AccessLogEntry.objects.get()


def test_an_entry_refuses_to_be_changed_or_deleted(entry):
    entry.ip_address = "198.51.100.1"
    with pytest.raises(ValidationError, match="cannot be changed"):
        entry.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        entry.delete()
    entry.refresh_from_db()
    assert entry.ip_address == "203.0.113.9"


def test_the_log_refuses_bulk_changes_and_deletes(entry):
    with pytest.raises(ValidationError, match="cannot be changed"):
        AccessLogEntry.objects.filter(pk=entry.pk).update(ip_address="198.51.100.1")
    with pytest.raises(ValidationError, match="cannot be deleted"):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().ip_address == "203.0.113.9"


def test_the_reader_of_a_logged_paper_cannot_be_deleted_from_under_the_log(entry):
    with pytest.raises(ProtectedError):
        entry.user.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_is_for_a_paper_or_a_pack_not_both(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.create(
            meeting=entry.meeting,
            paper_version=entry.paper_version,
            pack_view=PackViewChoice.PUBLIC,
            restricted=False,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.create(meeting=entry.meeting, restricted=False)


# ---------------------------------------------------------------------------
# The admin listing
# ---------------------------------------------------------------------------
LISTING = "/admin/accesslogentry/"


def test_the_business_unit_may_only_view_the_log(db):
    codenames = set(
        business_unit_group()
        .permissions.filter(content_type__model="accesslogentry")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_accesslogentry"}


def test_the_business_unit_reads_the_log_in_the_admin(meeting, published, readers, client_for):
    open_file(client_for("member"), f"/papers/{published['restricted'].pk}/")
    open_file(client_for("chair"), f"/meetings/{meeting.pk}/pack.pdf", ip="198.51.100.4")
    admin = client_for("business_unit")
    response = admin.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Access log" in html
    assert "Child Q: review of agency involvement (version 1)" in html
    assert "Members&#x27; pack" in html or "Members' pack" in html
    assert "203.0.113.9" in html and "198.51.100.4" in html
    assert ">member<" in html and ">chair<" in html
    entry = AccessLogEntry.objects.filter(user=readers["member"]).get()
    inspect = admin.get(f"{LISTING}inspect/{entry.pk}/")
    assert inspect.status_code == 200
    assert MEMBER_AGENT[:300] in inspect.content.decode()


def test_the_listing_filters_by_body_user_and_date(meeting, published, readers, client_for, body):
    open_file(client_for("member"), f"/papers/{published['restricted'].pk}/", ip="203.0.113.1")
    open_file(client_for("chair"), f"/papers/{published['restricted'].pk}/", ip="203.0.113.2")
    other = AccessLogEntry.objects.get(user=readers["chair"])
    admin = client_for("business_unit")

    def listed(query: str) -> set[str]:
        html = admin.get(f"{LISTING}?{query}").content.decode()
        return {ip for ip in ("203.0.113.1", "203.0.113.2") if ip in html}

    assert listed("") == {"203.0.113.1", "203.0.113.2"}
    assert listed(f"user={readers['member'].pk}") == {"203.0.113.1"}
    assert listed(f"body={body.pk}") == {"203.0.113.1", "203.0.113.2"}
    assert listed(f"body={readers['other_body_member'].person.memberships.get().body_id}") == set()
    day = other.opened_at.date().isoformat()
    assert listed(f"opened_at_from={day}&opened_at_to={day}") == {"203.0.113.1", "203.0.113.2"}
    assert listed("opened_at_from=2000-01-01&opened_at_to=2000-01-02") == set()


def test_nobody_adds_changes_or_deletes_entries_in_the_admin(published, client_for):
    open_file(client_for("member"), f"/papers/{published['restricted'].pk}/")
    entry = AccessLogEntry.objects.get()
    admin = client_for("business_unit")
    for url in (f"{LISTING}new/", f"{LISTING}edit/{entry.pk}/", f"{LISTING}delete/{entry.pk}/"):
        assert admin.get(url).status_code in (302, 403), url
        assert admin.post(url, {"user_agent": "forged"}).status_code in (302, 403), url
    assert AccessLogEntry.objects.get().user_agent == MEMBER_AGENT[:300]
    listing = admin.get(LISTING).content.decode()
    assert f"{LISTING}edit/" not in listing and f"{LISTING}new/" not in listing


HOSTILE_AGENT = '=HYPERLINK("http://x","y")'


def exported(admin, spreadsheet_format: str) -> bytes:
    response = admin.get(f"{LISTING}?export={spreadsheet_format}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_exported_log_shows_a_hostile_user_agent_as_text_not_a_formula(published, client_for):
    open_file(client_for("member"), f"/papers/{published['restricted'].pk}/", agent=HOSTILE_AGENT)
    admin = client_for("business_unit")

    rows = list(csv.reader(io.StringIO(exported(admin, "csv").decode("utf-8"))))
    assert rows[0][-1] == "User agent"
    assert rows[1][-1] == "'" + HOSTILE_AGENT
    assert rows[1][-2] == "203.0.113.9"

    # A workbook types its cells: the agent is a text cell, shown as it was sent.
    sheet = openpyxl.load_workbook(io.BytesIO(exported(admin, "xlsx"))).active
    agent = sheet.cell(row=2, column=7)
    assert (agent.data_type, agent.value) == ("s", HOSTILE_AGENT)
