"""`python manage.py seed_demo`: the demo data of every app, idempotent.

Each app may have a `demo.py` with `seed(**options) -> dict[str, int]` (rows created by kind);
they run in INSTALLED_APPS order, so an app can rely on the core data seeded before it. The
apps are found at run time: portal imports no app (design §2).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import seed_core
from portal.tenancy import unscoped


class Command(BaseCommand):
    help = "Create the demo partners, topics, accounts and each app's demo data (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Extra volume for benchmarks (apps that support it add ~N x 1,000 companies).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with unscoped("seed_demo management command"), transaction.atomic():
            self.report("portal", seed_core())
            for config in apps.get_app_configs():
                if config.name == "portal" or not config.path.startswith(str(_project_root())):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                self.report(config.name, module.seed(scale=options["scale"]))

    def report(self, app: str, created: dict[str, int]) -> None:
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"{app}: created {summary or 'nothing'}")


def _project_root() -> Any:
    from django.conf import settings

    return settings.BASE_DIR
