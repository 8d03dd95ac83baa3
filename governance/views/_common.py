"""What the log pages share: who may open them, filters, CSV, refusals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from itertools import chain

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from core.csv_out import csv_download
from core.dates import long_date
from governance.access import may_view_logs
from governance.selectors import record_history
from membership.models import Body
from membership.partnerships import for_request, manages

MEMBERS_ONLY = (
    "The action, challenge and risk logs are for members of the Board and its groups. Your "
    "login is not linked to a current membership: ask the business unit to link it."
)


def forbidden(request, message: str):
    return render(request, "governance/forbidden.html", {"message": message}, status=403)


def members_only(view: Callable) -> Callable:
    """Anonymous readers are sent to sign in; signed-in non-members are told why not."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_view_logs(request.user):
            return forbidden(request, MEMBERS_ONLY)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return forbidden(request, str(refusal) or MEMBERS_ONLY)

    return wrapper


def signed_in(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return forbidden(request, str(refusal))

    return wrapper


def read_filters(form_class, request) -> tuple:
    """A bound GET filter form, its valid values, and 400 when some were bad. Bad values are
    reported on the page and left out of the filtering; the good ones still apply. A body
    filter offers the bodies serving the request's partnership alone."""
    form = form_class(request.GET or None)
    if "body" in form.fields:
        form.fields["body"].queryset = Body.objects.in_partnership(for_request(request)).order_by(
            "sort_order", "name"
        )
    if not form.is_bound:
        return form, {}, 200
    valid = form.is_valid()
    values = dict(getattr(form, "cleaned_data", {}))
    return form, values, 200 if valid else 400


def history_context(request, record) -> dict:
    """Each record's page shows its full history to the business units of its body's
    partnerships."""
    if manages(request.user, record.body):
        return {"history": record_history(record)}
    return {}


def _cell(value):
    """Dates as the pages write them; csv_download takes care of formulas."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return long_date(value)
    return value


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    return csv_download(
        filename, chain([header], ([_cell(value) for value in row] for row in rows))
    )


def csv_refusal(form) -> HttpResponse:
    problems = "; ".join(
        f"{form.fields[name].label or name.capitalize() if name in form.fields else name}: "
        f"{' '.join(messages)}"
        for name, messages in form.errors.items()
    )
    return HttpResponse(
        f"The export was not made. {problems}\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )
