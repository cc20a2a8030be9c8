"""Life cycles: ONE table of allowed moves per stateful model, asked by services and views alike.

Each app declares its table next to its services (design §4 "Life cycles", style §3a)::

    # labs/services/trials.py
    from portal.lifecycle import Lifecycle, Move

    TRIAL_LIFECYCLE = Lifecycle(
        states=Trial.Status,                     # the model's TextChoices
        audit_prefix="labs.trial",               # audit action: "<prefix>.<state reached>"
        moves={
            # name: Move({from state: to state, ...}, label=..., guard=...)
            "approve": Move({S.REQUESTED: S.APPROVED}, label=_("Approve")),
            "decline": Move({S.REQUESTED: S.DECLINED, S.APPROVED: S.DECLINED}, label=_("Decline")),
            "finish": Move({S.APPROVED: S.DONE}, guard=_has_started),
        },
    )

A service locks its row, then moves it; the move is checked against the table (and the move's
guard) BEFORE anything changes, so a refused move raises and changes nothing::

    with transaction.atomic():
        trial = Trial.objects.select_for_update().get(pk=trial.pk)
        TRIAL_LIFECYCLE.transition(trial, "decline", actor=actor, changes={"reason": reason})

`transition` sets the new state and the `changes`, runs `full_clean()`, saves only those fields,
writes the audit entry (`labs.trial.declined`, data: from, to, move) and returns the row. A
refused move raises the table's error (a `BusinessRuleError`, so views show its message).

Views show only the buttons the table allows: `TRIAL_LIFECYCLE.allowed_moves(trial)` is the set
of move names possible now (table and guards), e.g. ``{% if "approve" in moves %}``.

A guard is a function of the row returning why a move is refused now (a translatable message),
or None. Use it for rules of the row itself (a deadline, a missing field); who may act is the
service's permission check, not the table's.

Test a table with `tests/lifecycle.py::check_lifecycle` (a hypothesis state machine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import BusinessRuleError, TransitionRefused

Guard = Callable[[Any], "str | Promise | None"]


@dataclass(frozen=True)
class Move:
    """One named move: from which states it goes to which (`edges`), and when it may not.

    `label` is the button's text; `audit` the verb recorded (default: the state reached, so a
    move that keeps the state, such as a reschedule, names its own).
    """

    edges: Mapping[str, str]
    label: str | Promise = ""
    guard: Guard | None = None
    audit: str = ""

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(self.edges)


class Lifecycle:
    """A model's transition table and the one function that moves a row along it."""

    def __init__(
        self,
        *,
        states: type[models.TextChoices] | Iterable[str],
        audit_prefix: str,
        moves: Mapping[str, Move | Mapping[str, str]],
        field: str = "status",
        error: type[BusinessRuleError] = TransitionRefused,
    ) -> None:
        self.field = field
        self.audit_prefix = audit_prefix
        self.error = error
        values = getattr(states, "values", states)
        self.state_values = frozenset(str(v) for v in values)
        self.moves: dict[str, Move] = {
            name: move if isinstance(move, Move) else Move(edges=move)
            for name, move in moves.items()
        }
        for name, move in self.moves.items():
            unknown = {str(s) for pair in move.edges.items() for s in pair} - self.state_values
            if unknown:
                raise ValueError(f"{audit_prefix}: move {name!r} names unknown {unknown}")

    # --- reading the table ----------------------------------------------------------------------

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def move(self, name: str) -> Move:
        try:
            return self.moves[name]
        except KeyError:
            raise ValueError(f"{self.audit_prefix}: no move {name!r}") from None

    def target(self, state: str, name: str) -> str | None:
        """The state `name` leads to from `state`, or None when the table has no such edge."""
        target = self.move(name).edges.get(state)
        return str(target) if target is not None else None

    def refusal(self, obj: Any, name: str) -> str | None:
        """Why the move is not possible now (the message a user reads), or None."""
        move = self.move(name)
        state = self.state_of(obj)
        if state not in move.edges:
            return str(self.refused_message(obj))
        reason = move.guard(obj) if move.guard else None
        return str(reason) if reason else None

    def allows(self, obj: Any, name: str) -> bool:
        return self.refusal(obj, name) is None

    def allowed_moves(self, obj: Any) -> set[str]:
        """The names of the moves possible now: what a page may offer as buttons."""
        return {name for name in self.moves if self.allows(obj, name)}

    def refused_message(self, obj: Any) -> str:
        label = obj.__class__._meta.verbose_name if hasattr(obj, "_meta") else ""
        display = getattr(obj, f"get_{self.field}_display", None)
        state = display() if display else self.state_of(obj)
        return _("%(thing)s: this is not possible in the state “%(state)s”.") % {
            "thing": str(label).capitalize(),
            "state": state,
        }

    # --- moving ---------------------------------------------------------------------------------

    def check(self, obj: Any, name: str) -> str:
        """Raise the table's error unless the move is possible now; return the target state."""
        reason = self.refusal(obj, name)
        if reason is not None:
            raise self.error(reason)
        return self.target(self.state_of(obj), name)  # type: ignore[return-value]

    def transition(
        self,
        obj: models.Model,
        name: str,
        *,
        actor: Any,
        changes: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        clean_exclude: Iterable[str] = (),
    ) -> models.Model:
        """Check, move, validate, save, audit; return `obj`. Call inside the service's
        transaction with `obj` locked. Refused (table, guard or validation): raises and leaves
        the row and `obj` as they were."""
        source = self.state_of(obj)
        target = self.check(obj, name)
        changes = {self.field: target, **(changes or {})}
        previous = {key: getattr(obj, key) for key in changes}
        for key, value in changes.items():
            setattr(obj, key, value)
        try:
            obj.full_clean(exclude=list(clean_exclude))
        except ValidationError as error:
            for key, value in previous.items():
                setattr(obj, key, value)
            raise BusinessRuleError(" ".join(error.messages)) from error
        obj.save(update_fields=[*_attnames(obj, changes), *_auto_now_fields(obj)])
        audit.record(
            actor=actor,
            action=f"{self.audit_prefix}.{self.move(name).audit or target}",
            target=obj,
            data={"move": name, "from": source, "to": target, **(data or {})},
        )
        return obj


def _attnames(obj: models.Model, changes: Mapping[str, Any]) -> list[str]:
    """Field names for update_fields (a foreign key may be given as `slot` or `slot_id`)."""
    names = []
    for key in changes:
        field = obj._meta.get_field(key.removesuffix("_id") if key.endswith("_id") else key)
        names.append(field.name)
    return list(dict.fromkeys(names))


def _auto_now_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
