from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse_lazy

from core.dates import today
from membership import selectors, services
from membership.forms import AsAtForm
from membership.logins import invitation_days, invitation_tokens
from membership.models import Body
from membership.partnerships import for_request, manages


def _as_at(request):
    """The date asked for in `?on=`, today when none; a bad date is reported, not guessed."""
    form = AsAtForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        return form, form.cleaned_data["on"], 200
    if form.is_bound and not form.is_valid():
        return form, today(), 400
    return form, today(), 200


def body_index(request):
    form, on, status = _as_at(request)
    partnership = for_request(request)
    bodies = selectors.body_list_structure(on, partnership)
    return render(
        request,
        "membership/body_index.html",
        {
            "bodies": bodies,
            "board": next((b for b in bodies if b.pk == partnership.board_id), None),
            "on": on,
            "as_at_form": form,
            "is_today": on == today(),
        },
        status=status,
    )


def body_detail(request, slug):
    """Nothing on it is restricted: the body's business units alone also see the
    representation panel. A body that does not serve the request's partnership is not found
    here."""
    form, on, status = _as_at(request)
    partnership = for_request(request)
    try:
        body = selectors.body_get_detail(slug, on, partnership)
    except Body.DoesNotExist as missing:
        raise Http404("No such body") from missing
    chairs = [m for m in body.current_memberships if m.role.may_chair]
    context = {
        "body": body,
        "on": on,
        "is_today": on == today(),
        "as_at_form": form,
        "chair": chairs[0] if chairs else None,
        "partnership": partnership,
        # Its parent and the bodies of other partnerships it reports into; a link only to a
        # body of this partnership, which answers on this host.
        "reports_to": [
            {"body": parent, "here": parent.partnership_id == partnership.pk}
            for parent in [*([body.parent] if body.parent else []), *body.also_reports_to.all()]
        ],
        "members_by_agency": selectors.members_by_agency(body.current_memberships),
        "compliance": (
            selectors.body_compliance(body, on) if manages(request.user, body) else None
        ),
    }
    return render(request, "membership/body_detail.html", context, status=status)


class InvitationSetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of an invitation to sign in: the person chooses their password. Django's
    password-reset page, with the invitations' tokens; a link that no longer works (used,
    out of date, replaced by a newer invitation, or for a deactivated login) gets a page
    saying so and how to get another."""

    token_generator = invitation_tokens
    template_name = "registration/invitation_set_password.html"
    success_url = reverse_lazy("invitation:done")
    title = "Choose your password"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if not self.validlink and response.status_code == 200:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": invitation_days()}

    def form_valid(self, form):
        # What SetPasswordForm.save() would do, through the service that notes it on the
        # person's record.
        user: User = form.user
        services.login_password_set(user=user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return super(auth_views.PasswordResetConfirmView, self).form_valid(form)


class InvitationDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/invitation_done.html"
    title = "Your password is set"
