"""`{{ text|legal_text }}`: the legal pages' plain text as headings and paragraphs, escaped."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def legal_text(text: str) -> SafeString:
    """Blocks are separated by empty lines; "## " starts a heading, "- " lines make a list."""
    parts = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            parts.append(format_html('<h2 class="h4 mt-4">{}</h2>', lines[0][3:].strip()))
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines))
            parts.append(format_html("<ul>{}</ul>", items))
        else:
            body = mark_safe("<br>".join(escape(line) for line in lines))  # noqa: S308 - escaped
            parts.append(format_html("<p>{}</p>", body))
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is built by format_html
