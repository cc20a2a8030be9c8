"""Report test data: two partners with sessions, requests, assessments and workshops, inside
and outside the period, built so that each partner's rows are easy to tell apart."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import factory
from django.utils import timezone

from assessments.models import Assessment
from consulting.models import ConsultationRequest, MeetingFormat, RequestStatus, Stage
from events.models import Event, Registration
from portal import tenancy
from tests.assessments.factories import completed
from tests.consulting.factories import RequestFactory, SessionFactory
from tests.events.factories import EventFactory
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    TopicFactory,
    UnscopedFactory,
    UserFactory,
)


class RegistrationFactory(UnscopedFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def backdate(model: Any, pk: int, **fields: Any) -> None:
    """Set auto_now_add fields the factories cannot (created_at) on one row."""
    with tenancy.unscoped("test data: backdate a row"):
        model.objects.filter(pk=pk).update(**fields)


def build_partner_data(partner: Any, *, day: date, outside: date, size: int = 1) -> dict:
    """`size` rounds of data for `partner`: in the period (around `day`) and outside it."""
    topic = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT", name_de="Sensorik")
    formula = TopicFactory(slug="formula", name_en="=HYPERLINK(1)", name_de="=HYPERLINK(1)")
    made: dict[str, list] = {"companies": []}
    for round_ in range(size):
        district = ["16070", "16053", "outside"][round_ % 3]
        micro = CompanyFactory(lead_partner=partner, employees=5, district=district)
        medium = CompanyFactory(
            lead_partner=partner,
            employees=120,
            district="16051",
            sector_section="M",
            sector_division="",
        )
        quiet = CompanyFactory(lead_partner=partner)  # nothing in the period
        made["companies"] += [micro, medium, quiet]
        backdate(type(quiet), quiet.pk, created_at=at(outside))
        for new in (micro, medium):
            backdate(type(new), new.pk, created_at=at(day))
        s1 = SessionFactory(company=micro, partner=partner, date=day, duration_minutes=90)
        s1.topics.set([topic, formula])
        SessionFactory(
            company=micro,
            partner=partner,
            date=day + timedelta(days=31),
            stage=Stage.IMPLEMENTATION,
            format=MeetingFormat.LAB,
            duration_minutes=120,
        ).topics.set([topic])
        SessionFactory(company=quiet, partner=partner, date=outside)
        # Requests: one that led to a session 4 days later, one still open, one old and open.
        done = RequestFactory(company=micro, partner=partner, status=RequestStatus.COMPLETED)
        backdate(ConsultationRequest, done.pk, created_at=at(day - timedelta(days=4)))
        linked = SessionFactory(company=micro, partner=partner, date=day, request=done)
        linked.topics.set([topic])
        open_ = RequestFactory(company=medium, partner=partner)
        backdate(ConsultationRequest, open_.pk, created_at=at(day))
        old = RequestFactory(company=quiet, partner=partner, status=RequestStatus.ASSIGNED)
        backdate(ConsultationRequest, old.pk, created_at=at(outside))
        # Assessments: the medium company completes one in the period, the quiet one before it.
        _, in_period = completed(CompanyMemberFactory(company=medium).user, level=3)
        backdate(Assessment, in_period.assessment_id, completed_at=at(day))
        _, before = completed(CompanyMemberFactory(company=quiet).user, level=1)
        backdate(Assessment, before.assessment_id, completed_at=at(outside))
        # A workshop held in the period, one outside, one cancelled in the period.
        held = EventFactory(
            organizer=partner, start=at(day), end=at(day, 13), capacity=3, topics=[topic]
        )
        EventFactory(organizer=partner, start=at(outside), end=at(outside, 13))
        EventFactory(
            organizer=partner, start=at(day), end=at(day, 13), status=Event.Status.CANCELLED
        )
        # attended means checked in (a constraint of the registration, issue #13)
        RegistrationFactory(
            event=held,
            company=medium,
            status=Registration.Status.ATTENDED,
            checked_in_at=at(day),
            feedback_rating=4,
        )
        RegistrationFactory(
            event=held,
            company=micro,
            status=Registration.Status.ATTENDED,
            checked_in_at=at(day),
            feedback_rating=5,
        )
        RegistrationFactory(event=held, status=Registration.Status.CONFIRMED)
        RegistrationFactory(event=held, status=Registration.Status.WAITLISTED)
        RegistrationFactory(event=held, status=Registration.Status.CANCELLED)
        RegistrationFactory(event=held, status=Registration.Status.CANCELLED, promoted_at=at(day))
    return made
