"""What every part of the governance demo reads: the manager who writes, the bodies, people
and organisations of the membership demo, and the meetings of the meetings demo when it has
made them."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from meetings.models import AgendaItem, Meeting
from membership.models import Body, Organisation, Person

D = datetime.date

# People of demo/board/people.py, by the key used there: (given name, family name).
PEOPLE = {
    "independent_chair": ("Margaret", "Fielding"),
    "improvement_chair": ("Elizabeth", "Rowntree"),
    "director_scs": ("Daniel", "Ashcroft"),
    "director_els": ("Philip", "Lomax"),
    "nursing_nhs": ("Caroline", "Hartley"),
    "md_west_kent": ("Fiona", "Marsh"),
    "supt_policy": ("Nicola", "Brennan"),
    "board_manager": ("Pauline", "Dawson"),
    "performance_analyst": ("Laura", "Chen"),
    "head_qa_scs": ("Simon", "Taylor"),
    "interim_programme_manager": ("James", "Fletcher"),
}
SCS = "Kent County Council – Specialist Children's Services"
HEALTH = "NHS Kent and Medway"


class DemoNotReady(RuntimeError):
    pass


class Demo:
    def __init__(self):
        self.manager = User.objects.filter(username="manager").first()
        if self.manager is None:
            raise DemoNotReady("Load the membership demo first: there is no 'manager' login.")
        self.bodies = {body.slug: body for body in Body.objects.all()}
        self.people: dict[str, Person] = {}
        for key, (given, family) in PEOPLE.items():
            email = f"{given}.{family}@example.org".lower()
            person = Person.objects.filter(email=email).first()
            if person is None:
                raise DemoNotReady(f"Load the membership demo first: no person {email}.")
            self.people[key] = person

    def body(self, slug: str) -> Body:
        try:
            return self.bodies[slug]
        except KeyError:
            raise DemoNotReady(f"Load the membership demo first: no body '{slug}'.") from None

    def organisation(self, name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    # Meetings are the meetings demo's: used when it has made them, left out when not.
    def meeting(self, slug: str, year: int, month: int) -> Meeting | None:
        return (
            Meeting.objects.filter(body__slug=slug, start__year=year, start__month=month)
            .order_by("start")
            .first()
        )

    def item(
        self, meeting: Meeting | None, *, number: str = "", words: str = ""
    ) -> AgendaItem | None:
        if meeting is None:
            return None
        items = AgendaItem.objects.filter(meeting=meeting)
        found = items.filter(number=number).first() if number else None
        if found is None and words:
            found = items.filter(title__icontains=words).first()
        return found
