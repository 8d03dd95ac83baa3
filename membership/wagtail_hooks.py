from wagtail import hooks

from membership.viewsets import MembershipViewSetGroup


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipViewSetGroup()


@hooks.register("register_admin_viewset")
def register_sign_in_pauses():
    from membership.lockouts import SignInPausesViewSet

    return SignInPausesViewSet()
