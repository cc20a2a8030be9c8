"""One booking form sent many times makes one request and one mail (issue #11).

The booking form carries a one-time submission token; the service stores it with the request in
its transaction (a unique column), so a double click, a reload or ten parallel posts of the same
form end on the one request, and only the first commit mails.
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from consulting.models import AvailabilitySlot, ConsultationRequest
from portal.tenancy import unscoped
from tests.access import client_for

URL = "/consulting/book/"


def booking_form(client: Client, **fields: object) -> dict[str, object]:
    """What the SME's browser sends: the page's hidden fields (the token) plus the answers."""
    page = client.get(URL).content.decode()
    token = re.search(r'<input type="hidden" name="submission" value="([^"]+)"', page)
    assert token, "the booking form has no submission token"
    return {"submission": token.group(1), **fields}


def requests_of(world) -> list[ConsultationRequest]:
    with unscoped("test: count the company's requests"):
        return list(ConsultationRequest.objects.filter(company=world.company_a))


def booking_mails(world) -> list:
    return [m for m in mail.outbox if world.sme_a.email in m.to]


def slot_of(world) -> AvailabilitySlot:
    with unscoped("test: a free slot"):
        start = timezone.now() + timedelta(days=7)
        return AvailabilitySlot.objects.create(
            partner=world.partner_a,
            consultant=world.consultant_a,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            mode="remote",
        )


def answers(world, with_slot: bool) -> dict[str, object]:
    """A booking on a free slot, or with proposed times (no slot, no lock: only the token)."""
    fields: dict[str, object] = {"topics": [world.sensors.pk], "description": "Sensors, please"}
    if with_slot:
        fields["slot"] = slot_of(world).pk
    else:
        fields["proposed_times"] = "Mondays"
    return fields


@pytest.mark.parametrize("with_slot", [False, True])
def test_the_same_booking_form_sent_twice_makes_one_request_and_one_mail(world, with_slot):
    client = client_for(world.sme_a)
    data = booking_form(client, **answers(world, with_slot))
    first = client.post(URL, data)
    again = client.post(URL, data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]  # both end on the one request
    assert len(requests_of(world)) == 1
    assert len(booking_mails(world)) == 1


def test_a_new_form_makes_a_new_request(world):
    client = client_for(world.sme_a)
    for _ in range(2):
        client.post(
            URL,
            booking_form(
                client, topics=[world.sensors.pk], description="Again", proposed_times="Fridays"
            ),
        )
    assert len(requests_of(world)) == 2


def test_a_form_without_its_token_is_refused_with_a_message(world):
    response = client_for(world.sme_a).post(
        URL, {"topics": [world.sensors.pk], "description": "x", "proposed_times": "Mondays"}
    )
    assert response.status_code == 200
    assert "Please send the form again" in response.content.decode()
    assert requests_of(world) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_slot", [False, True])
def test_ten_concurrent_identical_bookings_make_one_request_and_one_mail(
    postgres, world, with_slot, settings
):
    """One SME's form, posted ten times at once (PostgreSQL, a thread and a connection each)."""
    settings.PORTAL_STAFF_MFA_REQUIRED = False
    client = client_for(world.sme_a)
    data = booking_form(client, **answers(world, with_slot))
    mail.outbox.clear()
    cookies = client.cookies
    barrier = threading.Barrier(10)
    responses: list[object] = []

    def post() -> None:
        try:
            browser = Client()
            browser.cookies = cookies
            barrier.wait()
            responses.append(browser.post(URL, data))
        except BaseException as error:  # asserted below
            responses.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 10
    assert len(requests_of(world)) == 1
    request = requests_of(world)[0]
    assert {r["Location"] for r in responses} == {request.get_absolute_url()}
    assert len(booking_mails(world)) == 1
