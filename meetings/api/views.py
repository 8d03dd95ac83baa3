"""The API's endpoints: read-only, each reading through meetings.api.selectors and
filtering by the pages' access rule through the reader (meetings.api.base.Reader)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from django.utils import timezone

from meetings.api import filters, popolo, selectors, serializers
from meetings.api.base import ApiView, ReadOnlyViewSet
from meetings.api.serializers import absolute_url


@extend_schema_view(
    list=extend_schema(
        summary="Bodies: the Board, its Executive and its groups, each with its chair today."
    ),
    retrieve=extend_schema(summary="One body."),
)
class BodyViewSet(ReadOnlyViewSet):
    """Each body serving the partnership with its parent, its chair today and links to its
    page, meetings, members and calendar feed; a joint body is listed under each partnership
    it serves. `?kind=subgroup`, `?parent=<slug>`, `?slug=<slug>`, and on every list
    `?partnership=<CODE>` for another partnership than the site's (see /api/v1/partnerships/)."""

    serializer_class = serializers.BodySerializer
    filterset_class = filters.BodyFilter

    def get_queryset(self):
        return selectors.body_list(timezone.localdate(), self.partnership)


@extend_schema_view(
    list=extend_schema(
        summary="People who sit or sat on a body (everyone, with email, for the business unit)."
    ),
    retrieve=extend_schema(summary="One person."),
)
class PersonViewSet(ReadOnlyViewSet):
    """Names and honorifics of people who sit or sat on a body of the partnership, as the
    body pages show them. Its business unit also sees everyone whose record it keeps, with
    email addresses; nobody sees phone numbers."""

    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        return selectors.person_list(self.partnership, everyone=self.reader.is_business_unit)


@extend_schema_view(
    list=extend_schema(summary="Agencies that send representatives."),
    retrieve=extend_schema(summary="One agency."),
)
class OrganisationViewSet(ReadOnlyViewSet):
    """Agencies, each in its sector. `?sector=<slug>`, `?active=true`."""

    reads_partnership = False
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter

    def get_queryset(self):
        return selectors.organisation_list()


@extend_schema_view(
    list=extend_schema(summary="Sectors of agencies (health, police, …)."),
    retrieve=extend_schema(summary="One sector."),
)
class SectorViewSet(ReadOnlyViewSet):
    """The kinds of agency that statutory guidance asks boards to include."""

    reads_partnership = False
    serializer_class = serializers.SectorSerializer

    def get_queryset(self):
        return selectors.sector_list()


@extend_schema_view(
    list=extend_schema(
        summary="Terms on bodies: who, in what role and seat, for which agency, from when to when."
    ),
    retrieve=extend_schema(summary="One term."),
)
class MembershipViewSet(ReadOnlyViewSet):
    """Every term, past and present: person, body, role, the agency represented (Popolo
    on_behalf_of), the seat (Popolo post), job title, start and end. `?on=<date>` gives the
    terms current on a date; `?from=&to=` those overlapping a period; `?body=<slug>`,
    `?person=<id>`, `?organisation=<id>`, `?role=`."""

    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter

    def get_queryset(self):
        return selectors.membership_list(self.partnership)


@extend_schema_view(
    list=extend_schema(
        summary="Meetings with their published agendas, restricted items only for those who "
        "may see them."
    ),
    retrieve=extend_schema(summary="One meeting."),
)
class MeetingViewSet(ReadOnlyViewSet):
    """Meetings with their latest published agenda: items in order with their papers as
    links to the permission-checked file addresses. Restricted items and papers, and the
    online link, reach only current members of the body and the business unit; anyone
    else sees "Restricted item" in the item's place, as on the meeting page. `?body=<slug>`,
    `?from=&to=` (start date, UK time), `?status=`."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter

    def get_queryset(self):
        return selectors.meeting_list(self.partnership)


@extend_schema_view(
    list=extend_schema(summary="Published agenda versions, oldest first; `?meeting=<id>`."),
    retrieve=extend_schema(summary="One published agenda version."),
)
class AgendaVersionViewSet(ReadOnlyViewSet):
    """Every published version of every agenda, numbered per meeting and never changed,
    filtered by the same rule as meetings. `?meeting=<id>`."""

    serializer_class = serializers.AgendaVersionSerializer
    filterset_class = filters.AgendaVersionFilter

    def get_queryset(self):
        return selectors.agenda_version_list(self.partnership)


@extend_schema_view(
    list=extend_schema(summary="Partnerships: the boards this installation serves."),
    retrieve=extend_schema(summary="One partnership."),
)
class PartnershipViewSet(ReadOnlyViewSet):
    """Every partnership, each with its code (what `?partnership=` takes on the other
    lists), the hostname its site answers on, and its top-level board."""

    reads_partnership = False
    serializer_class = serializers.PartnershipSerializer

    def get_queryset(self):
        return selectors.partnership_list()


@extend_schema(exclude=True)
class ApiRootView(ApiView, APIView):
    """Where to start: the documentation, the schema, the resources and the Popolo exports."""

    def get(self, request):
        def url(name: str) -> str:
            return absolute_url(request, name)

        return Response(
            {
                "documentation": url("api:docs"),
                "schema": url("api:schema"),
                "partnerships": url("api:partnership-list"),
                "bodies": url("api:body-list"),
                "people": url("api:person-list"),
                "organisations": url("api:organisation-list"),
                "sectors": url("api:sector-list"),
                "memberships": url("api:membership-list"),
                "meetings": url("api:meeting-list"),
                "agenda_versions": url("api:agendaversion-list"),
                "decisions": url("api:decision-list"),
                "actions": url("api:action-list"),
                "challenges": url("api:challenge-list"),
                "metrics": url("api:metric-list"),
                "metric_values": url("api:metricvalue-list"),
                "popolo": {
                    name: url(f"api:popolo-{name}")
                    for name in (
                        "organizations",
                        "people",
                        "posts",
                        "memberships",
                        "events",
                        "vote_events",
                    )
                },
            }
        )


# ---------------------------------------------------------------------------
# Popolo exports: whole collections, unpaginated, one JSON array each
# ---------------------------------------------------------------------------
POPOLO_ARRAY = {"type": "array", "items": {"type": "object"}}


class PopoloView(ApiView, APIView):
    pagination_class = None

    def records(self, request) -> list[dict]:
        raise NotImplementedError

    def get(self, request):
        return Response(self.records(request))


@extend_schema(
    summary="Popolo Organizations: the partnership, its bodies under it (with parent_id) "
    "and agencies.",
    responses={200: POPOLO_ARRAY},
    tags=["popolo"],
)
class PopoloOrganizationsView(PopoloView):
    def records(self, request):
        partnership = self.partnership
        bodies = list(selectors.body_list(timezone.localdate(), partnership))
        agencies = selectors.organisation_list()
        return [
            popolo.partnership_organization(partnership),
            *popolo.body_organizations(bodies, partnership, request),
            *(popolo.agency_organization(agency) for agency in agencies),
        ]


@extend_schema(
    summary="Popolo Persons: people who sit or sat on a body; names only.",
    responses={200: POPOLO_ARRAY},
    tags=["popolo"],
)
class PopoloPeopleView(PopoloView):
    def records(self, request):
        return [
            popolo.person(record)
            for record in selectors.person_list(self.partnership, everyone=False)
        ]


@extend_schema(
    summary="Popolo Posts: the seats on each body.",
    responses={200: POPOLO_ARRAY},
    tags=["popolo"],
)
class PopoloPostsView(PopoloView):
    def records(self, request):
        return [popolo.post(seat) for seat in selectors.seat_list(self.partnership)]


@extend_schema(
    summary="Popolo Memberships: terms, with the seat (post_id) and agency (on_behalf_of_id).",
    responses={200: POPOLO_ARRAY},
    tags=["popolo"],
)
class PopoloMembershipsView(PopoloView):
    def records(self, request):
        return [popolo.membership(term) for term in selectors.membership_list(self.partnership)]


@extend_schema(
    summary="Popolo Events: meetings with their agenda in order and papers as links.",
    responses={200: POPOLO_ARRAY},
    tags=["popolo"],
)
class PopoloEventsView(PopoloView):
    def records(self, request):
        return [
            popolo.event(meeting, reader=self.reader, request=request)
            for meeting in selectors.meeting_list(self.partnership)
        ]
