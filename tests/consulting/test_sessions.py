"""Advisory-session log, follow-ups and the dashboard panels."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consulting import services
from consulting.models import AdvisorySession, ConsultationRequest, RequestStatus, Stage
from portal.errors import BusinessRuleError
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.consulting.factories import FollowUpFactory, SessionFactory, SlotFactory

pytestmark = pytest.mark.django_db


def _booked(world):
    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    return services.book_consultation(
        actor=world.sme_a, topics=[world.sensors, world.erp], description="x", slot=slot
    )


def test_session_form_defaults_from_request_and_history(world):
    request = _booked(world)
    SessionFactory(company=world.company_a, stage=Stage.FIRST_CONTACT)
    response = client_for(world.consultant_a).get(
        reverse("consulting:session_create") + f"?request={request.pk}"
    )
    initial = response.context["form"].initial
    assert initial["date"] == timezone.localdate()
    assert initial["duration_minutes"] == 60
    assert initial["stage"] == Stage.IN_DEPTH
    assert set(initial["topics"]) == {world.sensors, world.erp}
    assert initial["company"] == world.company_a


def test_next_stage_without_history_is_first_contact(world):
    assert services.next_stage(world.company_a) == Stage.FIRST_CONTACT


def test_log_session_with_follow_up_completes_request(world):
    request = _booked(world)
    client = client_for(world.consultant_a)
    due = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("consulting:session_create") + f"?request={request.pk}",
        {
            "company": world.company_a.pk,
            "date": timezone.localdate().isoformat(),
            "duration_minutes": 90,
            "format": "on_site",
            "stage": "first_contact",
            "topics": [world.sensors.pk],
            "summary": "Rundgang durch die Fertigung",
            "outcomes": "Sensorik-Pilot",
            "good_practice_consent": "on",
            "follow_up_title": "Angebot Pilot",
            "follow_up_owner": world.consultant_a.pk,
            "follow_up_due": due.isoformat(),
        },
    )
    assert response.status_code == 302
    with unscoped("test"):
        session = AdvisorySession.objects.get()
        assert session.follow_ups.get().due_date == due
        assert ConsultationRequest.objects.get().status == RequestStatus.COMPLETED
    assert session.good_practice_consent
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Angebot Pilot" in dashboard


def test_follow_up_without_due_date_saves_nothing(world):
    response = client_for(world.consultant_a).post(
        reverse("consulting:session_create"),
        {
            "company": world.company_a.pk,
            "date": timezone.localdate().isoformat(),
            "duration_minutes": 60,
            "format": "remote",
            "stage": "first_contact",
            "topics": [world.sensors.pk],
            "summary": "x",
            "follow_up_title": "Anrufen",
        },
    )
    assert response.status_code == 200
    with unscoped("test"):
        assert not AdvisorySession.objects.exists()


def test_cannot_log_for_company_of_other_partner(world):
    response = client_for(world.consultant_a).post(
        reverse("consulting:session_create"),
        {
            "company": world.company_b.pk,
            "date": timezone.localdate().isoformat(),
            "duration_minutes": 60,
            "format": "remote",
            "stage": "first_contact",
            "topics": [world.sensors.pk],
            "summary": "x",
        },
    )
    assert response.status_code == 200
    assert "company" in response.context["form"].errors


def test_future_session_is_refused(world):
    with pytest.raises(BusinessRuleError):
        services.log_session(
            actor=world.consultant_a,
            partner=world.partner_a,
            company=world.company_a,
            date=timezone.localdate() + timedelta(days=1),
            duration_minutes=60,
            format="remote",
            stage="first_contact",
            topics=[world.sensors],
            summary="x",
        )


def test_session_detail_isolation_and_consortium_sees_no_summary(world):
    session = SessionFactory(company=world.company_a)
    assert_access(
        session.get_absolute_url(),
        allowed=[world.consultant_a],
        denied=[world.consultant_b, world.sme_a, world.sme_b, world.consortium],
        anonymous=302,
    )
    with unscoped("test"):
        assert not AdvisorySession.objects.visible_to(world.consortium).exists()


def test_session_create_isolation(world):
    request = _booked(world)
    url = reverse("consulting:session_create") + f"?request={request.pk}"
    assert_access(
        url,
        allowed=[world.consultant_a],
        denied=[world.consultant_b, world.sme_a, world.sme_b, world.consortium],
    )


def test_follow_up_done(world):
    follow_up = FollowUpFactory(
        session=SessionFactory(company=world.company_a), owner=world.consultant_a
    )
    url = reverse("consulting:follow_up_done", args=[follow_up.pk])
    assert client_for(world.consultant_b).post(url).status_code == 404
    client_for(world.consultant_a).post(url, {"next": "https://evil.example/"})
    with unscoped("test"):
        follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_hours_panel_for_partner_admins(world):
    session = SessionFactory(company=world.company_a, duration_minutes=90)
    session.consultants.set([world.consultant_a])
    session.topics.set([world.sensors])
    body = client_for(world.admin_a).get(reverse("dashboard")).content.decode()
    assert "Advisory hours" in body
    assert "1.5" in body or "1,5" in body
    consultant_body = client_for(world.consultant_a).get(reverse("dashboard")).content.decode()
    assert "Advisory hours" not in consultant_body
    assert "My next appointments" in consultant_body


def test_follow_up_owner_outside_the_partner_is_refused(world):
    with pytest.raises(BusinessRuleError, match="follow-up's owner"):
        services.log_session(
            actor=world.consultant_a,
            partner=world.partner_a,
            company=world.company_a,
            date=timezone.localdate(),
            duration_minutes=60,
            format="remote",
            stage="first_contact",
            topics=[world.sensors],
            summary="x",
            follow_ups=[
                services.FollowUpData(
                    title="Anrufen", owner=world.consultant_b, due_date=timezone.localdate()
                )
            ],
        )
    with unscoped("test"):
        assert not AdvisorySession.objects.exists()


def test_sme_panel_lists_only_open_requests(world):
    open_request = _booked(world)
    cancelled = _booked(world)
    services.cancel_request(actor=world.sme_a, request=cancelled)
    panel = client_for(world.sme_a).get(reverse("dashboard")).content.decode()
    assert open_request.get_absolute_url() in panel
    assert cancelled.get_absolute_url() not in panel
