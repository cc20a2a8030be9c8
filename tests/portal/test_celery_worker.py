"""E-mail goes out through a real Celery worker on Redis (not eager), as in production."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from portal import services
from portal.celery import app as celery_app
from portal.models import Membership, StaffInvitation
from portal.tenancy import partner_scope, unscoped
from tests.conftest import forget_broker_connections
from tests.factories import MembershipFactory


def _wait_for_mail(count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_staff_invitation_is_mailed_by_the_worker_inside_the_partners_scope(real_worker):
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    with partner_scope(admin.partner):  # as the request of the partner admin would be
        invitation = services.invite_staff(
            actor=admin.user, partner=admin.partner, email="neu@partner.example", role="consultant"
        )
    _wait_for_mail(1)
    assert [m.to for m in mail.outbox] == [["neu@partner.example"]]
    assert invitation.token in mail.outbox[0].body
    with unscoped("test assertions"):
        assert StaffInvitation.objects.get(pk=invitation.pk).sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_dead_broker_at_commit_does_not_fail_the_committed_action(monkeypatch):
    """The row is saved and leaving the transaction does not raise (the failure is logged).

    Before, the broker's OperationalError escaped from the commit and the request answered 500
    although its data was already saved.
    """
    from django.db import transaction

    from portal.tasks import send_email

    for key, value in {
        "broker_url": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "task_always_eager": False,
        "broker_connection_timeout": 1,
        "task_publish_retry": False,
    }.items():
        monkeypatch.setitem(celery_app.conf, key, value)
    forget_broker_connections()
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    with transaction.atomic():
        send_email.delay_on_commit({"subject": "s", "body": "b", "to": ["x@example.org"]})
        admin.role = Membership.Role.CONSULTANT
        admin.save()
    admin.refresh_from_db()
    assert admin.role == Membership.Role.CONSULTANT
    monkeypatch.undo()  # back to the configured broker before the pools are rebuilt
    forget_broker_connections()
