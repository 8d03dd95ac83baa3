"""The public and members' meeting pages and the calendar feeds. Every view reads through
meetings.selectors and filters through meetings.access, and writes through
meetings.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.personal import my_page_sections
from meetings import access, ical, selectors, services
from meetings.forms import ApologiesForm, CompareForm, MeetingFilterForm, list_body_choices
from meetings.models import AgendaVersion, CalendarFeedToken, Meeting
from meetings.page_panels import panels_for
from meetings.papers import links as paper_links
from meetings.papers.access import PackView, pack_view_for, published_state
from meetings.snapshots import agenda_data, compare
from membership.access import is_business_unit, person_for
from membership.models import Body
from membership.partnerships import for_request

PAST_PER_PAGE = 25


def _meetings_here(request):
    """The meetings the request's partnership shows: a meeting of a body that does not
    serve it is not found on its host."""
    return selectors.meetings_in(for_request(request)).select_related("body")


def meeting_index(request):
    partnership = for_request(request)
    bodies = Body.objects.in_partnership(partnership).order_by("sort_order", "name")
    form = MeetingFilterForm(request.GET or None)
    form.fields["body"].queryset = bodies
    list_body_choices(form.fields["body"])
    status = 200
    body = year = None
    if form.is_bound:
        if form.is_valid():
            body = form.cleaned_data["body"]
            year = form.cleaned_data["year"]
        else:
            status = 400
    chosen = {"partnership": partnership, "body": body, "year": year}
    upcoming = selectors.meeting_list(**chosen, when="upcoming")
    past = Paginator(selectors.meeting_list(**chosen, when="past"), PAST_PER_PAGE)
    context = {
        "filter_form": form,
        "body": body,
        "year": year,
        "years": selectors.meeting_years(partnership),
        "bodies": bodies,
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
    membership = selectors.membership_for_meeting(person, meeting) if person else None
    if membership is None:
        # Someone who is not a member posted apologies: say why nothing was sent.
        return {"refused_form": form} if form is not None else {}
    mine = selectors.attendance_from(meeting, person)
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


def meeting_detail(request, pk, apologies_form=None, status=200):
    """The meeting, its agenda as the reader may see it, the attendance, the other apps'
    panels, and the reader's own attendance and apologies form."""
    # Whose draft it is depends on the meeting's body: any business unit's read includes
    # the live items, so the page costs the same queries whoever asks.
    try:
        meeting = selectors.meeting_get_detail(
            pk, include_draft=is_business_unit(request.user), partnership=for_request(request)
        )
    except Meeting.DoesNotExist as missing:
        raise Http404("No such meeting") from missing
    draft = access.may_see_draft(request.user, meeting.body)
    see_restricted = draft or access.may_see_restricted(request.user, meeting.body)
    agenda = _agenda_for(meeting, draft=draft, see_restricted=see_restricted)
    if agenda["items"] is not None:
        agenda["items"] = paper_links.agenda_with_files(
            request.user,
            meeting,
            agenda["items"],
            sees_restricted=agenda["see_restricted"],
            sees_draft=draft,
        )
    context = {
        "meeting": meeting,
        "see_restricted": see_restricted,
        "agenda": agenda,
        "pack": _pack_for(request.user, meeting, sees_restricted=agenda["see_restricted"]),
        "attendance": meeting.attendance_list,
        "quorum": selectors.meeting_quorum_shown(meeting),
        "show_notes": draft,
        "page_panels": panels_for(request, meeting),
        **_apologies_context(request, meeting, apologies_form),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
@require_POST
def apologies_send(request, pk):
    meeting = get_object_or_404(_meetings_here(request), pk=pk)
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
    meeting = get_object_or_404(_meetings_here(request), pk=pk)
    versions = list(selectors.agenda_version_list(meeting).order_by("-number"))
    return render(
        request, "meetings/agenda_versions.html", {"meeting": meeting, "versions": versions}
    )


def agenda_version_detail(request, pk, number):
    meeting = get_object_or_404(_meetings_here(request), pk=pk)
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
    meeting = get_object_or_404(_meetings_here(request), pk=pk)
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


@login_required
def my_meetings(request):
    person = person_for(request.user)
    context = {"person": person}
    if person is not None:
        token = (
            CalendarFeedToken.objects.filter(person=person).values_list("token", flat=True).first()
        )
        context.update(
            upcoming=list(selectors.meeting_list_upcoming_for_person(person)),
            apologies=list(selectors.apologies_list_for_person(person)[:20]),
            unopened=paper_links.without_opened(
                request.user, paper_links.papers_to_read(request.user, person)
            ),
            unopened_days=paper_links.UNOPENED_DAYS_AHEAD,
            feed_url=(
                request.build_absolute_uri(
                    reverse("meetings:personal_feed", kwargs={"token": token})
                )
                if token
                else None
            ),
        )
    context["sections"] = my_page_sections(request, person)
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


def _meeting_url(request, meeting: Meeting) -> str:
    """A meeting's address on a host that shows it: this one when its body serves the
    request's partnership, otherwise its own partnership's site (the personal feed lists a
    member's meetings of every partnership)."""
    here = for_request(request)
    site = meeting.body.partnership.site
    if meeting.body.partnership_id == here.pk or site is None:
        return request.build_absolute_uri(meeting.get_absolute_url())
    return site.root_url + meeting.get_absolute_url()


def _feed(
    request, meetings, *, name: str, viewer, filename: str, name_restricted_items: bool = True
) -> HttpResponse:
    loaded = selectors.with_latest_version(meetings)
    restricted_body_ids = access.restricted_body_ids(viewer)
    payload = ical.calendar_bytes(
        loaded,
        name=name,
        restricted_body_ids=restricted_body_ids,
        url_for=lambda meeting: _meeting_url(request, meeting),
        name_restricted_items=name_restricted_items,
    )
    restricted = any(meeting.body_id in restricted_body_ids for meeting in loaded)
    return _ics_response(payload, filename, restricted=restricted)


def meeting_ics(request, pk):
    meeting = get_object_or_404(_meetings_here(request), pk=pk)
    return _feed(
        request,
        Meeting.objects.filter(pk=meeting.pk),
        name=str(meeting),
        viewer=request.user,
        filename=f"meeting-{meeting.pk}.ics",
    )


def body_feed(request, slug):
    body = get_object_or_404(Body.objects.in_partnership(for_request(request)), slug=slug)
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
