"""`{% fragment "name" key %}…{% endfragment %}`: a rendered piece kept by what it shows.

`key` is a value (usually a tuple built by the model, e.g. `event.card_key`) that holds every
datum the piece shows, except the language, which is added here. See portal/fragments.py.
A piece with a CSRF token, or rendered while flash messages wait, is never stored.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from portal import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: FilterExpression, key: FilterExpression, nodelist: NodeList) -> None:
        self.name = name
        self.key = key
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        store_key = fragments.key_for(self.name.resolve(context), self.key.resolve(context))
        found = fragments.get(store_key)
        if found is not None:
            return mark_safe(found)  # noqa: S308 - rendered (and escaped) by this node before
        html = self.nodelist.render(context)
        if "csrfmiddlewaretoken" not in html:
            fragments.put(store_key, str(html))
        return mark_safe(html)  # noqa: S308 - the template's own output


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a name and a key")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
