from django.contrib.auth.models import User
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import register_permission_policy

from core.admin_scope import register_scope
from membership.admin_partnerships import PartnershipPermissionPolicy
from membership.choosers import organisation_chooser, person_chooser, seat_chooser, user_chooser
from membership.collections import may_open_document, scope_to_partnerships
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
# A form naming an image or document (a partnership's logo) takes one of the user's own.
for _asset in (get_image_model(), get_document_model()):
    register_scope(_asset, scope_to_partnerships, refusal=refusal_for(_asset))


@hooks.register("construct_image_chooser_queryset")
def images_of_my_partnerships(images, request):
    return scope_to_partnerships(request, images)


@hooks.register("construct_document_chooser_queryset")
def documents_of_my_partnerships(documents, request):
    return scope_to_partnerships(request, documents)


@hooks.register("before_serve_document")
def documents_served_to_their_partnerships_alone(document, request):
    if not may_open_document(request, document):
        raise Http404


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
