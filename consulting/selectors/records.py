"""Reads of company records: the filtered list, one company, contacts, shares, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.models import (
    AdvisorySession,
    Company,
    CompanyShare,
    ConsultationRequest,
    Contact,
    FollowUp,
)
from consulting.permissions import is_member_of_company, partner_ids_of
from consulting.size_class import THRESHOLDS, SizeClass
from portal.access import get_visible_or_404
from portal.models import PartnerInstitution, User
from portal.panels import TimelineEntry
from portal.tenancy import subquery, unscoped


def size_class_expression() -> Case:
    """The derived EU size class as SQL, the same rule as consulting.size_class.size_class."""
    whens = []
    for cls, headcount_below, turnover_max, balance_max in THRESHOLDS:
        fits_money = (
            Q(annual_turnover__isnull=True, balance_sheet_total__isnull=True)
            | Q(annual_turnover__lte=turnover_max)
            | Q(balance_sheet_total__lte=balance_max)
        )
        whens.append(When(Q(employees__lt=headcount_below) & fits_money, then=Value(cls.value)))
    return Case(*whens, default=Value(SizeClass.NOT_SME.value), output_field=CharField())


LAST_CONTACT_CHOICES = [
    ("90", _("within the last 90 days")),
    ("365", _("within the last year")),
    ("older", _("more than a year ago")),
    ("never", _("never")),
]
SORTS = {
    "name": "name",
    "-name": "-name",
    "city": "city",
    "-city": "-city",
    "employees": "employees",
    "-employees": "-employees",
    "last_contact": F("last_contact").asc(nulls_first=True),
    "-last_contact": F("last_contact").desc(nulls_last=True),
}


@dataclass(frozen=True)
class CompanyFilters:
    q: str = ""
    district: str = ""
    sector: str = ""
    size_class: str = ""
    topic: str = ""
    partner: int | None = None
    last_contact: str = ""
    sort: str = "name"


def companies_for(*, viewer: User, filters: CompanyFilters | None = None) -> QuerySet:
    """The company list: what the viewer may see, filtered, with size class and last contact."""
    filters = filters or CompanyFilters()
    last_session = (
        subquery(AdvisorySession)
        .filter(company_id=OuterRef("pk"))
        .order_by("-date")
        .values("date")[:1]
    )
    last_request = (
        subquery(ConsultationRequest)
        .filter(company_id=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at__date")[:1]
    )
    qs = (
        Company.objects.visible_to(viewer)
        .select_related("lead_partner")
        .annotate(
            size_class_db=size_class_expression(),
            last_session=Subquery(last_session, output_field=DateField()),
            last_request=Subquery(last_request, output_field=DateField()),
        )
        .annotate(
            # Greatest is NULL on SQLite when one side is NULL: coalesce both ways first.
            last_contact=Greatest(
                Coalesce("last_session", "last_request"),
                Coalesce("last_request", "last_session"),
                output_field=DateField(),
            )
        )
    )
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(city__icontains=filters.q))
    if filters.district:
        qs = qs.filter(district=filters.district)
    if filters.sector:
        qs = qs.filter(sector_section=filters.sector)
    if filters.size_class:
        qs = qs.filter(size_class_db=filters.size_class)
    if filters.partner:
        shared = subquery(CompanyShare).filter(partner_id=filters.partner, revoked_at__isnull=True)
        qs = qs.filter(Q(lead_partner_id=filters.partner) | Q(pk__in=shared.values("company_id")))
    if filters.topic:
        with_topic_r = subquery(ConsultationRequest).filter(topics__slug=filters.topic)
        with_topic_s = subquery(AdvisorySession).filter(topics__slug=filters.topic)
        qs = qs.filter(
            Q(pk__in=with_topic_r.values("company_id"))
            | Q(pk__in=with_topic_s.values("company_id"))
        )
    if filters.last_contact:
        today = timezone.localdate()
        if filters.last_contact == "never":
            qs = qs.filter(last_contact__isnull=True)
        elif filters.last_contact == "older":
            qs = qs.filter(last_contact__lt=today - timedelta(days=365))
        elif filters.last_contact in {"90", "365"}:
            days = int(filters.last_contact)
            qs = qs.filter(last_contact__gte=today - timedelta(days=days))
    return qs.order_by(SORTS.get(filters.sort, "name"), "pk")


def company_for(*, viewer: User, pk: int | str) -> Company:
    """One company the viewer may see, else 404."""
    return get_visible_or_404(Company, viewer, pk=pk)


def contacts_of(*, viewer: User, company: Company) -> list[Contact]:
    return list(Contact.objects.visible_to(viewer).filter(company=company))


def live_shares_of(*, viewer: User, company: Company) -> list[CompanyShare]:
    return list(
        CompanyShare.objects.visible_to(viewer)
        .filter(company=company, revoked_at__isnull=True)
        .select_related("partner", "granted_by")
    )


def share_partner_choices(*, company: Company) -> QuerySet:
    """Partners the company could be shared with: active, not the lead, no live share yet."""
    shared = subquery(CompanyShare).filter(company_id=company.pk, revoked_at__isnull=True)
    return (
        PartnerInstitution.objects.active()
        .exclude(pk=company.lead_partner_id)
        .exclude(pk__in=shared.values("partner_id"))
    )


def company_timeline(*, viewer: User, company: Company) -> list[TimelineEntry]:
    """This app's entries of the company page's timeline: requests, sessions, follow-ups."""
    entries: list[TimelineEntry] = []
    requests = (
        ConsultationRequest.objects.visible_to(viewer)
        .filter(company=company)
        .select_related("partner")
        .prefetch_related("topics")
    )
    for request in requests:
        topics = ", ".join(t.name for t in request.topics.all())
        entries.append(
            TimelineEntry(
                when=request.created_at,
                kind="request",
                title=_("Consultation request (%(status)s)")
                % {"status": request.get_status_display()},
                url=request.get_absolute_url(),
                detail=topics,
            )
        )
    sessions = (
        AdvisorySession.objects.visible_to(viewer)
        .filter(company=company)
        .select_related("partner")
        .prefetch_related("topics", "follow_ups")
    )
    own_partner_ids = partner_ids_of(viewer)
    is_staff = bool(own_partner_ids)
    # The company's own users see what the consultant shared with them: the outcome (when
    # marked shared) and the follow-ups agreed with them; never the summary (issue #13).
    is_client = not is_staff and is_member_of_company(viewer, company)
    for session in sessions:
        when = timezone.make_aware(datetime.combine(session.date, time(12)))
        detail = ", ".join(t.name for t in session.topics.all())
        if is_client and session.outcomes_shared and session.outcomes:
            detail = _("%(topics)s. Outcome: %(outcome)s") % {
                "topics": detail,
                "outcome": session.outcomes,
            }
        entries.append(
            TimelineEntry(
                when=when,
                kind="session",
                title=_("Advisory session: %(stage)s (%(partner)s)")
                % {"stage": session.get_stage_display(), "partner": session.partner.short_name},
                url=session.get_absolute_url() if is_staff else "",
                detail=detail,
            )
        )
        if session.partner_id in own_partner_ids:
            for follow_up in session.follow_ups.all():
                entries.append(
                    TimelineEntry(
                        when=timezone.make_aware(datetime.combine(follow_up.due_date, time(9))),
                        kind="follow-up",
                        title=_("Follow-up: %(title)s") % {"title": follow_up.title},
                        detail=_("done") if follow_up.done_at else _("open"),
                    )
                )
    if is_client:
        with unscoped("the company reads the follow-ups its consultant agreed with it"):
            agreed = list(
                FollowUp.objects.filter(
                    session__in=[s.pk for s in sessions],
                    session__company_id=company.pk,
                    shared=True,
                )
            )
        for follow_up in agreed:
            entries.append(
                TimelineEntry(
                    when=timezone.make_aware(datetime.combine(follow_up.due_date, time(9))),
                    kind="follow-up",
                    title=_("Agreed next step: %(title)s") % {"title": follow_up.title},
                    detail=_("done") if follow_up.done_at else _("open"),
                )
            )
    return entries


def company_choices(*, viewer: User) -> QuerySet:
    """Companies for a choice field (e.g. the session log), plain and ordered by name."""
    return Company.objects.visible_to(viewer).order_by("name")


TIMELINE_KIND_LABELS = {
    "request": _("consultation request"),
    "session": _("advisory session"),
    "follow-up": _("follow-up"),
    "workshop": _("workshop"),
    "assessment": _("assessment"),
}


def timeline_with_labels(entries: list[TimelineEntry]) -> list[tuple[TimelineEntry, str]]:
    """Each entry with a translated name of its kind (other apps' kinds fall back to theirs)."""
    return [(entry, str(TIMELINE_KIND_LABELS.get(entry.kind, entry.kind))) for entry in entries]
