"""The issue's "done when", end to end through the pages: a new user signs up from a full
workshop, lands on the waitlist, is promoted by e-mail; the organiser checks in on a phone-sized
page; the attendee downloads the certificate."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from events.models import Registration
from portal.models import Membership
from portal.tenancy import unscoped
from tests.access import client_for
from tests.events.factories import EventFactory, sme, under_way
from tests.factories import SIGNUP_FORM, MembershipFactory

pytestmark = pytest.mark.django_db

SIGNUP = {**SIGNUP_FORM, "email": "neu@feinmechanik.example"}

CONFIRMED = {"confirmed": "yes"}  # the confirm step (portal/confirm.py) said yes


def test_new_user_waitlist_promotion_check_in_and_certificate(run_on_commit):
    organiser = MembershipFactory(role=Membership.Role.CONSULTANT)
    event = EventFactory(organizer=organiser.partner, title="Cobots in der Montage", capacity=1)
    holder = sme()
    client_for(holder).post(reverse("events:register", args=[event.slug]))

    visitor = Client()
    calendar = visitor.get(reverse("events:list")).content.decode()
    assert "Cobots in der Montage" in calendar
    detail = visitor.get(event.get_absolute_url()).content.decode()
    signup_url = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', detail).group(1)
    mail.outbox.clear()
    response = visitor.post(signup_url, SIGNUP)
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    response = visitor.post(link.group(1))
    assert response["Location"] == event.get_absolute_url()  # back at the same workshop

    page = visitor.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "you are on the waitlist" in page.content.decode()

    mail.outbox.clear()
    with unscoped("test lookup"):
        seat = Registration.objects.get(user=holder)
    client_for(holder).post(reverse("events:registration_cancel", args=[seat.pk]), CONFIRMED)
    assert [m.to for m in mail.outbox] == [[SIGNUP["email"]]]
    assert "You have a seat" in mail.outbox[0].subject

    with unscoped("test lookup"):
        mine = Registration.objects.get(user__email=SIGNUP["email"])
    under_way(event)  # the day of the workshop: check-in is open
    phone = client_for(organiser.user)
    page = phone.get(reverse("events:manage_check_in", args=[event.slug])).content.decode()
    assert "Jana Keller" in page
    row = phone.post(
        reverse("events:manage_toggle_check_in", args=[mine.pk]),
        {"present": "1"},
        headers={"HX-Request": "true"},
    )
    assert 'aria-pressed="true"' in row.content.decode()

    visitor.post(reverse("events:certificate_request", args=[mine.pk]))
    pdf = visitor.get(reverse("events:certificate_download", args=[mine.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
