"""A test-only URLconf: pages behind the page cache whose renders the tests can count."""

from django.contrib import messages
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import include, path

from portal import pagecache

renders: list[str] = []
PAGE = Template(
    '<p>{{ word }} {{ user.email|default:"anonymous" }} {{ LANGUAGE_CODE }}</p>'
    '<form method="post">{% csrf_token %}<button>go</button></form>'
)


def _page(request, word="ok"):
    renders.append(request.get_full_path())
    return HttpResponse(PAGE.render(RequestContext(request, {"word": word})))


@pagecache.cached_page("test.words")
def words(request):
    return _page(request, request.GET.get("w", "ok"))


@pagecache.cached_page("test.public", anonymous_only=True)
def public(request):
    return _page(request)


@pagecache.cached_page(lambda request: None if "skip" in request.GET else "test.words")
def maybe(request):
    return _page(request)


@pagecache.cached_page("test.words")
def short_lived(request):
    pagecache.live_at_most(request, 0)
    return _page(request)


@pagecache.cached_page("test.words")
def missing(request):
    renders.append(request.get_full_path())
    return HttpResponse("gone", status=404)


def flash(request):
    messages.info(request, "Saved.")
    return HttpResponse("flashed")


urlpatterns = [
    path("words/", words),
    path("public/", public),
    path("maybe/", maybe),
    path("short/", short_lived),
    path("missing/", missing),
    path("flash/", flash),
    path("", include("portal.urls")),
]
