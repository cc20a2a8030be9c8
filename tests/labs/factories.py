"""Labs and trials that build consistent tenants: a trial's company and lab as given."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from labs.models import Lab, Trial, TrialPurpose, TrialStatus
from portal.tenancy import unscoped
from tests.factories import PartnerFactory, UnscopedFactory

WEEKDAYS_8_TO_16 = {str(day): ["08:00", "16:00"] for day in range(5)}


def weekday_after(days: int) -> date:
    """The first Monday-to-Friday day at least `days` days from today."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


class LabFactory(UnscopedFactory):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Demonstrator {n}")
    slug = factory.Sequence(lambda n: f"lab-{n}")
    description = "Collaborative robots and a vision station for trials."
    equipment = "UR5e cobot\nKeyence vision sensor\nOPC UA test server"
    address = "Gustav-Kirchhoff-Platz 2, 98693 Ilmenau"
    room = "Halle 1"
    capacity = 1
    opening_hours = factory.LazyFunction(lambda: dict(WEEKDAYS_8_TO_16))
    notice_days = 2
    max_trial_hours = 8
    is_published = True

    @factory.post_generation
    def guides(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            with unscoped("test factory"):
                self.guides.set(extracted)

    @factory.post_generation
    def topics(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            with unscoped("test factory"):
                self.topics.set(extracted)


class TrialFactory(UnscopedFactory):
    """A trial as written to the table (use the services where a rule matters)."""

    class Meta:
        model = Trial

    lab = factory.SubFactory(LabFactory)
    company = None  # required: pass the company
    purpose = TrialPurpose.OWN_DEVELOPMENT
    description = "Pick-and-place of our own gripper on the cobot."
    starts_at = factory.LazyFunction(lambda: at(weekday_after(7), 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    status = TrialStatus.REQUESTED
