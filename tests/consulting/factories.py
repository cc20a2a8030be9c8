"""Consulting factories: slots, requests and sessions of one consistent tenant."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from consulting.models import (
    AdvisorySession,
    AvailabilitySlot,
    ConsultationRequest,
    FollowUp,
    MeetingFormat,
    Stage,
)
from tests.factories import CompanyFactory, UnscopedFactory, UserFactory


class SlotFactory(UnscopedFactory):
    class Meta:
        model = AvailabilitySlot

    consultant = factory.SubFactory(UserFactory)
    partner = factory.SubFactory("tests.factories.PartnerFactory")
    # Two hours apart, so that a consultant's slots never overlap (the exclusion constraint).
    starts_at = factory.Sequence(lambda n: timezone.now() + timedelta(days=3, hours=2 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    mode = MeetingFormat.REMOTE


class RequestFactory(UnscopedFactory):
    class Meta:
        model = ConsultationRequest

    company = factory.SubFactory(CompanyFactory)
    partner = factory.LazyAttribute(lambda o: o.company.lead_partner)
    description = "Wir möchten unsere Maschinendaten erfassen."
    proposed_times = "Dienstags vormittags"


class SessionFactory(UnscopedFactory):
    class Meta:
        model = AdvisorySession

    company = factory.SubFactory(CompanyFactory)
    partner = factory.LazyAttribute(lambda o: o.company.lead_partner)
    date = factory.LazyFunction(timezone.localdate)
    duration_minutes = 60
    format = MeetingFormat.ON_SITE
    stage = Stage.FIRST_CONTACT
    summary = "Vertrauliche Notiz: Liquiditätsengpass im Frühjahr."
    outcomes = "Angebot für Sensorik-Workshop."


class FollowUpFactory(UnscopedFactory):
    class Meta:
        model = FollowUp

    session = factory.SubFactory(SessionFactory)
    title = "Angebot schicken"
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
