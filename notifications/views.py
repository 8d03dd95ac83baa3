from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from membership.access import is_business_unit, person_for

from . import registry, selectors, services
from .forms import PreferencesForm
from .registry import Audience


def _kinds_for(user) -> list[type[registry.Notice]]:
    business_unit = is_business_unit(user)
    return [
        kind
        for kind in registry.all_kinds()
        if kind.optional and (kind.audience == Audience.MEMBERS or business_unit)
    ]


@login_required
def preferences(request):
    """/my/notifications/: how the signed-in person hears about each kind of event."""
    person = person_for(request.user)
    if person is None:
        return render(request, "notifications/preferences.html", {"person": None})
    kinds = _kinds_for(request.user)
    chosen = selectors.preferences_for_person(person)
    form = PreferencesForm(request.POST or None, kinds=kinds, chosen=chosen)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.preferences_save(actor=request.user, person=person, choices=form.cleaned_data)
            messages.success(request, "Your email choices have been saved.")
            return redirect("notifications:preferences")
        status = 400
    context = {"person": person, "form": form}
    return render(request, "notifications/preferences.html", context, status=status)
