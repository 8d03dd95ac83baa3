from django import template
from django.utils.safestring import mark_safe

from core.security import clean_rich_text

register = template.Library()


@register.filter
def cleaned_rich_text(html) -> str:
    """Rich text HTML with everything but what the editor can make taken out."""
    # Safe because nh3 has just removed every tag, attribute and URL scheme not allowed.
    return mark_safe(clean_rich_text(str(html or "")))  # noqa: S308  # nosec B308, B703
