"""Written resolutions: circulated to the body's voting members, voted on once each (from
/my/ or a single-use emailed link, whose hash alone is kept), and closed at the deadline, when
everyone has voted, or when the outcome can no longer change, as a decision with its vote.

A voter's link token is an HMAC of the resolution and the person under the installation's
secret key: the email task makes it as it sends (so no token travels through the broker or
sits in the outbox), a reminder carries the same link, and the database keeps only its
SHA-256, so a copy of the database alone cannot vote."""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import outbox
from core.history import save_tracked
from governance.models import (
    Ballot,
    Resolution,
    ResolutionPaper,
    ResolutionStatus,
    ResolutionVoter,
    Vote,
    VoteChoice,
    VoteOccasion,
    VoteRecording,
)
from governance.models.resolutions import REMINDER_BEFORE
from meetings.papers.uploads import check_pdf
from membership.models import Body, Membership, Person

from ._common import Actor, authorise_chair
from .decisions import decision_record

logger = logging.getLogger(__name__)

# The HMAC key salt (a namespace, not a secret: the secret is SECRET_KEY).
TOKEN_SALT = "tabled.governance.resolution-vote"  # noqa: S105  # nosec B105 - a namespace
MAX_PAPERS = 10
INACTIVE = "The business unit has marked you inactive, so you can no longer vote here."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def voter_token(resolution_id: int, person_id: int) -> str:
    return salted_hmac(TOKEN_SALT, f"{resolution_id}:{person_id}", algorithm="sha256").hexdigest()


def voting_members(body: Body, on: datetime.date) -> list[Person]:
    """The body's members whose role may vote on their term current that day (a person the
    business unit has marked inactive is not asked)."""
    terms = (
        Membership.objects.current_on(on)
        .filter(body=body, role__may_vote=True, person__active=True)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
    return list({term.person_id: term.person for term in terms}.values())


@transaction.atomic
def resolution_circulate(
    *,
    actor: Actor,
    body: Body,
    title: str,
    text: str,
    deadline: datetime.datetime,
    threshold: str,
    is_restricted: bool = False,
    voters: list[Person] | None = None,
    decision_type: str | None = None,
    papers: list[tuple[str, object]] | None = None,
) -> tuple[Resolution, dict[int, str]]:
    """Circulate a resolution with its papers ((title, uploaded file) pairs, each checked
    as a meeting's papers are) and email each voter their link. Returns it with each
    voter's token (person id to token), which the emails carry and nothing stores."""
    authorise_chair(actor, body)
    papers = papers or []
    if len(papers) > MAX_PAPERS:
        raise ValidationError({"papers": f"Circulate at most {MAX_PAPERS} papers at once."})
    checked_papers = []
    for paper_title, file in papers:
        try:
            checked_papers.append((paper_title, file, check_pdf(file)))
        except ValidationError as refusal:
            messages = refusal.message_dict.get("file", refusal.messages)
            raise ValidationError(
                {"papers": [f"{file.name}: {message}" for message in messages]}
            ) from None
    now = timezone.now()
    if deadline <= now:
        raise ValidationError({"deadline": "The deadline must be in the future."})
    entitled = voting_members(body, timezone.localdate())
    asked = entitled
    if voters is not None:
        strangers = {p.pk for p in voters} - {p.pk for p in entitled}
        if strangers:
            raise ValidationError(
                {"voters": "Only the body's voting members can be asked to vote."}
            )
        asked = [p for p in entitled if p.pk in {v.pk for v in voters}]
    if not asked:
        raise ValidationError({"voters": "Nobody on this body may vote on it."})
    resolution = Resolution(
        body=body,
        title=title,
        text=text,
        deadline=deadline,
        threshold=threshold,
        entitled=len(entitled),
        is_restricted=is_restricted,
        circulated_at=now,
        circulated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if decision_type:
        resolution.decision_type = decision_type
    resolution.full_clean()
    needed = resolution.needed(len(entitled))
    if len(asked) < needed:
        # Otherwise a chair could decide for the body by asking only themselves.
        raise ValidationError(
            {
                "voters": f"Asking {len(asked)} of the {len(entitled)} voting members, it "
                f"could never carry: it needs {needed} votes for. Ask more of them."
            }
        )
    save_tracked(resolution, actor=actor, reason="Resolution circulated")
    for paper_title, file, checked in checked_papers:
        _store_paper(actor, resolution, paper_title or checked.original_filename, file, checked)
    tokens = {}
    for person in asked:
        token = voter_token(resolution.pk, person.pk)
        tokens[person.pk] = token
        save_tracked(
            ResolutionVoter(resolution=resolution, person=person, token_hash=hash_token(token)),
            actor=actor,
            reason="Asked to vote",
        )
    outbox.notify("governance.resolution_circulated", resolution_id=resolution.pk)
    return resolution, tokens


def _store_paper(actor, resolution, title, file, checked) -> ResolutionPaper:
    paper = ResolutionPaper(
        resolution=resolution,
        title=title[:300],
        original_filename=checked.original_filename,
        size=checked.size,
        sha256=checked.sha256,
        page_count=checked.page_count,
    )
    # An upload that carried active content is stored as rewritten without it.
    stored = ContentFile(checked.content) if checked.content is not None else file
    stored.seek(0)
    paper.file.save("paper.pdf", stored, save=False)
    reason = "Paper circulated"
    if checked.removed:
        reason = f"{reason}; removed from the PDF: {', '.join(checked.removed)}"
    try:
        paper.full_clean()
        save_tracked(paper, actor=actor, reason=reason)
    except BaseException:
        # The row will not exist, so neither may its file.
        paper.file.storage.delete(paper.file.name)
        raise
    return paper


def voter_for_token(token: str) -> ResolutionVoter:
    """The voter a link belongs to; a used, expired or unknown link is refused."""
    try:
        voter = ResolutionVoter.objects.select_related("resolution", "person__user").get(
            token_hash=hash_token(token)
        )
    except ResolutionVoter.DoesNotExist:
        raise ValidationError("This link is not valid.") from None
    if not voter.person.active:
        raise ValidationError(INACTIVE)
    if voter.voted_at:
        raise ValidationError("This link has been used: your vote is already recorded.")
    if not voter.resolution.is_open or voter.resolution.deadline <= timezone.now():
        raise ValidationError("This resolution is closed for votes.")
    return voter


@transaction.atomic
def resolution_vote(*, actor: Actor, voter: ResolutionVoter, choice: str) -> ResolutionVoter:
    """Record one person's vote, once; closes the resolution when the outcome is settled."""
    # The resolution's row is locked too, so votes on one resolution, its closing and its
    # withdrawal take turns: each sees the others' outcome.
    voter = (
        ResolutionVoter.objects.select_for_update(of=("self", "resolution"))
        .select_related("resolution", "person")
        .get(pk=voter.pk)
    )
    resolution = voter.resolution
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": "Vote for, against or abstain."})
    if not voter.person.active:
        raise ValidationError(INACTIVE)
    if voter.voted_at:
        raise ValidationError("Your vote on this resolution is already recorded.")
    if not resolution.is_open or resolution.deadline <= timezone.now():
        raise ValidationError("This resolution is closed for votes.")
    voter.choice = choice
    voter.voted_at = timezone.now()
    save_tracked(voter, actor=actor, reason="Voted")
    if _settled(resolution):
        resolution_close(actor=None, resolution=resolution)
    return voter


def _counts(resolution: Resolution) -> tuple[int, int, int, int]:
    """For, against, abstaining, and how many asked have yet to vote."""
    choices = list(resolution.voters.values_list("choice", flat=True))
    return (
        choices.count(VoteChoice.FOR),
        choices.count(VoteChoice.AGAINST),
        choices.count(VoteChoice.ABSTAIN),
        choices.count(""),
    )


def _settled(resolution: Resolution) -> bool:
    """Everyone asked has voted, or the threshold is met, or can no longer be met."""
    votes_for, _against, _abstain, waiting = _counts(resolution)
    needed = resolution.needed(resolution.entitled)
    return waiting == 0 or votes_for >= needed or votes_for + waiting < needed


@transaction.atomic
def resolution_close(*, actor: Actor, resolution: Resolution) -> Resolution:
    """Record the outcome as a decision with its vote, by name, of everyone asked."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if not resolution.is_open:
        return resolution
    votes_for, against, abstain, _waiting = _counts(resolution)
    carried = votes_for >= resolution.needed(resolution.entitled)
    # Closed by the beat after its deadline, it was decided at the deadline: a resolution
    # due at midnight on 31 March belongs to that year's register, not the next.
    decided = min(timezone.now(), resolution.deadline)
    decision = decision_record(
        actor=None,
        body=resolution.body,
        title=resolution.title,
        text=resolution.text,
        decided_on=timezone.localdate(decided),
        decision_type=resolution.decision_type,
        is_restricted=resolution.is_restricted,
        reason="Written resolution closed",
    )
    vote = save_tracked(
        Vote(
            decision=decision,
            occasion=VoteOccasion.WRITTEN,
            recording=VoteRecording.NAMED,
            votes_for=votes_for,
            votes_against=against,
            abstentions=abstain,
            entitled=resolution.entitled,
            carried=carried,
            taken_at=decided,
        ),
        actor=actor,
        reason="Written resolution closed",
    )
    for voter in resolution.voters.exclude(choice=""):
        save_tracked(
            Ballot(vote=vote, person_id=voter.person_id, choice=voter.choice),
            actor=actor,
            reason="Written vote",
        )
    resolution.decision = decision
    resolution.status = ResolutionStatus.CARRIED if carried else ResolutionStatus.LOST
    save_tracked(resolution, actor=actor, reason="Outcome recorded")
    outbox.notify("governance.resolution_outcome", resolution_id=resolution.pk)
    return resolution


def resolutions_close_due(now: datetime.datetime | None = None) -> int:
    """Close every open resolution past its deadline; for the beat schedule."""
    due = Resolution.objects.filter(
        status=ResolutionStatus.OPEN, deadline__lte=now or timezone.now()
    )
    closed = 0
    for resolution in due:
        # One that cannot be recorded (its reference clashes, say) is logged for the
        # business unit and tried again next run; it must not keep the others open.
        try:
            resolution_close(actor=None, resolution=resolution)
        except ValidationError:
            logger.exception("Written resolution %s could not be closed", resolution.pk)
            continue
        closed += 1
    return closed


@transaction.atomic
def resolution_withdraw(*, actor: Actor, resolution: Resolution, reason: str) -> Resolution:
    authorise_chair(actor, resolution.body)
    # Read afresh under lock: the last vote may have recorded an outcome since the chair's
    # page was drawn, and saving the copy drawn then would undo it.
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if not resolution.is_open:
        raise ValidationError("Only a resolution still open for votes can be withdrawn.")
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Say why it is withdrawn."})
    resolution.status = ResolutionStatus.WITHDRAWN
    resolution.withdrawn_reason = reason
    save_tracked(resolution, actor=actor, reason=f"Withdrawn: {reason}")
    outbox.notify("governance.resolution_outcome", resolution_id=resolution.pk)
    return resolution


def resolutions_remind_due(now: datetime.datetime | None = None) -> int:
    """Remind, once, each voter yet to vote on an open resolution whose reminder is due;
    for the beat schedule. Returns how many people were reminded."""
    now = now or timezone.now()
    reminded = 0
    candidates = Resolution.objects.filter(
        status=ResolutionStatus.OPEN,
        deadline__gt=now,
        deadline__lte=now + REMINDER_BEFORE,
        voters__voted_at__isnull=True,
        voters__reminded_at__isnull=True,
    ).distinct()
    for resolution in candidates:
        if resolution.reminder_due_at > now:
            continue
        with transaction.atomic():
            waiting = list(
                ResolutionVoter.objects.select_for_update().filter(
                    resolution=resolution, voted_at__isnull=True, reminded_at__isnull=True
                )
            )
            for voter in waiting:
                voter.reminded_at = now
                save_tracked(voter, actor=None, reason="Reminded to vote")
            if waiting:
                outbox.notify(
                    "governance.resolution_reminder",
                    resolution_id=resolution.pk,
                    person_ids=[voter.person_id for voter in waiting],
                )
        reminded += len(waiting)
    return reminded
