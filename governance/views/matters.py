from django.http import Http404
from django.shortcuts import render

from governance.models import Matter
from governance.selectors import matter_get_journey


def matter_detail(request, pk: int):
    """A matter's journey between bodies: each meeting it went to and what was decided."""
    try:
        matter, steps = matter_get_journey(request.user, pk)
    except Matter.DoesNotExist as missing:
        raise Http404("No such matter") from missing
    return render(request, "governance/matter_detail.html", {"matter": matter, "steps": steps})
