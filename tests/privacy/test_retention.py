"""Contacts inactive for PRIVACY_CONTACT_RETENTION_YEARS years are anonymised by a beat task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from consulting.models import Contact
from portal.celery import app as celery_app
from portal.models import AuditEntry
from portal.tenancy import unscoped
from privacy import services, tasks
from tests.factories import CompanyFactory, CompanyMemberFactory, ContactFactory


def _age(contact: Contact, *, years: float) -> None:
    with unscoped("test: backdate a contact"):
        Contact.objects.filter(pk=contact.pk).update(
            created_at=timezone.now() - timedelta(days=int(365.25 * years))
        )


def _contact(pk: int) -> Contact:
    with unscoped("test"):
        return Contact.objects.get(pk=pk)


def test_beat_schedule_contains_the_retention_job():
    entry = celery_app.conf.beat_schedule["privacy.anonymise_inactive_contacts"]
    assert entry["task"] == "privacy.anonymise_inactive_contacts"
    assert entry["schedule"] <= 24 * 60 * 60
    assert entry["task"] in celery_app.tasks


def test_an_old_contact_of_a_quiet_company_is_anonymised_once(db):
    old = ContactFactory(first_name="Olga", last_name="Old", email="olga@old.example")
    _age(old, years=4)
    fresh = ContactFactory(email="fresh@new.example")
    assert tasks.anonymise_inactive_contacts.delay().get() == 1
    anonymised = _contact(old.pk)
    assert anonymised.email.endswith("@erased.invalid")
    assert "Olga" not in anonymised.first_name
    assert _contact(fresh.pk).email == "fresh@new.example"
    assert services.anonymise_inactive_contacts() == 0  # reruns change nothing
    with unscoped("test"):
        entry = AuditEntry.objects.get(action="privacy.contacts.anonymised")
    assert entry.data["count"] == 1
    assert entry.data["years"] == 3


def test_the_retention_period_comes_from_settings(db, settings):
    contact = ContactFactory(email="two@years.example")
    _age(contact, years=2)
    assert services.anonymise_inactive_contacts() == 0
    settings.PRIVACY_CONTACT_RETENTION_YEARS = 1
    assert services.anonymise_inactive_contacts() == 1


def test_the_cutoff_of_29_february_is_28_february_in_a_common_year(settings):
    settings.PRIVACY_CONTACT_RETENTION_YEARS = 3
    leap_day = datetime(2028, 2, 29, 3, 0, tzinfo=UTC)
    assert services.retention_cutoff(leap_day) == datetime(2025, 2, 28, 3, 0, tzinfo=UTC)
    assert services.retention_cutoff(datetime(2028, 3, 1, tzinfo=UTC)) == datetime(
        2025, 3, 1, tzinfo=UTC
    )


def test_recent_activity_keeps_the_company_s_contacts(world):
    _age(world.contact_a, years=5)  # the company had a request and a session this year
    assert services.anonymise_inactive_contacts() == 0
    assert _contact(world.contact_a.pk).email == "chef@alpha.example"


def test_a_person_who_signed_in_recently_is_kept(db):
    company = CompanyFactory()
    user = CompanyMemberFactory(company=company).user
    with unscoped("test"):
        type(user).objects.filter(pk=user.pk).update(
            last_login=timezone.now(), date_joined=timezone.now() - timedelta(days=2000)
        )
    contact = ContactFactory(company=company, user=user, email="active@firm.example")
    _age(contact, years=5)
    assert services.anonymise_inactive_contacts() == 0
