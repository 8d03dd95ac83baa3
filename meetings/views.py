"""The public and members' meeting pages and the calendar feeds. Every view reads through
meetings.selectors and filters through meetings.access, and writes through
meetings.services."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from meetings import access, ical, selectors, services
from meetings.forms import ApologiesForm, CompareForm, MeetingFilterForm
from meetings.models import AgendaVersion, CalendarFeedToken, Meeting
from meetings.page_panels import panels_for
from meetings.papers import links as paper_links
from meetings.papers.access import PackView, pack_view_for, published_state
from meetings.snapshots import agenda_data, compare
from membership import page_cache
from membership.access import is_business_unit, person_for
from membership.models import Body

PAST_PER_PAGE = 25


def meeting_index(request):
    form = MeetingFilterForm(request.GET or None)
    status = 200
    body = year = None
    if form.is_bound:
        if form.is_valid():
            body = form.cleaned_data["body"]
            year = form.cleaned_data["year"]
        else:
            status = 400
    upcoming = selectors.meeting_list(body=body, year=year, when="upcoming")
    past = Paginator(selectors.meeting_list(body=body, year=year, when="past"), PAST_PER_PAGE)
    context = {
        "filter_form": form,
        "body": body,
        "year": year,
        "years": selectors.meeting_years(),
        "bodies": Body.objects.order_by("sort_order", "name"),
        "upcoming": list(upcoming) if status == 200 else [],
        "past_page": past.get_page(request.GET.get("page")) if status == 200 else None,
    }
    return render(request, "meetings/meeting_index.html", context, status=status)


def _agenda_for(meeting: Meeting, *, draft: bool, see_restricted: bool) -> dict:
    """What of the agenda this reader sees, by the one rule in meetings.access (`draft`:
    access.may_see_draft, `see_restricted`: access.may_see_restricted)."""
    version = meeting.latest_version
    published = version.items if version else None
    if draft:
        items = agenda_data(meeting.item_list)
        return {
            "items": items,
            "is_draft": True,
            "version": version,
            "draft_differs": published is not None and published != items,
            "see_restricted": True,
        }
    if version is None:
        return {"items": None, "is_draft": False, "version": None, "see_restricted": False}
    return {
        "items": access.visible_items(
            published, see_restricted=see_restricted, now=selectors.restrictions_of(meeting)
        ),
        "is_draft": False,
        "version": version,
        "see_restricted": see_restricted,
    }


def _apologies_context(request, meeting: Meeting, form: ApologiesForm | None = None) -> dict:
    person = person_for(request.user)
    membership = (
        page_cache.value(
            request,
            "meeting-membership",
            (meeting.pk, person.pk),
            lambda: selectors.membership_for_meeting(person, meeting),
        )
        if person
        else None
    )
    if membership is None:
        # Someone who is not a member posted apologies: say why nothing was sent.
        return {"refused_form": form} if form is not None else {}
    mine = page_cache.value(
        request,
        "my-attendance",
        (meeting.pk, person.pk),
        lambda: selectors.attendance_of(meeting, person),
    )
    context = {"my_attendance": mine, "is_member": True}
    if not meeting.has_started and not meeting.is_cancelled:
        context["apologies_form"] = form or ApologiesForm(
            deputies=selectors.deputy_choices(membership, meeting.date),
            initial={"deputy": mine.deputy_id if mine else None},
        )
    return context


def _pack_for(user, meeting: Meeting, *, sees_restricted: bool) -> dict | None:
    """The papers pack link, where the reader would get a pack: once the agenda is
    published, and always for the business unit."""
    view = pack_view_for(
        user,
        meeting,
        published_state(meeting.latest_version),
        sees_restricted=sees_restricted,
    )
    if view is None:
        return None
    return {
        "url": reverse("meeting_files:meeting_pack", kwargs={"meeting_id": meeting.pk}),
        "restricted": view == PackView.RESTRICTED,
    }


class _KeptParts:
    """What the meeting page's kept parts show (agenda, pack, attendance, quorum), read
    from the database only when a part is rendered rather than found in the page cache."""

    def __init__(self, user, pk: int, *, draft: bool, see_restricted: bool):
        self.user, self.pk = user, pk
        self.draft, self.see_restricted = draft, see_restricted

    @cached_property
    def meeting(self) -> Meeting:
        return selectors.meeting_get_detail(self.pk, include_draft=self.draft)

    @cached_property
    def agenda(self) -> dict:
        agenda = _agenda_for(self.meeting, draft=self.draft, see_restricted=self.see_restricted)
        if agenda["items"] is not None:
            agenda["items"] = paper_links.agenda_with_files(
                self.user, self.meeting, agenda["items"], sees_restricted=agenda["see_restricted"]
            )
        return agenda

    @cached_property
    def pack(self) -> dict | None:
        return _pack_for(self.user, self.meeting, sees_restricted=self.agenda["see_restricted"])

    @property
    def attendance(self) -> list:
        return self.meeting.attendance_list

    @cached_property
    def quorum(self):
        meeting = self.meeting
        return selectors.meeting_quorum(meeting, expected=selectors.expected_members(meeting))


@page_cache.versioned
def meeting_detail(request, pk, apologies_form=None, status=200):
    """The agenda, the attendance and the panels are kept by membership.page_cache for
    readers who may see the same (the business unit; those who see the body's restricted
    material; the rest); the reader's own attendance and apologies form never are."""
    person = person_for(request.user)
    # What the page asks the cache for, in two round trips rather than one each: first the
    # meeting and what the reader's audience is worked out from, then the parts that
    # audience sees. The names and what they vary on are those the template and panels use.
    page_cache.prefetch(
        request,
        values=[
            ("meeting", pk),
            *(
                [
                    ("meeting-attendees", pk),
                    ("my-attendance", (pk, person.pk)),
                    ("meeting-membership", (pk, person.pk)),
                ]
                if person
                else []
            ),
        ],
    )
    try:
        # The meeting and its body are the same for every reader, so kept like the parts.
        meeting = page_cache.value(request, "meeting", pk, lambda: selectors.meeting_get(pk))
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing
    draft = access.may_see_draft(request.user)
    see_restricted = draft or page_cache.remember(
        request,
        ("may_see_restricted", meeting.body_id),
        lambda: access.may_see_restricted(request.user, meeting.body),
    )
    audience = ("business-unit" if draft else "reader", see_restricted)
    show_notes = is_business_unit(request.user)
    page_panels = panels_for(request, meeting)
    page_cache.prefetch(
        request,
        parts=[
            ("meeting-breadcrumbs", (meeting.pk,)),
            ("meeting-header", (meeting.pk, see_restricted)),
            ("meeting-agenda", (meeting.pk, audience)),
            ("meeting-attendance", (meeting.pk, show_notes)),
            *(
                (panel["template"], (meeting.pk, panel["audience"]))
                for panel in page_panels
                if panel["audience"] is not None
            ),
        ],
    )
    context = {
        "meeting": meeting,
        "audience": audience,
        "see_restricted": see_restricted,
        "parts": _KeptParts(request.user, meeting.pk, draft=draft, see_restricted=see_restricted),
        "show_notes": show_notes,
        "page_panels": page_panels,
        **_apologies_context(request, meeting, apologies_form),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
@require_POST
def apologies_send(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    person = person_for(request.user)
    membership = selectors.membership_for_meeting(person, meeting) if person else None
    deputies = selectors.deputy_choices(membership, meeting.date) if membership else None
    form = ApologiesForm(request.POST, deputies=deputies)
    if form.is_valid():
        try:
            services.apologies_send(
                actor=request.user,
                meeting=meeting,
                deputy=form.cleaned_data["deputy"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal.messages)
        else:
            deputy = form.cleaned_data["deputy"]
            messages.success(
                request,
                f"Your apologies for {meeting} have been sent"
                + (f", with {deputy} attending in your place." if deputy else "."),
            )
            return redirect(meeting)
    return meeting_detail(request, pk, apologies_form=form, status=400)


def agenda_versions(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    versions = list(selectors.agenda_version_list(meeting).order_by("-number"))
    return render(
        request, "meetings/agenda_versions.html", {"meeting": meeting, "versions": versions}
    )


def agenda_version_detail(request, pk, number):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    try:
        version = selectors.agenda_version_get(meeting, number)
    except AgendaVersion.DoesNotExist as missing:
        raise Http404("No such version") from missing
    see_restricted = access.may_see_restricted(request.user, meeting.body)
    context = {
        "meeting": meeting,
        "version": version,
        "items": access.visible_items(
            version.items, see_restricted=see_restricted, now=selectors.restrictions_of(meeting)
        ),
    }
    return render(request, "meetings/agenda_version_detail.html", context)


def agenda_compare(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = CompareForm(request.GET)
    context = {"meeting": meeting, "form": form}
    if not form.is_valid():
        return render(request, "meetings/agenda_compare.html", context, status=400)
    numbers = (form.cleaned_data["a"], form.cleaned_data["b"])
    found = {v.number: v for v in selectors.agenda_version_list(meeting).filter(number__in=numbers)}
    unknown = [n for n in numbers if n not in found]
    if unknown:
        context["unknown"] = sorted(set(unknown))
        return render(request, "meetings/agenda_compare.html", context, status=404)
    see_restricted = access.may_see_restricted(request.user, meeting.body)
    old, new = found[numbers[0]], found[numbers[1]]
    now = selectors.restrictions_of(meeting)
    context.update(
        old=old,
        new=new,
        comparison=compare(
            *(
                access.visible_items(
                    version.items, see_restricted=see_restricted, now=now, placeholders=False
                )
                for version in (old, new)
            )
        ),
    )
    return render(request, "meetings/agenda_compare.html", context)


class _MyLists:
    """/my/'s lists of the person's next meetings and apologies, read from the database only
    when their part is not found in the page cache."""

    def __init__(self, person):
        self.person = person

    @cached_property
    def upcoming(self) -> list[Meeting]:
        return list(selectors.meeting_list_upcoming_for_person(self.person))

    @cached_property
    def apologies(self) -> list:
        return list(selectors.apologies_list_for_person(self.person)[:20])


@login_required
@page_cache.versioned
def my_meetings(request):
    """Everything here is the reader's own, so the kept parts vary on the person as well as
    on what they may open (worked out on every request); the papers they have opened are
    asked on every request, since reading one changes no data version."""
    person = person_for(request.user)
    context = {"person": person}
    if person is not None:
        audience = (
            person.pk,
            is_business_unit(request.user),
            access.restricted_body_ids(request.user),
        )
        # The kept parts and values below, in one round trip to the cache (the template's
        # parts vary on the audience alone).
        page_cache.prefetch(
            request,
            parts=[("my-next-meetings", (audience,)), ("my-apologies", (audience,))],
            values=[("my-papers-to-read", audience), ("my-calendar-token", person.pk)],
        )
        to_read = page_cache.value(
            request,
            "my-papers-to-read",
            audience,
            lambda: paper_links.papers_to_read(request.user, person),
        )
        token = page_cache.value(
            request,
            "my-calendar-token",
            person.pk,
            lambda: (
                CalendarFeedToken.objects.filter(person=person)
                .values_list("token", flat=True)
                .first()
            ),
        )
        context.update(
            audience=audience,
            lists=_MyLists(person),
            unopened=paper_links.without_opened(request.user, to_read),
            unopened_days=paper_links.UNOPENED_DAYS_AHEAD,
            feed_url=(
                request.build_absolute_uri(
                    reverse("meetings:personal_feed", kwargs={"token": token})
                )
                if token
                else None
            ),
        )
    return render(request, "meetings/my_meetings.html", context)


@login_required
@require_POST
def my_calendar_reset(request):
    person = person_for(request.user)
    if person is None:
        raise Http404("Your login is not linked to a member")
    had_one = CalendarFeedToken.objects.filter(person=person).exists()
    services.calendar_token_reset(actor=request.user, person=person)
    messages.success(
        request,
        "Your calendar address has been reset: calendars using the old one will stop "
        "updating. Subscribe again with the new address."
        if had_one
        else "Your calendar address is ready: add it to your calendar as a subscription.",
    )
    return redirect("meetings:my_meetings")


# ---------------------------------------------------------------------------
# Calendar feeds
# ---------------------------------------------------------------------------
def _ics_response(payload: bytes, filename: str, *, restricted: bool) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A feed with restricted titles in it is kept by no cache at all; a public one may be
    # kept for five minutes by the reader's own calendar.
    response["Cache-Control"] = "private, no-store" if restricted else "private, max-age=300"
    return response


def _feed(
    request, meetings, *, name: str, viewer, filename: str, name_restricted_items: bool = True
) -> HttpResponse:
    loaded = selectors.with_latest_version(meetings)
    restricted_body_ids = access.restricted_body_ids(viewer)
    payload = ical.calendar_bytes(
        loaded,
        name=name,
        restricted_body_ids=restricted_body_ids,
        url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
        name_restricted_items=name_restricted_items,
    )
    restricted = any(meeting.body_id in restricted_body_ids for meeting in loaded)
    return _ics_response(payload, filename, restricted=restricted)


def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    return _feed(
        request,
        Meeting.objects.filter(pk=meeting.pk),
        name=str(meeting),
        viewer=request.user,
        filename=f"meeting-{meeting.pk}.ics",
    )


def body_feed(request, slug):
    body = get_object_or_404(Body, slug=slug)
    return _feed(
        request,
        Meeting.objects.filter(body=body),
        name=f"{body.name} meetings",
        viewer=request.user,
        filename=f"{body.slug}-meetings.ics",
    )


def personal_feed(request, token):
    """A member's own meetings at a secret address, for calendar apps that cannot sign in.
    The calendar service keeps what it fetches, so restricted items appear as "Restricted
    item", as in emails; the joining link appears for the bodies the owner sits on today."""
    feed = get_object_or_404(CalendarFeedToken.objects.select_related("person__user"), token=token)
    viewer = feed.person.user or AnonymousUser()
    return _feed(
        request,
        selectors.meeting_list_for_person(feed.person),
        name="My board meetings",
        viewer=viewer,
        filename="my-meetings.ics",
        name_restricted_items=False,
    )
