"""PDF rendering with WeasyPrint that can read nothing but the portal's own static files.

Report templates are filled with text that users typed. Whatever a template or a user smuggles
in (`file:///etc/passwd`, an internal URL, a remote font), the fetcher below answers only
`/static/...` paths of our own static files and `data:` URIs, and refuses everything else.
"""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Relative URLs in print templates resolve against this made-up origin; only it is served.
PDF_BASE_URL = "https://portal.invalid/"


class RefusedResource(ValueError):
    """WeasyPrint skips a resource whose fetch raises; we raise for everything not ours."""


def _static_file(path: str) -> str:
    """The file behind a `/static/...` URL path, or RefusedResource."""
    relative = posixpath.normpath(unquote(path[len(settings.STATIC_URL) :]))
    if relative.startswith(("..", "/")) or "\\" in relative or "\0" in relative:
        raise RefusedResource(f"refused path outside static files: {path}")
    source = _unhashed(relative)
    found = finders.find(relative) or (finders.find(source) if source else None)
    if not found:
        raise RefusedResource(f"no such static file: {path}")
    return found if isinstance(found, str) else found[0]


def _unhashed(relative: str) -> str:
    """The source name of a hashed static name (`print.d1477c66af13.css` -> `print.css`).

    Outside DEBUG, `{% static %}` writes the names of the manifest storage (issue #19 found the
    PDFs of the production stack rendered without their print CSS); the finders know only the
    source names, so the manifest is read backwards. Anything not in it stays unknown.
    """
    return _hashed_to_source().get(relative, "")


def _hashed_to_source() -> dict[str, str]:
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
    return {name: source for source, name in hashed.items()}


def static_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher limited to our static files and inline data."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            origin = urlsplit(PDF_BASE_URL)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or not (
                parts.path.startswith(settings.STATIC_URL)
            ):
                raise RefusedResource(f"refused URL: {url}")
            path = _static_file(parts.path)
            with open(path, "rb") as handle:
                body = handle.read()
            mime, _ = mimetypes.guess_type(path)
            return URLFetcherResponse(
                url, body=body, headers={"Content-Type": mime or "application/octet-stream"}
            )

    return StaticOnlyFetcher()


def _html(template_name: str, context: dict[str, Any]) -> Any:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_only_fetcher())


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a print template (autoescaped, like every Django template) to PDF bytes."""
    return _html(template_name, context).write_pdf()


def layout(template_name: str, context: dict[str, Any]) -> Any:
    """The same template laid out in pages (what render_pdf writes): a WeasyPrint Document whose
    boxes can be measured (tables_wider_than_page)."""
    return _html(template_name, context).render()


def tables_wider_than_page(document: Any) -> list[tuple[int, float]]:
    """(page number, how many CSS px it sticks out) for each table box that does not fit between
    its page's margins; an empty list when every table fits."""
    from weasyprint.formatting_structure.boxes import TableBox

    too_wide = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        right = box.content_box_x() + box.width
        for child in box.descendants():
            if isinstance(child, TableBox):
                overflow = child.border_box_x() + child.border_width() - right
                if overflow > 0.5:
                    too_wide.append((number, round(overflow, 1)))
    return too_wide
