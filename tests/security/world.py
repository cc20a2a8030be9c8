"""A seeded two-partner world for the security tests, built with the apps' own factories.

Partner A and partner B each have an admin, a consultant, a client company with an SME user and a
contact, a free slot, a request, a logged session with a follow-up, a published, a draft and a
past workshop (with an attended registration), a calendar feed, a completed assessment with a
report, and open invitations. Every private text of a tenant carries a marker (`MARKERS`), so a
page that shows another tenant's data is found by searching the answer for those markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from assessments.models import Report
from consulting.models import CompanyInvitation
from events.models import CalendarFeed, Event, Registration
from events.services.registration import register_for_event
from labs.models import Blackout, GuideFeed
from portal import tenancy
from portal.models import Membership, PartnerInstitution, StaffInvitation, User
from tests.assessments.factories import completed
from tests.consulting.factories import FollowUpFactory, RequestFactory, SessionFactory, SlotFactory
from tests.events.factories import EventFactory
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    CompanyShareFactory,
    ContactFactory,
    MembershipFactory,
    PartnerFactory,
    TopicFactory,
    UserFactory,
    give_second_factor,
)
from tests.labs.factories import LabFactory, TrialFactory

# What makes a tenant's private data recognisable in any answer (matched case-insensitively).
# "draft" and "followup" are internal to the partner: even the tenant's own SME user must not
# see them.
KINDS = ("company", "contact", "person", "request", "session", "followup", "draft", "trial", "lab")
INTERNAL_KINDS = ("followup", "draft", "lab")


def marker(tenant: str, kind: str) -> str:
    return f"Zq{tenant}{kind}mark"


@dataclass(repr=False)  # a repr would read scoped rows
class Tenant:
    """One partner with its staff, its client company and that company's records."""

    key: str
    partner: PartnerInstitution
    admin: User
    consultant: User
    sme: User
    rows: dict[str, Any] = field(default_factory=dict)

    def markers(self, kinds: tuple[str, ...] = KINDS) -> list[str]:
        return [marker(self.key, kind) for kind in kinds]


def build_tenant(key: str, topic: Any, third_partner: PartnerInstitution) -> Tenant:
    partner = PartnerFactory(slug=f"partner-{key.lower()}", short_name=f"P-{key}")
    partner.competences.set([topic])
    admin_membership = MembershipFactory(partner=partner, role=Membership.Role.PARTNER_ADMIN)
    consultant_membership = MembershipFactory(partner=partner)
    consultant = consultant_membership.user
    company = CompanyFactory(lead_partner=partner, name=f"{marker(key, 'company')} Fräserei GmbH")
    sme = CompanyMemberFactory(
        company=company,
        user=UserFactory(first_name="Jana", last_name=marker(key, "person")),
    ).user
    contact = ContactFactory(
        company=company,
        last_name=marker(key, "contact"),
        email=f"{marker(key, 'contact').lower()}@firma-{key.lower()}.example",
    )
    share = CompanyShareFactory(company=company, partner=third_partner, reason="joint project")
    slot = SlotFactory(partner=partner, consultant=consultant)
    request = RequestFactory(
        company=company,
        partner=partner,
        created_by=sme,
        description=f"{marker(key, 'request')}: sensors on our milling machines",
    )
    request.topics.add(topic)
    session = SessionFactory(
        company=company, partner=partner, summary=f"{marker(key, 'session')} liquidity is tight"
    )
    session.consultants.add(consultant)
    session.topics.add(topic)
    follow_up = FollowUpFactory(
        session=session, owner=consultant, title=f"{marker(key, 'followup')} send offer"
    )
    published = EventFactory(organizer=partner, title=f"Open workshop {key}", slug=f"open-{key}")
    draft = EventFactory(
        organizer=partner,
        title=f"{marker(key, 'draft')} planning",
        slug=f"draft-{key.lower()}",
        status=Event.Status.DRAFT,
    )
    past_start = timezone.now() - timedelta(days=5)
    past = EventFactory(
        organizer=partner,
        title=f"Past workshop {key}",
        slug=f"past-{key.lower()}",
        start=past_start,
        end=past_start + timedelta(hours=3),
        status=Event.Status.COMPLETED,
    )
    with tenancy.company_scope(company.pk):
        registration = register_for_event(event=published, user=sme)
    with tenancy.unscoped("security world: an attended past workshop"):
        attended = Registration.objects.create(
            event=past,
            user=sme,
            company=company,
            organisation=company.name,
            status=Registration.Status.ATTENDED,
            checked_in_at=past_start + timedelta(minutes=5),
        )
        feed = CalendarFeed.objects.create(user=sme)
        staff_invitation = StaffInvitation.objects.create(
            partner=partner,
            email=f"new.consultant@{key.lower()}.example",
            role=Membership.Role.CONSULTANT,
            invited_by=admin_membership.user,
        )
        company_invitation = CompanyInvitation.objects.create(
            company=company, email=f"colleague@firma-{key.lower()}.example", invited_by=sme
        )
    lab = LabFactory(
        partner=partner, slug=f"lab-{key.lower()}", guides=[consultant], topics=[topic]
    )
    hidden_lab = LabFactory(
        partner=partner,
        slug=f"hidden-lab-{key.lower()}",
        name=f"{marker(key, 'lab')} prototype cell",
        is_published=False,
    )
    trial = TrialFactory(
        lab=lab,
        company=company,
        requested_by=sme,
        description=f"{marker(key, 'trial')}: our secret gripper",
    )
    with tenancy.unscoped("security world: a blackout and a guide's feed"):
        blackout = Blackout.objects.create(
            lab=lab,
            starts_at=timezone.now() + timedelta(days=60),
            ends_at=timezone.now() + timedelta(days=61),
        )
        GuideFeed.objects.create(user=consultant)
    assessment, _result = completed(sme, level=2)
    with tenancy.unscoped("security world: a report row"):
        report = Report.objects.create(
            assessment=assessment,
            language="en",
            status=Report.Status.PENDING,
            requested_by=sme,
            requested_at=timezone.now(),
        )
    evaluation, evaluation_report, measure_template = _economics(key, company, sme, partner)
    practice_rows = _practice_rows(key, company)
    return Tenant(
        key=key,
        partner=partner,
        admin=admin_membership.user,
        consultant=consultant,
        sme=sme,
        rows={
            "company": company,
            "contact": contact,
            "share": share,
            "slot": slot,
            "request": request,
            "session": session,
            "follow_up": follow_up,
            "published": published,
            "draft": draft,
            "past": past,
            "registration": registration,
            "attended": attended,
            "feed": feed,
            "staff_invitation": staff_invitation,
            "company_invitation": company_invitation,
            "consultant_membership": consultant_membership,
            "assessment": assessment,
            "report": report,
            "evaluation": evaluation,
            "evaluation_report": evaluation_report,
            "measure_template": measure_template,
            "lab": lab,
            "hidden_lab": hidden_lab,
            "trial": trial,
            "blackout": blackout,
            **practice_rows,
        },
    )


def _economics(key: str, company: Any, sme: User, partner: PartnerInstitution) -> tuple:
    """An investment evaluation (its title carries the company marker), a pending PDF of it and
    an unpublished measure template of the partner."""
    from economics import services as economics_services
    from economics.models import EvaluationReport, MeasureTemplate
    from tests.economics.helpers import reference_data

    with tenancy.company_scope(company.pk):
        evaluation = economics_services.create_evaluation(
            actor=sme,
            company=company,
            title=f"{marker(key, 'company')} retrofit",
            data=reference_data(),
        )
    with tenancy.unscoped("security world: an evaluation PDF row and a template"):
        pdf = EvaluationReport.objects.create(
            version=evaluation.versions.get(),
            language="en",
            status=EvaluationReport.Status.PENDING,
            requested_by=sme,
            requested_at=timezone.now(),
        )
        template = MeasureTemplate.objects.create(
            partner=partner,
            title_de=f"Vorlage {key}",
            title_en=f"Template {key}",
            is_published=False,
        )
    return evaluation, pdf, template


def _practice_rows(key: str, company: Any) -> dict[str, Any]:
    """Good-practice cases in three states (the draft carries the partner-internal marker; the
    published one does not name the company) and a referral of the company."""
    from practice.models import CaseStatus
    from tests.practice.factories import CaseFactory, ReferralFactory, published

    return {
        "case_published": published(company=company, named=False, slug=f"case-{key.lower()}"),
        "case_draft": CaseFactory(company=company, title=f"{marker(key, 'draft')} case"),
        "case_awaiting": CaseFactory(company=company, status=CaseStatus.AWAITING_COMPANY),
        "referral": ReferralFactory(company=company),
    }


@dataclass(repr=False)
class World:
    a: Tenant
    b: Tenant
    consortium: User

    def actors(self) -> dict[str, tuple[User | None, list[str]]]:
        """Every role, with the markers it must never see (the other tenant's, and more)."""
        everything = self.a.markers() + self.b.markers()
        private = ("company", "contact", "person", "request", "session", "followup", "draft")
        return {
            "visitor": (None, everything),
            "sme_a": (self.a.sme, self.b.markers() + self.a.markers(INTERNAL_KINDS)),
            "sme_b": (self.b.sme, self.a.markers() + self.b.markers(INTERNAL_KINDS)),
            "consultant_a": (self.a.consultant, self.b.markers()),
            "consultant_b": (self.b.consultant, self.a.markers()),
            "admin_a": (self.a.admin, self.b.markers()),
            "admin_b": (self.b.admin, self.a.markers()),
            # The steering office sees figures, never a partner's client records or notes.
            "consortium": (self.consortium, self.a.markers(private) + self.b.markers(private)),
        }


def build_world() -> World:
    topic = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT", name_de="Sensorik & IoT")
    third = PartnerFactory(slug="partner-c", short_name="P-C")
    a = build_tenant("A", topic, third)
    b = build_tenant("B", topic, third)
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return World(a=a, b=b, consortium=consortium)


def signed_in(user: User | None) -> Client:
    """A browser signed in as `user`, or a visitor's for None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
