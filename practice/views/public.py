"""The public library, the map, a case's page, the network list and the Atom feed."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from events.selectors import upcoming_events_for_topics
from portal.http import PortalRequest
from practice import selectors, services
from practice.forms import LibraryFilterForm
from practice.map import thuringia_map
from practice.models import Case, CaseStatus, NetworkPartner
from practice.wording import district_name


def optional_url(name: str, **kwargs: Any) -> str:
    """The address of a page of an app that may not be there yet (labs, economics): ""
    instead of an error, so the page shows only what exists."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@require_GET
def library(request: PortalRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    filters = form.filters()
    page = selectors.library_page(
        viewer=request.user, filters=filters, page=request.GET.get("page")
    )
    counts = selectors.cases_by_district(viewer=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    map_query = query.copy()
    map_query.pop("district", None)
    return render(
        request,
        "practice/library.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "cases": list(page.object_list),
            "query": query.urlencode(),
            "map": thuringia_map(counts, selected=filters.district, query=map_query.urlencode()),
            "district_label": district_name(filters.district) if filters.district else "",
        },
    )


@require_GET
def case_detail(request: PortalRequest, slug: str) -> HttpResponse:
    case = selectors.case_for_viewer(viewer=request.user, slug=slug)
    if case.status == CaseStatus.PUBLISHED:
        services.record_case_view(case)
    topic_ids = [t.pk for t in case.topics.all()]
    topics_query = "&".join(f"topic={pk}" for pk in topic_ids[:1])
    return render(
        request,
        "practice/case_detail.html",
        {
            "case": case,
            "similar": selectors.similar_cases(viewer=request.user, case=case),
            # events' selector reads through visible_to, which takes a visitor as well
            "workshops": upcoming_events_for_topics(
                viewer=request.user,  # type: ignore[arg-type]
                topic_ids=topic_ids,
            ),
            "next_steps": {
                "workshops_url": f"{reverse('events:list')}?{topics_query}",
                "book_url": reverse("consulting:book"),
                "labs_url": optional_url("labs:directory"),
                "economics_url": optional_url("economics:index"),
            },
            "is_preview": case.status != CaseStatus.PUBLISHED,
        },
    )


@require_GET
def network_list(request: PortalRequest) -> HttpResponse:
    return render(
        request,
        "practice/network_list.html",
        {"partners": selectors.network_partners(), "kinds": NetworkPartner.Kind},
    )


@require_GET
def network_detail(request: PortalRequest, slug: str) -> HttpResponse:
    partner = selectors.network_partner(slug=slug)
    districts = [district_name(key) for key in partner.district_keys]
    return render(
        request, "practice/network_detail.html", {"partner": partner, "districts": districts}
    )


class CaseFeed(Feed):
    """Atom feed of the latest published cases."""

    feed_type = Atom1Feed
    title = gettext_lazy("Good practice from the Mittelstand 4.0 competence centre")
    subtitle = gettext_lazy("New cases that small and medium-sized companies can copy.")

    def link(self) -> str:
        return reverse("practice:library")

    def items(self) -> list[Case]:
        from django.contrib.auth.models import AnonymousUser

        return selectors.latest_cases(viewer=AnonymousUser())

    def item_title(self, item: Case) -> str:
        return item.title

    def item_description(self, item: Case) -> str:
        return f"{item.summary} ({item.company_display})"

    def item_pubdate(self, item: Case) -> Any:
        return item.published_at

    def item_updateddate(self, item: Case) -> Any:
        return item.updated_at


case_feed = CaseFeed()
