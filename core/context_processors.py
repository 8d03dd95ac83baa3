from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from core.roles import is_business_unit, may_use_admin


def access(request):
    """Lets the shared layout show the admin link to the business unit and the chairs who
    approve reports there."""
    return {
        "user_is_business_unit": is_business_unit(request.user),
        "user_may_use_admin": may_use_admin(request.user),
    }


def site_name(request):
    """The Wagtail site's name, for the layout's title and header, read only by a template
    that shows it, as Django's own `user` is (Wagtail keeps the site it found on the
    request, so a page it serves asks once)."""

    def name() -> str:
        site = Site.find_for_request(request)
        return (site.site_name if site else "") or "Tabled"

    return {"site_name": SimpleLazyObject(name)}
