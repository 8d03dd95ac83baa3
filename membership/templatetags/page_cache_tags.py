"""`{% pagepart "name" audience other %}…{% endpagepart %}`: the enclosed HTML, kept by
membership.page_cache for readers with the same values after the name, until the data
changes. Everything the enclosed HTML shows that can differ between readers must be among
those values; what is personal to one reader (their name, forms, CSRF tokens) belongs
outside the block."""

from django import template

from membership import page_cache

register = template.Library()


class PagePartNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        vary = tuple(value.resolve(context) for value in self.vary)
        return page_cache.part(request, name, vary, lambda: self.nodelist.render(context))


@register.tag
def pagepart(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("pagepart needs a name, then what it varies on.")
    nodelist = parser.parse(("endpagepart",))
    parser.delete_first_token()
    return PagePartNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The Wagtail site's name for the layout (membership.page_cache.site_name)."""
    request = context.get("request")
    if request is None:
        return "Tabled"
    return page_cache.site_name(request)
