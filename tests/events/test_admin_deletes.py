"""Issue #13: an operator who deletes a user in the Django admin frees their seat, and the
next person on the waitlist moves up, as a cancellation through the services would."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Registration
from tests.access import client_for
from tests.events.factories import EventFactory, scope_of, sme
from tests.factories import give_second_factor
from tests.lifecycle import reload

pytestmark = pytest.mark.django_db


def test_deleting_a_user_in_the_admin_promotes_the_waitlist(commit_per_request):
    event = EventFactory(capacity=1)
    holder, waiting = sme(), sme()
    for person in (holder, waiting):
        with scope_of(person):
            services.register_for_event(event=event, user=person)
    operator = get_user_model().objects.create_superuser(email="op@example.com", password="x")
    mail.outbox.clear()
    url = reverse("admin:portal_user_delete", args=[holder.pk])
    response = client_for(give_second_factor(operator)).post(url, {"post": "yes"})
    assert response.status_code == 302
    with scope_of(waiting):
        mine = Registration.objects.get(user=waiting, event=event)
    assert reload(mine).status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def _operator_client():
    operator = get_user_model().objects.create_superuser(email="op@example.com", password="x")
    return client_for(give_second_factor(operator))


def test_deleting_a_registration_in_the_admin_promotes_the_waitlist(commit_per_request):
    event = EventFactory(capacity=1)
    holder, waiting = sme(), sme()
    registrations = []
    for person in (holder, waiting):
        with scope_of(person):
            registrations.append(services.register_for_event(event=event, user=person))
    url = reverse("admin:events_registration_delete", args=[registrations[0].pk])
    assert _operator_client().post(url, {"post": "yes"}).status_code == 302
    assert reload(registrations[1]).status == Registration.Status.CONFIRMED


def test_the_admin_refuses_to_delete_a_workshop_people_are_registered_for(commit_per_request):
    from events.models import Event
    from portal.tenancy import unscoped

    event = EventFactory(capacity=5)
    person = sme()
    with scope_of(person):
        services.register_for_event(event=event, user=person)
    client = _operator_client()
    response = client.post(
        reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}, follow=True
    )
    assert "People are registered for this workshop" in response.content.decode()
    with unscoped("test"):
        assert Event.objects.filter(pk=event.pk).exists()
    empty = EventFactory()
    client.post(reverse("admin:events_event_delete", args=[empty.pk]), {"post": "yes"})
    with unscoped("test"):
        assert not Event.objects.filter(pk=empty.pk).exists()
