from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property

from meetings.forms import list_body_choices
from membership.models import Body
from membership.partnerships import for_request

from . import selectors
from .forms import SearchForm
from .query import parse

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


def search(request):
    """One box over meetings, agendas, papers, minutes, the logs and reports: what the
    reader may see, best match first."""
    partnership = for_request(request)
    form = SearchForm(request.GET or None)
    # The bodies of this site's partnership only: another's slug is not a choice here.
    body_field = form.fields["body"]
    body_field.queryset = Body.objects.in_partnership(partnership).order_by("sort_order", "name")
    list_body_choices(body_field)
    status = 200
    values = {}
    if form.is_bound:
        if not form.is_valid():
            status = 400
        # Bad filters are left out and reported; the others still apply.
        values = {name: form.cleaned_data.get(name) for name in form.fields}
    q = values.get("q") or ""
    terms = parse(q)
    page = None
    results = []
    if terms:
        documents = selectors.search(
            request.user,
            terms,
            partnership=partnership,
            body=values.get("body"),
            year=values.get("year"),
            kind=values.get("kind") or "",
        )
        page = CountLimitedPaginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
        found = list(page.object_list)
        marked = selectors.snippets(found, terms)
        results = [(doc, marked.get(doc.pk)) for doc in found]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "q": q,
        "terms": terms,
        "searched": bool(q),
        "page": page,
        "results": results,
        "query": query.urlencode(),
        "count_limit": COUNT_LIMIT,
    }
    return render(request, "search/search.html", context, status=status)
