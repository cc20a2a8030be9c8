"""Factories for workshops; tenants stay consistent (the organiser's staff come from it)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from consulting.selectors import company_id_for_user
from events.models import Event
from portal import tenancy
from portal.models import Membership, User
from tests.factories import (
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
    TopicFactory,
    UnscopedFactory,
)


class EventFactory(UnscopedFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    organizer = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    description = "Hands-on introduction."
    format = Event.Format.ON_SITE
    venue = "Lab 1, Ilmenau"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    capacity = 10
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def topics(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            with tenancy.unscoped("test factory"):
                self.topics.set(extracted if extracted is not None else [TopicFactory()])


def sme(**kwargs: Any) -> User:
    """An SME user of a company of their own."""
    return CompanyMemberFactory(**kwargs).user


def staff(event: Event, role: str = Membership.Role.CONSULTANT) -> User:
    return MembershipFactory(partner=event.organizer, role=role).user


def admin_of(event: Event) -> User:
    return staff(event, Membership.Role.PARTNER_ADMIN)


def scope_of(user: User) -> AbstractContextManager:
    """The scope the middleware would give `user` (first partner, company, or public)."""
    memberships = user.partner_memberships()
    if memberships:
        return tenancy.partner_scope(memberships[0].partner_id)
    company_id = company_id_for_user(user)
    if company_id is not None:
        return tenancy.company_scope(company_id)
    return tenancy.public_scope()


# The actors of the `world` fixture (tests/events/conftest.py) by name.
def everyone(w, *names):
    return [w[n] for n in names]


ALL = ("a_admin", "a_consultant", "b_admin", "b_consultant", "sme_a", "sme_b", "consortium")
OUTSIDERS = ("b_admin", "b_consultant", "sme_a", "sme_b", "consortium")


def under_way(event: Event, *, started: timedelta = timedelta(minutes=10)) -> Event:
    """The workshop began `started` ago (same length): check-in is open and certificates may be
    issued. Registration happens before; this moves the clock of the workshop, not the test's."""
    length = event.end - event.start
    start = timezone.now() - started
    with tenancy.unscoped("test set-up: the workshop is under way"):
        Event.objects.filter(pk=event.pk).update(start=start, end=start + length)
    event.start, event.end = start, start + length
    return event
