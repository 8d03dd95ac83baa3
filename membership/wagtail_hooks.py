from wagtail import hooks

from membership.viewsets import MembershipViewSetGroup


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipViewSetGroup()
