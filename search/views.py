from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property

from meetings.forms import keep_body_choices
from membership import page_cache

from . import selectors
from .forms import SearchForm
from .query import Terms, parse

PAGE_SIZE = 20
# Counting stops here: "children" in twenty years of papers matches thousands, and reading
# them all to say how many costs more than finding the best twenty.
COUNT_LIMIT = 1000


class CountLimitedPaginator(Paginator):
    """Pages of the first COUNT_LIMIT results, saying whether there are more."""

    @cached_property
    def counted(self) -> int:
        # Without the ranking and its order: counting need not score anything.
        return self.object_list.order_by().values("pk")[: COUNT_LIMIT + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_LIMIT)

    @cached_property
    def more(self) -> bool:
        return self.counted > COUNT_LIMIT


class _Results:
    """One page of results, searched for and marked only when the page cache has not kept
    the page's results for this audience and query (membership.page_cache)."""

    def __init__(self, user, terms: Terms, values: dict, number):
        self.user, self.terms, self.values, self.number = user, terms, values, number

    @cached_property
    def page(self):
        if not self.terms:
            return None
        documents = selectors.search(
            self.user,
            self.terms,
            body=self.values.get("body"),
            year=self.values.get("year"),
            kind=self.values.get("kind") or "",
        )
        return CountLimitedPaginator(documents, PAGE_SIZE).get_page(self.number)

    @cached_property
    def rows(self) -> list:
        if self.page is None:
            return []
        found = list(self.page.object_list)
        marked = selectors.snippets(found, self.terms)
        return [(doc, marked.get(doc.pk)) for doc in found]


@page_cache.versioned
def search(request):
    """One box over meetings, agendas, papers, minutes, the logs and reports: what the
    reader may see, best match first. The form and results are kept by
    membership.page_cache for readers who may find the same documents, per query string,
    until the data or the index changes (search.indexing moves the version on)."""
    form = SearchForm(request.GET or None)
    keep_body_choices(request, form.fields["body"])
    status = 200
    values = {}
    if form.is_bound:
        if not form.is_valid():
            status = 400
        # Bad filters are left out and reported; the others still apply.
        values = {name: form.cleaned_data.get(name) for name in form.fields}
    q = values.get("q") or ""
    terms = parse(q)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "q": q,
        "terms": terms,
        "searched": bool(q),
        "found": _Results(request.user, terms, values, request.GET.get("page")),
        "query": query.urlencode(),
        "full_query": sorted(request.GET.lists()),
        "audience": selectors.audience(request.user),
        "count_limit": COUNT_LIMIT,
    }
    return render(request, "search/search.html", context, status=status)
