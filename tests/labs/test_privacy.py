"""Labs' part of an SME's data export and erasure (privacy/registry.py hooks)."""

from __future__ import annotations

from labs import privacy, services
from labs.models import Trial, TrialStatus
from portal import tenancy
from tests.labs.factories import at, weekday_after


def ask(world, sme=None):
    day = weekday_after(7)
    return services.request_trial(
        actor=sme or world.sme_a,
        lab=world.lab_a,
        purpose="own_development",
        description="Our secret gripper, prototype 3",
        brings="Gripper fingers",
        starts_at=at(day, 9),
        ends_at=at(day, 12),
    )


def test_export_holds_the_companys_trials_only(world):
    ask(world)
    ask(world, sme=world.sme_b)
    with tenancy.company_scope(world.company_a.pk):
        data = privacy.export_company_data(world.company_a)
    rows = data["lab_trials"]
    assert len(rows) == 1
    assert rows[0]["description"] == "Our secret gripper, prototype 3"
    assert rows[0]["lab"] == "Robotik-Demonstrator"
    assert rows[0]["requested_by"] == world.sme_a.email


def test_erasure_keeps_the_countable_and_drops_what_names_or_describes(world):
    trial = ask(world)
    other = ask(world, sme=world.sme_b)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    for _ in range(2):  # idempotent
        with tenancy.company_scope(world.company_a.pk):
            counts = privacy.erase_company_data(world.company_a, actor=world.sme_a)
        assert counts == {"lab_trials": 1}
    with tenancy.unscoped("test assertions"):
        erased = Trial.objects.get(pk=trial.pk)
        untouched = Trial.objects.get(pk=other.pk)
    assert erased.description == "[erased]"
    assert erased.brings == ""
    assert erased.requested_by_id is None
    assert (erased.status, erased.lab_id, erased.starts_at) == (
        TrialStatus.APPROVED,
        world.lab_a.pk,
        at(weekday_after(7), 9),
    )
    assert untouched.description == "Our secret gripper, prototype 3"
