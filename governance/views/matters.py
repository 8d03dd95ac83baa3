from django.http import Http404
from django.shortcuts import render

from governance.models import Matter
from governance.selectors import matter_get_journey
from membership.partnerships import for_request


def matter_detail(request, pk: int):
    """A matter's journey between bodies: each meeting it went to and what was decided."""
    try:
        matter, steps = matter_get_journey(request.user, pk, partnership=for_request(request))
    except Matter.DoesNotExist as missing:
        raise Http404("No such matter") from missing
    return render(request, "governance/matter_detail.html", {"matter": matter, "steps": steps})
