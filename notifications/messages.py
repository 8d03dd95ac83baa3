"""An email as the delivery code sends it: subject, plain text, HTML, attachments, and the
line the weekly summary shows for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from membership.models import Person


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Message:
    subject: str
    text: str
    html: str = ""
    # One or two plain lines for the weekly summary, and the page it links to.
    summary: str = ""
    url: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def absolute_url(path: str, partnership=None) -> str:
    """A link for an email: the address of the partnership's own site (its pages answer on
    its hostname alone), or the installation's (BASE_URL), and the path."""
    return site_address(partnership) + path


def site_address(partnership=None) -> str:
    site = getattr(partnership, "site", None)
    if site is None or partnership.is_default:
        return settings.BASE_URL.rstrip("/")
    # The scheme is the installation's: behind TLS, every partnership's site is too.
    port = "" if site.port in (80, 443) else f":{site.port}"
    return f"{urlsplit(settings.BASE_URL).scheme}://{site.hostname}{port}"


def preferences_url() -> str:
    return absolute_url(reverse("notifications:preferences"))


def render_message(
    template: str,
    context: dict,
    *,
    person: Person,
    subject: str,
    summary: str = "",
    url: str = "",
    attachments: list[Attachment] | None = None,
) -> Message:
    """Render `<template>.txt` and `<template>.html` (each extending email/base.*) with the
    person, the site's name and the link to their preferences."""
    context = {
        "person": person,
        "subject": subject,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "preferences_url": preferences_url(),
        "url": url,
        **context,
    }
    return Message(
        subject=subject,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
        summary=summary or subject,
        url=url,
        attachments=list(attachments or []),
    )
