"""One way for every staff list to page, search and sort, with everything in the URL.

A view filters its scoped queryset as before (through its selector), then hands it here:

    listing = build_listing(
        request,
        queryset,
        columns=[Sort("company", _("Company"), "company__name"), Sort("completed", ...)],
        default_sort="-completed",
        search_fields=("company__name",),
    )

and the template iterates `listing.page`, renders `listing.headers` with
`_sort_header.html` (a link per sortable column and `aria-sort` on the sorted one), the search
box with `_list_search.html` and the pages with `_pagination.html` (`page`, `query`).
Every parameter the page does not know (its own filters) is kept in the sort and page links, so
a filtered, sorted, searched page can be bookmarked. Bad values fall back to the defaults; they
never raise. Why not django-tables2 and django-filter: see the README ("Lists").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

PER_PAGE = 50
MAX_SEARCH = 100  # characters of a search term; longer input is cut, not refused


@dataclass(frozen=True)
class Sort:
    """A sortable column: its key in the URL (`?sort=key` or `?sort=-key`), its heading, and
    the fields it orders by (the primary key is added last, so pages never overlap)."""

    key: str
    label: Any
    fields: tuple[str, ...] | str

    @property
    def order_fields(self) -> tuple[str, ...]:
        return (self.fields,) if isinstance(self.fields, str) else self.fields


@dataclass(frozen=True)
class Header:
    label: Any
    url: str = ""  # empty: not sortable
    aria_sort: str = ""  # "ascending" / "descending" on the sorted column, else ""
    next_direction: str = ""  # what a click does, for screen readers: "ascending" / "descending"
    numeric: bool = False
    hidden: bool = False  # a heading only screen readers need (e.g. a column of buttons)


@dataclass
class Listing:
    page: Page
    headers: list[Header]
    sort: str
    search: str
    query: str  # the query string without `page`, for _pagination.html
    params: dict[str, str] = field(default_factory=dict)  # the other parameters, for forms

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _params(request: HttpRequest, *drop: str) -> dict[str, str]:
    """The request's non-empty GET parameters (the last value of each) without `drop`."""
    params = {}
    for key in request.GET:
        value = str(request.GET.get(key, ""))
        if key not in drop and value.strip():
            params[key] = value
    return params


def search_filter(term: str, fields: Sequence[str]) -> Q:
    """Rows where every word of `term` is in one of `fields` (case-insensitive)."""
    condition = Q()
    for word in term.split():
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def headers_for(
    request: HttpRequest,
    columns: Sequence[Sort | Header | str],
    *,
    sort: str,
    numeric: Sequence[str] = (),
) -> list[Header]:
    """The headings of a table sorted by `sort` ("key" or "-key"): a sortable one links to its
    sort (the sorted one to its reverse) and keeps every other parameter but the page."""
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    keep = _params(request, "page", "sort")
    headers = []
    for c in columns:
        if isinstance(c, Header):
            headers.append(c)
        elif not isinstance(c, Sort):
            headers.append(Header(c))
        else:
            current = c.key == key
            # A click on the sorted column turns it round; on another, sorts it ascending.
            target = c.key if not current or descending else f"-{c.key}"
            headers.append(
                Header(
                    c.label,
                    url="?" + urlencode({**keep, "sort": target}),
                    aria_sort=("descending" if descending else "ascending") if current else "",
                    next_direction="descending" if target.startswith("-") else "ascending",
                    numeric=c.key in numeric,
                )
            )
    return headers


def build_listing(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    columns: Sequence[Sort | Header | str],
    default_sort: str,
    search_fields: Sequence[str] = (),
    per_page: int | None = None,
    numeric: Sequence[str] = (),
) -> Listing:
    """The page of `queryset` the request asks for. `columns` lists the table's headings in
    order: a Sort is sortable, a plain label (or Header) is not. `numeric` names sort keys whose
    column is right-aligned."""
    sortable = {c.key: c for c in columns if isinstance(c, Sort)}
    sort = request.GET.get("sort", default_sort)
    if sort.removeprefix("-") not in sortable:
        sort = default_sort
    descending = sort.startswith("-")
    column = sortable[sort.removeprefix("-")]
    order = [f"-{name}" if descending else name for name in column.order_fields]
    search = " ".join(request.GET.get("q", "").split())[:MAX_SEARCH] if search_fields else ""
    if search:
        queryset = queryset.filter(search_filter(search, search_fields))
    queryset = queryset.order_by(*order, "-pk" if descending else "pk")
    page = Paginator(queryset, per_page or PER_PAGE).get_page(request.GET.get("page"))

    headers = headers_for(request, columns, sort=sort, numeric=numeric)
    others = _params(request, "page")
    return Listing(
        page=page,
        headers=headers,
        sort=sort,
        search=search,
        query=urlencode(others),
        params=others,
    )
