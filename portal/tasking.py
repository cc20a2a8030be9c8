"""Celery task bases: late acks, retries with backoff, and tasks that enter a tenant's scope."""

from __future__ import annotations

import functools
import smtplib
from typing import Any

from celery.contrib.django.task import DjangoTask
from django.apps import apps
from django.db import transaction

from portal import owners, tenancy

# Errors worth a retry: the mail server or the network hiccupped. Bugs are not retried.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
)


class PortalTask(DjangoTask):
    """Every task: acknowledged after it ran, retried with backoff on transient errors only."""

    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5

    # The data is committed before these run. If the broker is down at that moment, sending must
    # not turn the user's finished action into an error page: the failure is logged, and the
    # beat sweepers re-send rows still pending (design §6).
    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        self._robust_on_commit(functools.partial(self.delay, *args, **kwargs))

    def apply_async_on_commit(self, *args: Any, **kwargs: Any) -> None:
        self._robust_on_commit(functools.partial(self.apply_async, *args, **kwargs))

    def _robust_on_commit(self, send: functools.partial) -> None:
        def send_task() -> None:
            send()

        # Django logs a failed robust callback by its __qualname__ (a partial has none).
        send_task.__qualname__ = f"{self.name}: send to the broker"
        transaction.on_commit(send_task, robust=True)


class ScopedTask(PortalTask):
    """A task about one partner-owned row: takes its id, never inherits a scope.

    `scope_model` names the row's model and `scope_arg` the keyword that carries its id. The row
    is looked up unscoped only to learn its owner (`owners.scope_of(row)`, from the model's
    declaration); the task body then runs inside that owner's scope, the row is checked to be
    visible there, and the scope is reset afterwards whatever happens.
    """

    abstract = True
    scope_model: str = ""
    scope_arg: str = ""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self.scope_model or not self.scope_arg:
            raise TypeError(f"{self.name}: ScopedTask needs scope_model and scope_arg")
        if self.scope_arg not in kwargs:
            raise TypeError(f"{self.name}: call with {self.scope_arg}=<id> as a keyword argument")
        model = apps.get_model(self.scope_model)
        row_id = kwargs[self.scope_arg]
        with tenancy.unscoped(f"task {self.name}: find the owner of {self.scope_model} {row_id}"):
            row = model._base_manager.filter(pk=row_id).first()
            if row is None:
                return None  # deleted meanwhile: nothing left to do
            scope = owners.scope_of(row)
        with tenancy.activate(scope):
            if not model._default_manager.filter(pk=row_id).exists():
                raise tenancy.ScopeError(f"{self.scope_model} {row_id} is outside {scope}")
            return super().__call__(*args, **kwargs)
