"""The reusable property test of a life cycle (portal/lifecycle.py): a hypothesis state machine.

    def test_trial_lifecycle(world):
        check_lifecycle(
            TRIAL_LIFECYCLE,
            create=lambda: TrialFactory(lab=world.lab),   # a fresh row in its first state
            apply=lambda trial, move: MOVES[move](trial),  # calls the real service for `move`
        )

Hypothesis plays random sequences of the table's moves on a fresh row and checks after each:
- a move the table (and its guard) allows succeeds and reaches exactly the table's target;
- a move it refuses raises a BusinessRuleError and changes nothing: the row and its audit
  entries are as before (so a page that offers only `allowed_moves` never shows a dead button);
- the row is always in one of the table's states.
`apply` must give the service what an allowed move needs (an actor with the right, a reason).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from portal.errors import BusinessRuleError
from portal.lifecycle import Lifecycle
from portal.models import AuditEntry
from portal.tenancy import unscoped


def reload(obj: models.Model) -> models.Model:
    with unscoped("test: read the row back"):
        return type(obj)._base_manager.get(pk=obj.pk)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Every column of the row and the number of its audit entries."""
    with unscoped("test: snapshot a row"):
        audit_count = AuditEntry.objects.filter(
            target_type=obj._meta.label_lower, target_id=str(obj.pk)
        ).count()
    columns = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return {**columns, "audit entries": audit_count}


def check_lifecycle(
    lifecycle: Lifecycle,
    *,
    create: Callable[[], models.Model],
    apply: Callable[[models.Model, str], Any],
    moves: list[str] | None = None,
    snapshot: Callable[[models.Model], dict[str, Any]] = snapshot,
    max_examples: int = 20,
    steps: int = 10,
) -> None:
    """Run the state machine (`moves`: the move names to play, default all of the table's)."""
    names = sorted(moves or lifecycle.moves)

    class LifecycleMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.obj = create()
            self.path = [lifecycle.state_of(self.obj)]

        @rule(name=st.sampled_from(names))
        def play(self, name: str) -> None:
            before = reload(self.obj)
            state = lifecycle.state_of(before)
            with unscoped("test: the table's guards may follow foreign keys"):
                why_not = lifecycle.refusal(before, name)
            expected = lifecycle.target(state, name) if why_not is None else None
            taken = snapshot(before)
            refused = None
            try:
                apply(before, name)
            except BusinessRuleError as error:
                refused = error.message
            if refused is not None:
                after = reload(self.obj)
                assert expected is None, (
                    f"{name!r} from {state!r}: the table allows it, the service refused "
                    f"({refused}); path {self.path}"
                )
                assert snapshot(after) == taken, f"refused {name!r} from {state!r} changed the row"
            else:
                after = reload(self.obj)
                assert expected is not None, (
                    f"{name!r} from {state!r}: the table refuses it ({why_not}) but the service "
                    f"did it; path {self.path}"
                )
                assert lifecycle.state_of(after) == expected, (
                    f"{name!r} from {state!r} reached {lifecycle.state_of(after)!r}, "
                    f"the table says {expected!r}"
                )
                self.path.append(f"{name}->{expected}")
            self.obj = after

        @invariant()
        def in_a_known_state(self) -> None:
            assert lifecycle.state_of(self.obj) in lifecycle.state_values

    run_state_machine_as_test(
        LifecycleMachine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
            report_multiple_bugs=False,
        ),
    )
