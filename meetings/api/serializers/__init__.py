"""What the API says about each record. Public fields only, except where the reader's rights
add more (through the `reader` in the context, see meetings.api.base.Reader):

- people: name and honorific; the email address only for the business unit;
- meetings: the online link only for members of the body and the business unit;
- agendas: the latest published version, with restricted items and papers only for members
  of the body and the business unit; everyone else sees "Restricted item" in its place, as
  on the meeting page (meetings.access.visible_items).

Papers are links to their permission-checked file addresses (/papers/<id>/), never files.
"""

from .agendas import (
    RESTRICTED_ITEM,
    AgendaItemSerializer,
    AgendaVersionSerializer,
    MeetingLinksSerializer,
    MeetingSerializer,
    PaperSerializer,
    PublishedAgendaSerializer,
    agenda_items,
)
from .membership import (
    BodyLinksSerializer,
    BodySerializer,
    ChairSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    PartnershipSerializer,
    PersonSerializer,
    SectorSerializer,
)
from .references import (
    BodyRefSerializer,
    MeetingRefSerializer,
    OrganisationRefSerializer,
    PartnershipRefSerializer,
    PersonRefSerializer,
    SeatRefSerializer,
    SectorRefSerializer,
    absolute_url,
    page_url,
    partnership_field,
)

__all__ = [
    "AgendaItemSerializer",
    "AgendaVersionSerializer",
    "BodyLinksSerializer",
    "BodyRefSerializer",
    "BodySerializer",
    "ChairSerializer",
    "MeetingLinksSerializer",
    "MeetingRefSerializer",
    "MeetingSerializer",
    "MembershipSerializer",
    "OrganisationRefSerializer",
    "PartnershipRefSerializer",
    "PartnershipSerializer",
    "OrganisationSerializer",
    "PaperSerializer",
    "PersonRefSerializer",
    "PersonSerializer",
    "PublishedAgendaSerializer",
    "RESTRICTED_ITEM",
    "SeatRefSerializer",
    "SectorRefSerializer",
    "SectorSerializer",
    "absolute_url",
    "page_url",
    "partnership_field",
    "agenda_items",
]
