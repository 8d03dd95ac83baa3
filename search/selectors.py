"""Reads of the search index: what this reader may find, ranked, with highlighted snippets."""

from __future__ import annotations

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from governance.access import may_view_logs
from governance.selectors import held_q
from membership.access import (
    AnyUser,
    body_ids_chaired,
    body_ids_with_restricted_access,
    person_for,
)
from membership.models import Body, Partnership
from membership.partnerships import (
    body_ids_in,
    managed_body_ids,
    managed_partnership_ids,
    runs_every_partnership,
)

from .index_rows import MARK_END, MARK_START
from .indexing import SEARCH_CONFIG, uses_full_text
from .models import Audience, Kind, SearchDocument, SearchReader
from .query import Terms


def document_list_visible(user: AnyUser) -> QuerySet[SearchDocument]:
    """The documents this reader may find: the audience their role reaches, and restricted
    ones only of the bodies whose restricted material they see, by the same rule and helper
    as the registers (governance.selectors._visibility). Minutes not yet approved are their
    editors' (the body's chair: governance.access.minutes_access), and once circulated also
    of those who were at the meeting (the readers indexing wrote for it). A business unit
    finds everything of the bodies of its partnerships, drafts included, and of others' only
    what a member would."""
    documents = SearchDocument.objects.all()
    if runs_every_partnership(user):
        return documents
    audiences = [Audience.PUBLIC]
    if may_view_logs(user):
        audiences.append(Audience.MEMBERS)
    reach = Q(audience__in=audiences)
    person = person_for(user)
    if person is not None:
        # From the seats read once per request (or kept with the user), not a subquery.
        chaired = body_ids_chaired(user)
        if chaired:
            reach |= Q(audience__in=[Audience.EDITORS, Audience.ATTENDEES], body_id__in=chaired)
        # A subquery, so the count of queries stays the same however many meetings.
        reach |= Q(
            audience=Audience.ATTENDEES,
            meeting_id__in=SearchReader.objects.filter(person=person).values("meeting_id"),
        )
    allowed = body_ids_with_restricted_access(user)
    visible = reach & (Q(restricted=False) | Q(body_id__in=allowed))
    # A decision reaches the public once its meeting has been held, as in the register.
    visible &= ~Q(kind=Kind.DECISION) | held_q(allowed)
    if managed_partnership_ids(user):
        visible |= Q(body_id__in=managed_body_ids(user))
    return documents.filter(visible)


def _tsquery(terms: Terms) -> SearchQuery:
    parts = [SearchQuery(p, search_type="phrase", config=SEARCH_CONFIG) for p in terms.phrases]
    # Each word also as a prefix ("thresh" finds thresholds); the words are letters and
    # digits only (search.query). A number is itself: "section 11" is not "section 110".
    parts += [
        SearchQuery(w if w.isdigit() else f"{w}:*", search_type="raw", config=SEARCH_CONFIG)
        for w in terms.words
    ]
    return reduce(operator.and_, parts)


def _rank(terms: Terms, query: SearchQuery):
    """Cover density ranks words found close together above the same words far apart; the
    typed words found side by side, as a phrase, add a second rank on top."""
    vector = F("search_vector")
    rank = SearchRank(vector, query, cover_density=True)
    if len(terms.words) > 1:
        together = SearchQuery(" ".join(terms.words), search_type="phrase", config=SEARCH_CONFIG)
        # Ranked only where the words are side by side: ranking a phrase that is not there
        # cost a third of a search for several common words (docs/performance.md).
        rank = rank + Case(
            When(search_vector=together, then=SearchRank(vector, together, cover_density=True)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return rank


def _contains_all(terms: Terms) -> Q:
    """The SQLite demo's search: every word and phrase somewhere in the title or text."""
    conditions = [
        Q(title__icontains=term) | Q(text__icontains=term) for term in (*terms.typed, *terms.words)
    ]
    return reduce(operator.and_, conditions)


def search(
    user: AnyUser,
    terms: Terms,
    *,
    partnership: Partnership,
    body: Body | None = None,
    year: int | None = None,
    kind: str = "",
) -> QuerySet[SearchDocument]:
    """Matching documents of the partnership that the reader may find, best first: those of
    the bodies serving it (a joint body's on each partnership it serves; a report, of the
    board it reports on). Only the fields a result shows are read: a paper's text stays in
    the database."""
    documents = document_list_visible(user).filter(body__in=body_ids_in(partnership))
    if body is not None:
        documents = documents.filter(body=body)
    if year:
        documents = documents.filter(year=year)
    if kind:
        documents = documents.filter(kind=kind)
    documents = documents.only(
        "kind", "object_id", "meeting", "title", "url", "context", "date", "restricted"
    )
    if uses_full_text():
        query = _tsquery(terms)
        return (
            documents.filter(search_vector=query)
            .annotate(rank=_rank(terms, query))
            .order_by("-rank", "-date", "-pk")
        )
    first = terms.typed[0] if terms.typed else terms.words[0]
    return (
        documents.filter(_contains_all(terms))
        .annotate(
            rank=Case(
                When(title__icontains=first, then=Value(1)), default=0, output_field=IntegerField()
            )
        )
        .order_by("-rank", "-date", "-pk")
    )


def _marked(text: str) -> SafeString:
    """Escape the text, then turn the highlight marks into <mark>. The marks cannot come
    from the text itself: indexing takes them out (search.index_rows.clean)."""
    return mark_safe(  # noqa: S308  # nosec B308, B703
        escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


SNIPPET_WORDS = 30


def snippets(documents: list[SearchDocument], terms: Terms) -> dict[int, SafeString]:
    """The words around the matches in each document of one page of results, matches
    marked, in one query whatever the page size. Titles are shown whole, as written."""
    if not documents:
        return {}
    ids = [doc.pk for doc in documents]
    if uses_full_text():
        rows = (
            SearchDocument.objects.filter(pk__in=ids)
            .annotate(
                snippet=SearchHeadline(
                    "text",
                    _tsquery(terms),
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "snippet")
        )
        return {pk: _marked(snippet) for pk, snippet in rows}
    rows = SearchDocument.objects.filter(pk__in=ids).values_list("pk", "text")
    return {pk: _marked(_excerpt(text, terms)) for pk, text in rows}


def _pattern(terms: Terms) -> re.Pattern:
    alternatives = sorted((*terms.typed, *terms.words), key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in alternatives), re.IGNORECASE)


def _mark_terms(text: str, terms: Terms) -> str:
    return _pattern(terms).sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text)


def _excerpt(text: str, terms: Terms, width: int = 220) -> str:
    """The demo's snippet: the text around the first match."""
    match = _pattern(terms).search(text)
    start = max(0, (match.start() if match else 0) - width // 3)
    excerpt = text[start : start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return prefix + _mark_terms(excerpt, terms) + suffix
