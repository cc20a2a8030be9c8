"""Good-practice and network figures for /reports/ (the hook contract: portal/figures.py).

Runs inside the caller's scope (a partner's, or `consortium_scope()`). A case counts for the
partner that wrote it, when it was first published in the window (a case withdrawn later still
counts: it was out); its views count on the day they happened. A referral counts for the partner
whose consultant made it, when it was made (the company it refers was reached by the session
that led to it, so referrals add no SMEs reached). Four queries, whatever the amount of data.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.figures import ByPartner, Figures, Table, Window, grouped
from practice.models import Case, CaseViewDay, Referral
from practice.wording import district_name

ORDER = 60


def _cases(window: Window) -> Any:
    since, until = window.bounds
    cases = Case.objects.filter(published_at__gte=since, published_at__lt=until)
    if window.partner_id is not None:
        cases = cases.filter(partner_id=window.partner_id)
    return cases


def _views(window: Window) -> Any:
    views = CaseViewDay.objects.filter(day__gte=window.start, day__lte=window.end)
    if window.partner_id is not None:
        views = views.filter(case__partner_id=window.partner_id)
    return views


def _referrals(window: Window) -> Any:
    since, until = window.bounds
    referrals = Referral.objects.filter(created_at__gte=since, created_at__lt=until)
    if window.partner_id is not None:
        referrals = referrals.filter(partner_id=window.partner_id)
    return referrals


def practice_figures(window: Window) -> dict[str, Any]:
    """Cases published (by month, district and topic), their views, referrals by network
    partner, and the companies referred."""
    published = list(_cases(window).values_list("district", "published_at").order_by())
    english = (get_language() or "de").startswith("en")
    topic_name = "topic__name_en" if english else "topic__name_de"
    by_topic = (
        Case.topics.through.objects.filter(case__in=_cases(window).values("pk"))
        .values(topic_name)
        .annotate(n=Count("pk"))
        .order_by("-n", topic_name)
    )
    views = _views(window).aggregate(n=Sum("views"))["n"] or 0
    referrals = _referrals(window)
    by_network = referrals.values("network_partner__name").annotate(n=Count("pk")).order_by("-n")
    months = Counter(when.strftime("%Y-%m") for _district, when in published)
    districts = Counter(district for district, _when in published)
    return {
        "cases_published": len(published),
        "case_views": views,
        "referrals": sum(row["n"] for row in by_network),
        "monthly_cases": dict(months),
        "by_district": {district_name(k): n for k, n in districts.most_common()},
        "by_topic": {row[topic_name]: row["n"] for row in by_topic},
        "by_network_partner": {row["network_partner__name"]: row["n"] for row in by_network},
    }


def figures(window: Window) -> Figures:
    found = practice_figures(window)
    return Figures(
        summary=[
            [_("Good-practice cases published"), found["cases_published"]],
            [_("Views of good-practice cases"), found["case_views"]],
            [_("Referrals to network partners"), found["referrals"]],
        ],
        trend={_("Cases published"): found["monthly_cases"]},
        tables=[
            Table(
                slug="cases-by-topic",
                title=_("Good-practice cases by topic"),
                columns=[_("Topic"), _("Cases")],
                rows=[[k, n] for k, n in found["by_topic"].items()],
                chart_column=1,
            ),
            Table(
                slug="cases-by-district",
                title=_("Good-practice cases by district"),
                columns=[_("District"), _("Cases")],
                rows=[[k, n] for k, n in found["by_district"].items()],
                chart_column=1,
            ),
            Table(
                slug="referrals-by-network-partner",
                title=_("Referrals by network partner"),
                columns=[_("Network partner"), _("Referrals")],
                rows=[[k, n] for k, n in found["by_network_partner"].items()],
                chart_column=1,
            ),
        ],
        data={"practice": found},
    )


def by_partner(window: Window) -> ByPartner:
    """Cases published, their views and referrals per partner, in three grouped queries."""
    cases = grouped(_cases(window), "partner_id", n=Count("pk"))
    views = grouped(_views(window), "case__partner_id", n=Sum("views"))
    referrals = grouped(_referrals(window), "partner_id", n=Count("pk"))
    keys = cases.keys() | views.keys() | referrals.keys()
    return ByPartner(
        columns=[_("Cases published"), _("Case views"), _("Referrals")],
        rows={
            pk: [
                cases.get(pk, {}).get("n", 0),
                views.get(pk, {}).get("n") or 0,
                referrals.get(pk, {}).get("n", 0),
            ]
            for pk in keys
        },
        empty=[0, 0, 0],
    )
