"""Pages of results for every list. A module of its own: Django REST framework imports the
default pagination class while it defines its generic views, so this imports nothing that
imports them."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2&page_size=50`: 25 a page unless asked, never more than 100."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "Results a page: 25 unless given, at most 100."
