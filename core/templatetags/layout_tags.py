"""`{% main_nav_items %}`: the layout's main navigation links.

Every page shows them, and they depend on nothing but whether the reader is signed in and
in the business unit, which section the page is in, and which partnership's site answers
(one process serves every partnership's host, and one's nav must never be served on
another's). Rendered from the template each time, their URLs and conditions cost a
signed-in page about a fifth of a millisecond, so each process renders each combination
once and keeps it. What is personal to the reader
(the sign-out form with its CSRF token and their name) stays in base.html.
"""

from __future__ import annotations

import re

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_RENDERED: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def main_nav_items(context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    match = getattr(request, "resolver_match", None)
    shown = {
        "signed_in": bool(user is not None and user.is_authenticated),
        "business_unit": bool(context.get("user_is_business_unit")),
        "admin": bool(context.get("user_may_use_admin")),
        "app_name": match.app_name if match else "",
        "url_name": match.url_name if match else "",
    }
    # The URLs depend on the URL configuration and prefix, which a test or a mounted
    # deployment may change; the template itself on DEBUG's reloading of templates.
    partnership = context.get("partnership")
    key = (
        *shown.values(),
        getattr(partnership, "pk", None),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )
    html = None if settings.DEBUG else _RENDERED.get(key)
    if html is None:
        html = render_to_string("includes/main_nav_items.html", shown)
        if not settings.DEBUG:
            _RENDERED[key] = html
    # Rendered by Tabled's own autoescaping template from booleans and URL names.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


@register.simple_tag(takes_context=True)
def webcal_url(context, address: str) -> str:
    """A calendar feed's address as a `webcal:` link, which a calendar app opens as a
    subscription where the `https:` one would download the file once."""
    absolute = context["request"].build_absolute_uri(address)
    return re.sub(r"^https?://", "webcal://", absolute)
