from django.contrib.auth.models import User
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.admin_scope import register_scope
from membership.admin_partnerships import PartnershipPermissionPolicy
from membership.choosers import organisation_chooser, person_chooser, seat_chooser, user_chooser
from membership.models import Body, Membership, Partnership, Person, RepresentationRequirement, Seat
from membership.partnerships import (
    refusal_for,
    register_admin_scopes,
    scope_logins,
    scope_partnerships,
    scope_people,
)
from membership.viewsets import MembershipViewSetGroup, body_child_viewsets

# Registered before the viewsets ask for a policy (wagtail.permissions.PolicyRegistry).
register_permission_policy(Partnership, PartnershipPermissionPolicy(Partnership))

# Organisations and sectors are shared by every partnership, so not scoped.
register_admin_scopes(
    {Body: "", Membership: "body", Seat: "body", RepresentationRequirement: "body"}
)
register_scope(Person, scope_people, refusal=refusal_for(Person))
register_scope(Partnership, scope_partnerships, refusal=refusal_for(Partnership))
register_scope(User, scope_logins, refusal=refusal_for(User))


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return [MembershipViewSetGroup(), *body_child_viewsets]


@hooks.register("register_admin_viewset")
def register_membership_choosers():
    return [person_chooser, organisation_chooser, seat_chooser, user_chooser]


@hooks.register("register_admin_viewset")
def register_sign_in_pauses():
    from core.lockouts import SignInPausesViewSet

    return SignInPausesViewSet()


@hooks.register("insert_global_admin_js")
def name_the_rich_text_editors():
    """Wagtail's rich-text editor has no accessible name (static/js/admin-rich-text-labels.js
    says why); a file, not an inline script, so it runs under the Content Security Policy."""
    return format_html('<script src="{}" defer></script>', static("js/admin-rich-text-labels.js"))
