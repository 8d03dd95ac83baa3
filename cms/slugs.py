"""Report addresses: a title's dashes become hyphens, and an abandoned draft never blocks
a new report's address.

Wagtail's slug widget drops characters that are neither letters nor digits, so
"April–September 2012" came out as aprilseptember-2012, in the editor (its JavaScript) and
here alike. The widget's formatters run before its own cleaning: the same pattern as the
server's turns every dash into a hyphen there too."""

from __future__ import annotations

import re

from django.utils.text import slugify

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.slug import SlugInput

# Every Unicode dash (Pd) and the minus sign; the slash of "2011/12" separates words too.
DASH_PATTERN = r"[/\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u058a\u05be\u1806]"
DASHES = re.compile(DASH_PATTERN)


def report_slug(title: str) -> str:
    """The slug of a title, its dashes made hyphens: "April–September 2012" is
    april-september-2012."""
    return slugify(DASHES.sub("-", title))


def free_slug(parent, slug: str, *, exclude_pk: int | None = None) -> str:
    """The slug, or the first of slug-2, slug-3… no page under `parent` holds."""
    taken = set(
        parent.get_children()
        .exclude(pk=exclude_pk)
        .filter(slug__startswith=slug)
        .values_list("slug", flat=True)
    )
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def abandoned_draft(parent, slug: str):
    """A page under `parent` holding the slug that was never published."""
    children = parent.get_children()
    return children.filter(slug=slug, live=False, first_published_at__isnull=True).first()


def slug_widget() -> SlugInput:
    return SlugInput(formatters=[(DASH_PATTERN, "-")])


class ReportPageForm(WagtailAdminPageForm):
    """The report editor's form: dashes typed into the slug become hyphens, and a new
    report whose slug a never-published draft holds takes the next free slug rather than
    failing; the draft is kept on the page (`slug_holder`) for the editor to offer."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and DASHES.search(data.get("slug", "")):
            data = data.copy()
            data["slug"] = DASHES.sub("-", data["slug"])
        super().__init__(data, *args, **kwargs)

    def clean(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.instance.pk is None and self.parent_page is not None:
            holder = self.parent_page.get_children().filter(slug=slug, live=False).first()
            if (
                holder is not None
                and not holder.specific_class.objects.filter(
                    pk=holder.pk, first_published_at__isnull=False
                ).exists()
            ):
                self.cleaned_data["slug"] = free_slug(self.parent_page, slug)
                self.instance.slug_holder = holder
        return super().clean()
