"""Requests inbox and routing: every step e-mails the SME; suggestions by competences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consulting import services
from consulting.errors import InvalidTransition
from consulting.models import ConsultationRequest, RequestStatus
from portal.errors import BusinessRuleError, PermissionRefused
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _unrouted(world, topics=None):
    return services.book_consultation(
        actor=world.sme_a,
        topics=topics or [world.security, world.erp],
        description="Sicherheit unserer Steuerung",
        proposed_times="Mittwochs",
    )


def _reload(request):
    with unscoped("test"):
        return ConsultationRequest.objects.get(pk=request.pk)


def test_inbox_isolation(world):
    assert_access(
        reverse("consulting:request_list"),
        allowed=[world.consultant_a, world.consortium, world.sme_a],
        anonymous=302,
    )


def test_suggestions_follow_competences(world):
    request = _unrouted(world)
    suggestions = services.suggest_partners(request)
    assert suggestions[0] == world.partner_b
    assert suggestions[0].matches == 2


def test_consortium_routes_unrouted_request(world):
    request = _unrouted(world)
    client = client_for(world.consortium)
    inbox = client.get(reverse("consulting:request_list"))
    assert list(inbox.context["items"]) == [request]
    detail = client.get(request.get_absolute_url())
    assert detail.context["suggestions"][0] == world.partner_b
    assert_access(request.get_absolute_url(), denied=[world.consultant_b, world.sme_b])
    client.post(
        reverse("consulting:request_route", args=[request.pk]), {"partner": world.partner_b.pk}
    )
    request = _reload(request)
    assert request.partner_id == world.partner_b.pk
    assert "passed to a partner" in mail.outbox[-1].subject
    assert_access(
        request.get_absolute_url(),
        allowed=[world.consultant_b],
        denied=[world.consortium, world.consultant_a],
    )
    # routing shared the company with the handling partner
    assert_access(world.company_a.get_absolute_url(), allowed=[world.consultant_b])
    with pytest.raises(InvalidTransition):
        services.route_request(actor=world.consortium, request=request, partner=world.partner_a)


def test_only_consortium_admins_route(world):
    request = _unrouted(world)
    with pytest.raises(PermissionRefused):
        services.route_request(actor=world.consultant_a, request=request, partner=world.partner_a)
    response = client_for(world.consultant_a).post(
        reverse("consulting:request_route", args=[request.pk]), {"partner": world.partner_a.pk}
    )
    assert response.status_code == 404


def test_accept_schedule_and_decline_mail_the_sme(world):
    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Freitag",
    )
    client = client_for(world.consultant_a)
    client.post(
        reverse("consulting:request_assign", args=[request.pk]),
        {"consultant": world.consultant_a.pk},
    )
    request = _reload(request)
    assert request.status == RequestStatus.ASSIGNED
    assert "accepted" in mail.outbox[-1].subject
    start = timezone.localtime() + timedelta(days=4)
    fmt = "%Y-%m-%dT%H:%M"
    client.post(
        reverse("consulting:request_schedule", args=[request.pk]),
        {
            "starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=1)).strftime(fmt),
            "mode": "lab",
        },
    )
    request = _reload(request)
    assert request.status == RequestStatus.SCHEDULED
    assert mail.outbox[-1].attachments
    # a scheduled request is moved or cancelled, no longer declined
    client.post(
        reverse("consulting:request_decline", args=[request.pk]),
        {"reason": "Kapazität erschöpft", "confirmed": "yes"},
    )
    assert _reload(request).status == RequestStatus.SCHEDULED
    other = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="y",
        preferred_partner=world.partner_a,
        proposed_times="Montag",
    )
    client.post(reverse("consulting:request_decline", args=[other.pk]), {"reason": ""})
    assert _reload(other).status == RequestStatus.SUBMITTED
    client.post(
        reverse("consulting:request_decline", args=[other.pk]),
        {"reason": "Kapazität erschöpft", "confirmed": "yes"},
    )
    other = _reload(other)
    assert other.status == RequestStatus.DECLINED
    assert "Kapazität erschöpft" in mail.outbox[-1].body


def test_other_partner_cannot_act_on_request(world):
    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Freitag",
    )
    for name in ("request_assign", "request_decline", "request_schedule"):
        response = client_for(world.consultant_b).post(
            reverse(f"consulting:{name}", args=[request.pk]), {"reason": "x"}
        )
        assert response.status_code == 404
    with pytest.raises(PermissionRefused):
        services.decline_request(actor=world.consultant_b, request=request, reason="x")


def test_assign_needs_a_consultant_of_the_partner(world):
    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Freitag",
    )
    with pytest.raises(BusinessRuleError):
        services.assign_request(actor=world.admin_a, request=request, consultant=world.consultant_b)
    colleague = MembershipFactory(partner=world.partner_a).user
    services.assign_request(actor=world.admin_a, request=request, consultant=colleague)
    assert _reload(request).consultant_id == colleague.pk


def test_schedule_in_the_past_is_refused(world):
    request = services.book_consultation(
        actor=world.sme_a,
        topics=[world.sensors],
        description="x",
        preferred_partner=world.partner_a,
        proposed_times="Freitag",
    )
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(BusinessRuleError):
        services.schedule_request(
            actor=world.consultant_a,
            request=request,
            starts_at=past,
            ends_at=past + timedelta(hours=1),
            mode="remote",
        )
    assert _reload(request).status == RequestStatus.SUBMITTED
