"""The read-only JSON API under /api/v1/ for bodies, people, memberships and meetings, with
Popolo exports (popolo.py); the schema is at /api/v1/schema/ and its documentation at
/api/v1/docs/.

governance/api/ adds decisions, actions, challenges and metrics the same way. Adding another
app's endpoints:

1. `<app>/api/selectors.py`: one function per list returning a queryset with the
   `select_related`/`Prefetch` its serializer reads, ordered by something unique (…, "pk"),
   so a page of 100 costs the queries of a page of 5.
2. `<app>/api/serializers.py`: subclass meetings.api.base.ReadOnlyModelSerializer with
   explicit `fields`; name related records with meetings.api.serializers'
   `BodyRefSerializer`, `PersonRefSerializer` and `OrganisationRefSerializer`. Anything that
   depends on the reader's rights reads `self.context["reader"]` (meetings.api.base.Reader:
   `is_business_unit`, `sees_restricted_of(body_id)`) and is described with
   `extend_schema_field`, saying who sees it.
3. `<app>/api/filters.py`: FilterSets; `body_filter()` for `?body=<slug>`, `IdFilter`
   for ids, and `DateRangeFilterSet` for `?from=&to=` (define `filter_from`/`filter_to`).
4. `<app>/api/views.py`: subclass meetings.api.base.ReadOnlyViewSet (pagination, the
   reader, cache headers come with it) with a docstring (it is the documentation), and set
   `serializer_class`, `filterset_class` and `get_queryset()`; summaries with
   `extend_schema_view`. Rows a reader may not see are left out in `get_queryset()`, using
   `self.reader`, so counts and pages stay right. Records that belong to a body are of
   one partnership: the selector takes `self.partnership` (the site's, or the one
   `?partnership=<CODE>` names) and keeps `body__in=body_ids_in(partnership)`; serializers
   name it with `partnership_field()`. A view of rows that belong to no partnership sets
   `reads_partnership = False`.
5. `<app>/api/urls.py`: a `SimpleRouter(use_regex_path=False)` registering the
   viewsets with a `basename`, and `urlpatterns = router.urls`; then add
   `path("", include("<app>.api.urls"))` to `api_v1` in config/urls.py. Names reverse
   as `api:<basename>-list` and `api:<basename>-detail`.
6. tests/api/: the access rule for the four kinds of reader,
   query counts for 5 and 50 rows, and add the new paths to ENDPOINTS in
   tests/api/test_schema.py, which validates the whole schema.
"""
