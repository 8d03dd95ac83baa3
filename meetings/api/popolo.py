"""The board's data in Popolo (https://www.popoloproject.com/specs/), the shape civic-data
tools read: bodies and agencies as Organizations, people as Persons, seats as Posts, terms
as Memberships (`on_behalf_of_id` is the agency represented) and meetings as Events.

Popolo's Event has no agenda, so events add Open Civic Data's `agenda` (items in order) and
`documents` (papers as links to their permission-checked addresses), with restricted items
shown only to those who may see them, as on the meeting page.

Each export is of one partnership (the site's, or `?partnership=<CODE>`): the partnership is
an Organization whose children are its top-level bodies, and a joint body shared with another
partnership appears under its parent in the partnership exported. Bodies and people name the
partnership that keeps them by an identifier of the scheme "tabled-partnership" (its code).

Ids are stable strings naming the kind of record and its id in the API: "partnership/1",
"body/3", "agency/7", "person/12", "seat/4", "membership/9", "meeting/5".
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from meetings.api.base import Reader
from meetings.api.serializers import RESTRICTED_ITEM, agenda_items, page_url
from meetings.models import Meeting, MeetingStatus
from meetings.selectors import restrictions_of
from membership.models import Body, Membership, Organisation, Partnership, Person, Seat

PARTNERSHIP_SCHEME = "tabled-partnership"

# Open Civic Data's event statuses (https://open-civic-data.readthedocs.io/, Event).
EVENT_STATUS = {
    MeetingStatus.SCHEDULED: "tentative",
    MeetingStatus.POSTPONED: "tentative",
    MeetingStatus.CONFIRMED: "confirmed",
    MeetingStatus.HELD: "passed",
    MeetingStatus.CANCELLED: "cancelled",
}


def partnership_id(pk: int) -> str:
    return f"partnership/{pk}"


def _partnership_identifier(partnership: Partnership) -> dict[str, str]:
    return {"identifier": partnership.code, "scheme": PARTNERSHIP_SCHEME}


def body_id(pk: int) -> str:
    return f"body/{pk}"


def agency_id(pk: int) -> str:
    return f"agency/{pk}"


def person_id(pk: int) -> str:
    return f"person/{pk}"


def seat_id(pk: int) -> str:
    return f"seat/{pk}"


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: datetime.datetime) -> str:
    # Popolo's pattern allows no fractions of a second.
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is unknown rather than writing nulls and empty lists."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def partnership_organization(partnership: Partnership) -> dict[str, Any]:
    return {
        "id": partnership_id(partnership.pk),
        "name": partnership.name,
        "identifiers": [_partnership_identifier(partnership)],
        "classification": "partnership",
    }


def _parent_in(body: Body, partnership: Partnership) -> int | None:
    """Its parent as the partnership sees it: its own parent, or for a joint body of another
    partnership the body it reports to here (the first, Popolo allowing one). Reads
    body_list's prefetch of also_reports_to."""
    if body.partnership_id == partnership.pk:
        return body.parent_id
    here = [p.pk for p in body.also_reports_to.all() if p.partnership_id == partnership.pk]
    return min(here, default=None)


def body_organizations(bodies: list[Body], partnership: Partnership, request) -> list[dict]:
    """The bodies serving the partnership, each under its parent there; a top-level body
    under the partnership itself."""
    exported = {body.pk for body in bodies}
    records = []
    for body in bodies:
        parent = _parent_in(body, partnership)
        records.append(
            body_organization(
                body,
                request,
                parent_id=body_id(parent) if parent in exported else partnership_id(partnership.pk),
            )
        )
    return records


def body_organization(body: Body, request, *, parent_id: str | None = None) -> dict[str, Any]:
    return _without_empty(
        {
            "id": body_id(body.pk),
            "name": body.name,
            "other_names": [{"name": body.short_name, "note": "Short name"}]
            if body.short_name
            else [],
            "identifiers": [
                {"identifier": body.slug, "scheme": "tabled-slug"},
                _partnership_identifier(body.partnership),
            ],
            "classification": body.kind,
            "parent_id": parent_id,
            "founding_date": _date(body.active_from),
            "dissolution_date": _date(body.active_until),
            "links": [{"url": page_url(request, body.get_absolute_url()), "note": "Body page"}],
        }
    )


def agency_organization(organisation: Organisation) -> dict[str, Any]:
    return _without_empty(
        {
            "id": agency_id(organisation.pk),
            "name": organisation.name,
            "other_names": [{"name": organisation.short_name, "note": "Short name"}]
            if organisation.short_name
            else [],
            "classification": "agency",
        }
    )


def person(record: Person) -> dict[str, Any]:
    """Names only: contact details are never published."""
    return _without_empty(
        {
            "id": person_id(record.pk),
            "name": record.name,
            "sort_name": f"{record.family_name}, {record.given_name}",
            "identifiers": [_partnership_identifier(record.partnership)],
            "family_name": record.family_name,
            "given_name": record.given_name,
            "honorific_prefix": record.honorific,
        }
    )


def post(seat: Seat) -> dict[str, Any]:
    return {
        "id": seat_id(seat.pk),
        "label": seat.title,
        "role": seat.seat_type,
        "organization_id": body_id(seat.body_id),
    }


def membership(term: Membership) -> dict[str, Any]:
    return _without_empty(
        {
            "id": f"membership/{term.pk}",
            "label": f"{term.get_role_display()}, {term.body.name}",
            "role": term.role_id,
            "person_id": person_id(term.person_id),
            "organization_id": body_id(term.body_id),
            "post_id": seat_id(term.seat_id) if term.seat_id else None,
            "on_behalf_of_id": agency_id(term.organisation_id) if term.organisation_id else None,
            "start_date": _date(term.start_date),
            "end_date": _date(term.end_date),
        }
    )


def event(meeting: Meeting, *, reader: Reader, request) -> dict[str, Any]:
    """A meeting with its latest published agenda as the reader may see it."""
    version = meeting.latest_versions[0] if meeting.latest_versions else None
    items = (
        agenda_items(
            version.items,
            see_restricted=reader.sees_restricted_of(meeting.body_id),
            now=restrictions_of(meeting),
            request=request,
        )
        if version
        else []
    )
    agenda = []
    documents = []
    for item in items:
        if item["hidden"]:
            agenda.append({"order": item["number"], "description": RESTRICTED_ITEM})
            continue
        entry = {
            "order": item["number"],
            "description": item["title"],
            "classification": [item["purpose"]] if item["purpose"] else [],
            "notes": item["description"],
            "related_entities": [{"type": "person", "name": item["presenter"], "note": "presenter"}]
            if item["presenter"]
            else [],
        }
        agenda.append(_without_empty(entry))
        documents.extend(
            {"name": paper["title"], "url": paper["url"], "media_type": "application/pdf"}
            for paper in item["papers"]
            if paper["url"]
        )
    page = page_url(request, meeting.get_absolute_url())
    return {
        **_without_empty(
            {
                "id": f"meeting/{meeting.pk}",
                "name": meeting.title,
                "description": meeting.notes,
                "start_date": _datetime(meeting.start),
                "end_date": _datetime(meeting.end),
                "location": meeting.venue,
                "status": EVENT_STATUS[meeting.status],
                "classification": "meeting",
                "organization_id": body_id(meeting.body_id),
                "identifiers": [{"identifier": f"{meeting.uid}@tabled", "scheme": "icalendar-uid"}],
                "created_at": _datetime(meeting.created),
                "updated_at": _datetime(meeting.updated),
                "sources": [{"url": page, "note": "Meeting page"}],
            }
        ),
        "agenda": agenda,
        "documents": documents,
    }


# Popolo's vote options (https://www.popoloproject.com/specs/vote.html).
VOTE_OPTION = {"for": "yes", "against": "no", "abstain": "abstain"}


def vote_event(decision, request) -> dict[str, Any]:
    """A decision's vote as a Popolo VoteEvent, with its motion, counts and, for a vote
    recorded by name, each member's vote (Popolo's `votes`). The decision must have a vote
    with its ballots prefetched."""
    vote = decision.vote
    record = _without_empty(
        {
            "id": f"vote/{vote.pk}",
            "identifier": decision.reference,
            "organization_id": body_id(decision.body_id),
            "legislative_session_id": f"meeting/{decision.meeting_id}"
            if decision.meeting_id
            else None,
            "start_date": _datetime(vote.taken_at),
            "result": "pass" if vote.carried else "fail",
            "motion": {
                "text": decision.title,
                "identifier": decision.reference,
                "classification": vote.get_occasion_display(),
            },
            "sources": [
                {"url": page_url(request, decision.get_absolute_url()), "note": "Decision page"}
            ],
        }
    )
    record["counts"] = [
        {"option": "yes", "value": vote.votes_for},
        {"option": "no", "value": vote.votes_against},
        {"option": "abstain", "value": vote.abstentions},
    ]
    record["votes"] = (
        [
            {"voter_id": person_id(ballot.person_id), "option": VOTE_OPTION[ballot.choice]}
            for ballot in vote.ballots.all()
        ]
        if vote.by_name
        else []
    )
    return record
