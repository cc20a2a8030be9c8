"""The issue's "done when": book, confirm, accept, log with a follow-up, see it on the page."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consulting.models import ConsultationRequest
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.consulting.factories import SlotFactory

pytestmark = pytest.mark.django_db


def test_booking_to_logged_session(world):
    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    sme = client_for(world.sme_a)
    response = sme.post(
        reverse("consulting:book"),
        {
            "topics": [world.sensors.pk],
            "description": "Zustandsüberwachung der Fräsen",
            "preferred_partner": "",
            "slot": slot.pk,
            "proposed_times": "",
            "submission": str(uuid.uuid4()),  # the form's one-time token
        },
    )
    detail_url = response["Location"]
    assert "received" in [m for m in mail.outbox if m.to == [world.sme_a.email]][-1].subject
    assert "New consultation request" in mail.outbox[-1].subject  # the consultant hears of it
    assert mail.outbox[-1].to == [world.consultant_a.email]
    assert sme.get(detail_url).status_code == 200
    with unscoped("test"):
        booked = ConsultationRequest.objects.get()

    consultant = client_for(world.consultant_a)
    inbox = consultant.get(reverse("consulting:request_list")).content.decode()
    assert world.company_a.name in inbox
    consultant.post(
        reverse("consulting:request_assign", args=[booked.pk]),
        {"consultant": world.consultant_a.pk},
    )
    assert "accepted" in mail.outbox[-1].subject

    form_url = reverse("consulting:session_create") + f"?request={booked.pk}"
    initial = consultant.get(form_url).context["form"].initial
    consultant.post(
        form_url,
        {
            "company": initial["company"].pk,
            "date": initial["date"].isoformat(),
            "duration_minutes": initial["duration_minutes"],
            "format": "remote",
            "stage": initial["stage"],
            "topics": [t.pk for t in initial["topics"]],
            "summary": "Schwingungssensor an Fräse 3 vorgeschlagen",
            "follow_up_title": "Sensorangebot einholen",
            "follow_up_owner": world.consultant_a.pk,
            "follow_up_due": (timezone.localdate()).isoformat(),
        },
    )
    page = consultant.get(world.company_a.get_absolute_url()).content.decode()
    assert "Consultation request (completed)" in page
    assert "Advisory session" in page
    assert "Follow-up: Sensorangebot einholen" in page
    assert_access(world.company_a.get_absolute_url(), denied=[world.consultant_b, world.sme_b])
