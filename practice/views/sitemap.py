"""`/sitemap.xml` from practice/sitemaps.py, with our own template (contrib.sitemaps' own
template is only found when the app is installed; we need its view, not its models)."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from practice.sitemaps import sitemaps


@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    response = sitemap(request, sitemaps(), template_name="practice/sitemap.xml")
    response.render()
    return response
