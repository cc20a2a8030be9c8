"""Lab-trial figures: counts, utilisation per lab and month, partner attribution, queries."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from labs import figures
from labs.models import Trial, TrialStatus
from portal import tenancy
from portal.figures import Window
from tests.labs.factories import TrialFactory

WINDOW = (date(2025, 1, 1), date(2025, 3, 31))


def moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def make(world, lab, company, day, status, hours=(9, 12), created=None):
    trial = TrialFactory(
        lab=lab,
        company=company,
        starts_at=moment(day, hours[0]),
        ends_at=moment(day, hours[1]),
        status=status,
        guide=world.guide_a if status != TrialStatus.REQUESTED else None,
    )
    with tenancy.unscoped("test: backdate"):
        Trial.objects.filter(pk=trial.pk).update(created_at=created or moment(day, 8))
    return trial


def test_counts_utilisation_and_attribution(world, django_assert_max_num_queries):
    # lab A (Mon-Fri 8-16): January 2025 has 23 weekdays = 184 open hours
    make(world, world.lab_a, world.company_a, date(2025, 1, 6), TrialStatus.DONE)
    make(world, world.lab_a, world.company_a, date(2025, 1, 7), TrialStatus.APPROVED, (8, 16))
    make(world, world.lab_a, world.company_b, date(2025, 1, 8), TrialStatus.DECLINED)
    make(world, world.lab_a, world.company_b, date(2025, 2, 3), TrialStatus.NO_SHOW)
    # asked in December, held in January: approved counts, requested does not
    make(
        world,
        world.lab_a,
        world.company_a,
        date(2025, 1, 9),
        TrialStatus.DONE,
        created=moment(date(2024, 12, 20), 9),
    )
    make(world, world.lab_b, world.company_b, date(2025, 1, 6), TrialStatus.DONE)  # partner B
    make(world, world.lab_a, world.company_a, date(2025, 4, 7), TrialStatus.DONE)  # outside
    window = Window(*WINDOW, partner_id=world.partner_a.pk)
    with tenancy.partner_scope(world.partner_a), django_assert_max_num_queries(2):
        found = figures.trial_figures(window)
    assert found["requested"] == 4
    assert found["declined"] == 1
    assert found["approved"] == 4  # done x2, approved, no-show
    assert found["done"] == 2
    assert found["no_show"] == 1
    assert found["hours_done"] == 6.0
    assert set(found["reached"]) == {world.company_a.pk}
    january = {row[0]: row[2:] for row in found["utilisation"] if row[1] == "2025-01"}
    # 3 + 8 + 3 reserved hours (the declined one reserves nothing) of 184 open hours; the
    # partner's unpublished lab is open too, unused; partner B's lab is not in A's figures
    assert january == {
        "Prototyp-Zelle (Alpha)": [0.0, 184.0, 0.0],
        "Robotik-Demonstrator (Alpha)": [14.0, 184.0, 7.6],
    }
    # company B is not shared with partner A (a request through the service would share it):
    # its trials count for A's lab, but A's scope does not show B's district
    assert found["breakdown"]["district"] == {"16070": 2, "": 2}


def test_consortium_by_partner_counts_each_trial_for_its_labs_partner(world):
    make(world, world.lab_a, world.company_a, date(2025, 1, 6), TrialStatus.DONE)
    make(world, world.lab_b, world.company_a, date(2025, 1, 7), TrialStatus.DONE)
    make(world, world.lab_b, world.company_b, date(2025, 1, 8), TrialStatus.REQUESTED)
    with tenancy.consortium_scope(world.consortium, purpose="test"):
        table = figures.by_partner(Window(*WINDOW))
    assert table.row(world.partner_a.pk) == [1, 1]
    assert table.row(world.partner_b.pk) == [2, 1]
    assert table.reached[world.partner_b.pk] == {world.company_a.pk}
