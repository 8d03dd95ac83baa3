"""Written resolutions on the site: a body's list, circulating one (its chair or the business
unit), its page (read by the body's members, the business unit and those asked to vote, who
vote there), and each voter's emailed link, which shows the resolution and takes one vote."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.dates import today
from core.errors import add_validation_errors
from governance.models import Resolution, ResolutionStatus, ResolutionVoter, VoteChoice
from governance.resolution_forms import ResolutionForm, VoteForm, WithdrawForm
from governance.services.resolutions import (
    hash_token,
    resolution_circulate,
    resolution_vote,
    resolution_withdraw,
    voter_for_token,
    voting_members,
)
from membership.access import may_act_as_chair, may_see_restricted, person_for
from membership.models import Body
from membership.partnerships import for_request

from ._common import history_context, signed_in

NOT_ON_BODY = (
    "Written resolutions of a board or group are for its current members, those asked to "
    "vote and the business unit."
)
NOT_CHAIR = "Only the body's chair or the business unit can circulate or withdraw a resolution."
NOT_YOURS = (
    "This voting link was sent to another member. Sign out, or vote from your own link or "
    "your own page."
)


def _body(request, slug: str) -> Body:
    try:
        return Body.objects.in_partnership(for_request(request)).get(slug=slug)
    except Body.DoesNotExist as missing:
        raise Http404("No such board or group") from missing


def _resolution(request, pk: int) -> Resolution:
    bodies = Body.objects.in_partnership(for_request(request))
    return get_object_or_404(
        Resolution.objects.select_related("body", "decision__vote", "circulated_by__person"),
        pk=pk,
        body__in=bodies,
    )


def _my_voter(user, resolution: Resolution) -> ResolutionVoter | None:
    person = person_for(user)
    if person is None:
        return None
    return resolution.voters.filter(person=person).first()


def _tally(resolution: Resolution) -> dict:
    return resolution.voters.aggregate(
        asked=Count("pk"), voted=Count("pk", filter=Q(voted_at__isnull=False))
    )


@signed_in
def body_resolutions(request, slug: str):
    body = _body(request, slug)
    if not may_see_restricted(request.user, body, today()):
        raise PermissionDenied(NOT_ON_BODY)
    resolutions = (
        Resolution.objects.filter(body=body)
        .select_related("decision")
        .annotate(
            asked=Count("voters"),
            voted=Count("voters", filter=Q(voters__voted_at__isnull=False)),
        )
        .order_by("-circulated_at")
    )
    return render(
        request,
        "governance/resolution_list.html",
        {
            "body": body,
            "open": [r for r in resolutions if r.is_open],
            "closed": [r for r in resolutions if not r.is_open],
            "may_circulate": may_act_as_chair(request.user, body),
        },
    )


@signed_in
def resolution_new(request, slug: str):
    body = _body(request, slug)
    if not may_act_as_chair(request.user, body):
        raise PermissionDenied(NOT_CHAIR)
    members = voting_members(body, today())
    form = ResolutionForm(request.POST or None, request.FILES or None, voting_members=members)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                resolution, _tokens = resolution_circulate(
                    actor=request.user,
                    body=body,
                    title=data["title"],
                    text=data["text"],
                    decision_type=data["decision_type"],
                    deadline=data["deadline"],
                    threshold=data["threshold"],
                    is_restricted=data["is_restricted"],
                    voters=list(data["voters"]),
                    papers=[(Path(file.name).stem, file) for file in data["papers"]],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Circulated to {len(data['voters'])} voting members: each is emailed "
                    "their own link to vote.",
                )
                _warn_of_voters_who_cannot_sign_in(request, resolution)
                return redirect("governance:resolution_detail", pk=resolution.pk)
        status = 400
    return render(
        request,
        "governance/resolution_new.html",
        {"body": body, "form": form, "nobody_votes": not members},
        status=status,
    )


def _warn_of_voters_who_cannot_sign_in(request, resolution: Resolution) -> None:
    """A restricted resolution is voted on only after signing in: someone asked who has no
    login that works would stay silent, which counts against it, unless somebody acts."""
    if not resolution.is_restricted:
        return
    locked_out = [
        voter.person.name
        for voter in resolution.voters.select_related("person__user")
        if voter.person.user is None or not voter.person.user.is_active
    ]
    if locked_out:
        messages.warning(
            request,
            f"{', '.join(locked_out)} cannot sign in, so cannot vote on a restricted "
            "resolution: ask the business unit to invite them or reactivate their login.",
        )


@signed_in
def resolution_detail(request, pk: int):
    resolution = _resolution(request, pk)
    body = resolution.body
    voter = _my_voter(request.user, resolution)
    if voter is None and not may_see_restricted(request.user, body, today()):
        raise PermissionDenied(NOT_ON_BODY)
    may_manage = may_act_as_chair(request.user, body)
    vote_form, withdraw_form, status = VoteForm(), WithdrawForm(), 200
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "vote":
            if voter is None:
                raise PermissionDenied("You are not asked to vote on this resolution.")
            vote_form = VoteForm(request.POST)
            if _vote(request, vote_form, voter):
                choice = VoteChoice(vote_form.cleaned_data["choice"]).label.lower()
                messages.success(request, f"Your vote, {choice}, is recorded. Thank you.")
                return redirect("governance:resolution_detail", pk=resolution.pk)
        elif step == "withdraw":
            if not may_manage:
                raise PermissionDenied(NOT_CHAIR)
            withdraw_form = WithdrawForm(request.POST)
            if withdraw_form.is_valid():
                try:
                    resolution_withdraw(
                        actor=request.user,
                        resolution=resolution,
                        reason=withdraw_form.cleaned_data["withdrawn_reason"],
                    )
                except ValidationError as error:
                    add_validation_errors(withdraw_form, error)
                else:
                    messages.success(request, "The resolution is withdrawn; voters are told.")
                    return redirect("governance:resolution_detail", pk=resolution.pk)
        status = 400
    return render(
        request,
        "governance/resolution_detail.html",
        {
            **_page_context(resolution, voter),
            "vote_form": vote_form,
            "withdraw_form": withdraw_form,
            "may_manage": may_manage,
            **history_context(request, resolution),
            "waiting": (
                resolution.voters.filter(voted_at__isnull=True).select_related("person")
                if may_manage and resolution.is_open
                else None
            ),
        },
        status=status,
    )


def _vote(request, form: VoteForm, voter: ResolutionVoter) -> bool:
    if not form.is_valid():
        return False
    # A vote from an emailed link, signed out, is the voter's own: history names their login.
    actor = request.user if request.user.is_authenticated else voter.person.user
    try:
        resolution_vote(actor=actor, voter=voter, choice=form.cleaned_data["choice"])
    except ValidationError as error:
        add_validation_errors(form, error)
        return False
    return True


def _page_context(resolution: Resolution, voter: ResolutionVoter | None) -> dict:
    return {
        "resolution": resolution,
        "body": resolution.body,
        "voter": voter,
        "papers": list(resolution.papers.all()),
        "tally": _tally(resolution),
        "reminder_at": resolution.reminder_due_at,
        "vote": getattr(resolution.decision, "vote", None) if resolution.decision else None,
        "statuses": ResolutionStatus,
    }


@require_safe
@signed_in
def resolution_paper(request, pk: int, paper_pk: int):
    resolution = _resolution(request, pk)
    if _my_voter(request.user, resolution) is None and not may_see_restricted(
        request.user, resolution.body, today()
    ):
        raise PermissionDenied(NOT_ON_BODY)
    return _paper_response(resolution, paper_pk)


def _paper_response(resolution: Resolution, paper_pk: int) -> FileResponse:
    paper = get_object_or_404(resolution.papers, pk=paper_pk)
    response = FileResponse(
        paper.file.open("rb"), content_type="application/pdf", filename=paper.original_filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _voter_from_link(request, token: str):
    """The voter the link belongs to, or the page that says why it cannot be used."""
    try:
        voter = voter_for_token(token)
    except ValidationError as refusal:
        known = ResolutionVoter.objects.filter(token_hash=hash_token(token)).exists()
        return None, render(
            request,
            "governance/resolution_link.html",
            {"message": refusal.messages[0]},
            status=410 if known else 404,
        )
    resolution = voter.resolution
    if not Body.objects.in_partnership(for_request(request)).filter(pk=resolution.body_id).exists():
        # Another partnership's site knows nothing of it, as with the resolution's page.
        return None, render(
            request,
            "governance/resolution_link.html",
            {"message": "This link is not valid."},
            status=404,
        )
    if resolution.is_restricted and not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if request.user.is_authenticated and person_for(request.user) != voter.person:
        raise PermissionDenied(NOT_YOURS)
    return voter, None


def _private(response):
    # The address is the voter's credential: no cache keeps the page, and no referrer
    # carries it off the site. ("no-referrer" would make the browser send `Origin: null`
    # with the vote, which CSRF protection rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def resolution_vote_link(request, token: str):
    """The emailed link: GET shows the resolution (so a mail scanner that follows links
    votes nothing), POST records the vote."""
    try:
        voter, refusal = _voter_from_link(request, token)
    except PermissionDenied as denied:
        return _private(
            render(request, "governance/forbidden.html", {"message": str(denied)}, status=403)
        )
    if refusal is not None:
        return _private(refusal)
    form, status = VoteForm(), 200
    if request.method == "POST":
        form = VoteForm(request.POST)
        if _vote(request, form, voter):
            voter.refresh_from_db()
            return _private(
                render(
                    request,
                    "governance/resolution_voted.html",
                    {"voter": voter, "resolution": voter.resolution},
                )
            )
        status = 400
    return _private(
        render(
            request,
            "governance/resolution_vote.html",
            {**_page_context(voter.resolution, voter), "vote_form": form, "token": token},
            status=status,
        )
    )


@require_safe
@never_cache
def resolution_vote_link_paper(request, token: str, paper_pk: int):
    try:
        voter, refusal = _voter_from_link(request, token)
    except PermissionDenied as denied:
        return _private(
            render(request, "governance/forbidden.html", {"message": str(denied)}, status=403)
        )
    if refusal is not None:
        return _private(refusal)
    return _private(_paper_response(voter.resolution, paper_pk))
