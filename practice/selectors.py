"""Reads of practice, always as one viewer may see them (design §3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from consulting.models import AdvisorySession, Company
from portal.access import one_or_404
from portal.models import PartnerInstitution, Topic
from portal.owners import staff_partner_ids
from practice.models import Case, CaseApproval, CaseStatus, NetworkPartner, Referral

if TYPE_CHECKING:
    from portal.access import Viewer
    from portal.models import User

PAGE_SIZE = 12


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    topic: int | None = None
    sector: str = ""
    size_class: str = ""
    district: str = ""
    technology: str = ""

    @property
    def active(self) -> bool:
        return any(
            (self.q, self.topic, self.sector, self.size_class, self.district, self.technology)
        )


def _published(viewer: Viewer) -> QuerySet[Case]:
    return Case.objects.visible_to(viewer).filter(status=CaseStatus.PUBLISHED)


def search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Full text: PostgreSQL's German configuration (stems: "Rüstzeiten" finds "Rüstzeit");
    on SQLite every word must occur somewhere in the text (case-insensitive)."""
    text = text.strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(
            "title", "summary", "starting_point", "approach", "result", "lessons", config="german"
        )
        query = SearchQuery(text, config="german", search_type="websearch")
        return queryset.annotate(search=vector).filter(search=query)
    for word in text.split():
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(starting_point__icontains=word)
            | Q(approach__icontains=word)
            | Q(result__icontains=word)
            | Q(lessons__icontains=word)
        )
    return queryset


def _filtered(viewer: Viewer, filters: LibraryFilters) -> QuerySet[Case]:
    cases = _published(viewer)
    if filters.topic:
        cases = cases.filter(
            pk__in=Case.topics.through.objects.filter(topic_id=filters.topic).values("case_id")
        )
    if filters.sector:
        cases = cases.filter(sector_section=filters.sector)
    if filters.size_class:
        cases = cases.filter(size_class=filters.size_class)
    if filters.district:
        cases = cases.filter(district=filters.district)
    if filters.technology:
        cases = cases.filter(technologies__contains=f",{filters.technology},")
    return search(cases, filters.q)


def library_page(*, viewer: Viewer, filters: LibraryFilters, page: Any) -> Page:
    """One page of published cases matching the filters, newest first (3 queries)."""
    cases = (
        _filtered(viewer, filters)
        .select_related("partner", "company")
        .prefetch_related("topics")
        .order_by("-published_at", "-pk")
    )
    return Paginator(cases, PAGE_SIZE).get_page(page)


def cases_by_district(*, viewer: Viewer, filters: LibraryFilters | None = None) -> dict[str, int]:
    """{district key: published cases} for the map, with the library's filters except the
    district (the map is how one picks a district), in one grouped query."""
    if filters is not None:
        filters = LibraryFilters(**{**filters.__dict__, "district": ""})
        cases = _filtered(viewer, filters)
    else:
        cases = _published(viewer)
    rows = cases.values("district").annotate(n=Count("pk")).order_by()
    return {row["district"]: row["n"] for row in rows}


# What the company's own users see of a case about them: from the moment it is put to them;
# drafts and reviews are the partner's internal work.
COMPANY_STATES = (
    CaseStatus.AWAITING_COMPANY,
    CaseStatus.APPROVED,
    CaseStatus.PUBLISHED,
    CaseStatus.WITHDRAWN,
)


def _shown_to(viewer: Viewer) -> QuerySet[Case]:
    """visible_to, minus the partner's internal states for anyone but the partner's staff."""
    partners = staff_partner_ids(viewer) if viewer.is_authenticated else []
    return Case.objects.visible_to(viewer).filter(
        Q(status__in=COMPANY_STATES) | Q(partner_id__in=partners)
    )


def case_for_viewer(*, viewer: Viewer, slug: str) -> Case:
    """A case page: published cases for everyone; the others only for the partner's staff and
    (once put to it) the company's users, else 404."""
    cases = _shown_to(viewer).select_related("partner", "company")
    return one_or_404(cases.prefetch_related("topics", "partners_involved"), slug=slug)


def similar_cases(*, viewer: Viewer, case: Case, limit: int = 3) -> list[Case]:
    """Published cases sharing a topic, same sector and size class first (2 queries)."""
    topic_ids = [t.pk for t in case.topics.all()]
    shared = Case.topics.through.objects.filter(topic_id__in=topic_ids).values("case_id")
    found = (
        _published(viewer)
        .exclude(pk=case.pk)
        .filter(pk__in=shared)
        .select_related("company")
        .order_by("-published_at")[:30]
    )

    def rank(other: Case) -> tuple[int, int]:
        return (
            -(other.sector_section == case.sector_section) - (other.size_class == case.size_class),
            -int(other.published_at.timestamp() if other.published_at else 0),
        )

    return sorted(found, key=rank)[:limit]


def recommended_cases(
    *, viewer: Viewer, topic_ids: list[int], sector: str = "", size_class: str = "", limit: int = 3
) -> list[Case]:
    """For an assessment's weak dimensions: published cases on the topics, the company's sector
    and size class first."""
    if not topic_ids:
        return []
    shared = Case.topics.through.objects.filter(topic_id__in=topic_ids).values("case_id")
    found = list(_published(viewer).filter(pk__in=shared).select_related("company")[:30])
    found.sort(key=lambda c: -(c.sector_section == sector) - (c.size_class == size_class))
    return found[:limit]


def cases_for_topics(*, viewer: Viewer, topic_ids: list[int], limit: int = 3) -> list[Case]:
    """Published cases on any of the topics, newest first (workshop pages)."""
    return recommended_cases(viewer=viewer, topic_ids=topic_ids, limit=limit)


def latest_cases(*, viewer: Viewer, limit: int = 20) -> list[Case]:
    return list(_published(viewer).select_related("company").order_by("-published_at")[:limit])


def topic_choices() -> list[tuple[int, str]]:
    return [(t.pk, t.name) for t in Topic.objects.filter(is_active=True)]


# --- staff --------------------------------------------------------------------------------------


def partner_cases(*, viewer: User, partner: PartnerInstitution) -> dict[str, list[Case]]:
    """The partner's cases by status, for its staff (one query)."""
    out: dict[str, list[Case]] = {status: [] for status in CaseStatus.values}
    cases = (
        Case.objects.visible_to(viewer)
        .filter(partner=partner)
        .select_related("company")
        .order_by("-updated_at")
    )
    for case in cases:
        out[case.status].append(case)
    return out


def case_candidates(*, viewer: User, partner: PartnerInstitution, limit: int = 20) -> list[Any]:
    """Sessions of the partner that the company agreed may be cited and that no case was
    written from yet: where new cases come from. A lab trial marked "may be cited" is among
    them: its outcome is logged as a session of format "lab trial" carrying the consent."""
    used = Case.objects.filter(source_session=OuterRef("pk"))
    return list(
        AdvisorySession.objects.visible_to(viewer)
        .filter(partner=partner, good_practice_consent=True)
        .exclude(Exists(used))
        .select_related("company")
        .order_by("-date")[:limit]
    )


def candidate_session(*, viewer: User, partner: PartnerInstitution, pk: Any) -> AdvisorySession:
    sessions = AdvisorySession.objects.visible_to(viewer).filter(
        partner=partner, good_practice_consent=True
    )
    return one_or_404(sessions.select_related("company").prefetch_related("topics"), pk=pk)


def managed_case(*, viewer: User, partner: PartnerInstitution, pk: Any) -> Case:
    """One of the active partner's cases, for its staff; 404 otherwise."""
    cases = Case.objects.visible_to(viewer).filter(partner=partner)
    return one_or_404(cases.select_related("company", "partner").prefetch_related("topics"), pk=pk)


def approvals_of(case: Case) -> list[CaseApproval]:
    return list(CaseApproval.objects.filter(case=case).select_related("approver"))


def company_cases(*, viewer: User) -> list[Case]:
    """The cases about the SME user's own company that are waiting for it or online."""
    states = (CaseStatus.AWAITING_COMPANY, CaseStatus.APPROVED, CaseStatus.PUBLISHED)
    from consulting.models import CompanyMember

    own = CompanyMember.objects.filter(user=viewer).values("company")
    return list(
        Case.objects.visible_to(viewer)
        .filter(company__in=own, status__in=states)
        .select_related("partner")
        .order_by("-updated_at")
    )


def company_case(*, viewer: User, pk: Any) -> Case:
    """A case about the SME user's company (approval from the account)."""
    from consulting.models import CompanyMember

    own = CompanyMember.objects.filter(user=viewer).values("company")
    cases = Case.objects.visible_to(viewer).filter(company__in=own, status__in=COMPANY_STATES)
    return one_or_404(cases.select_related("partner", "company"), pk=pk)


# --- network and referrals ---------------------------------------------------------------------


def network_partners(*, topic: int | None = None, district: str = "") -> list[NetworkPartner]:
    partners = NetworkPartner.objects.filter(is_active=True).prefetch_related("topics")
    if topic:
        partners = partners.filter(topics=topic)
    if district:
        partners = partners.filter(Q(districts="") | Q(districts__contains=f",{district},"))
    return list(partners.distinct())


def network_partner(*, slug: str, include_inactive: bool = False) -> NetworkPartner:
    partners = NetworkPartner.objects.all()
    if not include_inactive:
        partners = partners.filter(is_active=True)
    return one_or_404(partners.prefetch_related("topics"), slug=slug)


def partner_referrals(*, viewer: User, partner: PartnerInstitution) -> list[Referral]:
    return list(
        Referral.objects.visible_to(viewer)
        .filter(partner=partner)
        .select_related("company", "network_partner", "created_by")
        .order_by("closed_at", "follow_up_on")
    )


def referral_for(*, viewer: User, partner: PartnerInstitution, pk: Any) -> Referral:
    referrals = Referral.objects.visible_to(viewer).filter(partner=partner)
    return one_or_404(referrals.select_related("company", "network_partner"), pk=pk)


def company_referrals(*, viewer: User, company: Company) -> list[Referral]:
    return list(
        Referral.objects.visible_to(viewer)
        .filter(company=company)
        .select_related("network_partner", "partner")
    )


def referable_companies(*, viewer: User, partner: PartnerInstitution) -> QuerySet[Company]:
    from consulting.models import CompanyShare

    shared = CompanyShare.objects.filter(partner=partner, revoked_at__isnull=True).values("company")
    return (
        Company.objects.visible_to(viewer)
        .filter(Q(lead_partner=partner) | Q(pk__in=shared))
        .order_by("name")
    )
