"""Finding the module of one name in each of our own apps (portal imports no app, design §2).

portal/panels.py finds each app's `panels.py` this way, portal/privacy/registry.py each app's
`privacy.py`.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.conf import settings


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """`<app>.<name>` of each of our own apps that has one, in INSTALLED_APPS order.

    Third-party apps are skipped, and so is `portal` itself: `portal.<name>` is the module that
    asks (portal.panels) or a package of its own (portal.privacy).
    """
    modules = []
    for config in apps.get_app_configs():
        if config.name == "portal" or not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            modules.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise  # the module exists but imports something missing
    return tuple(modules)
