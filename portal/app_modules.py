"""Finding the module of one name in each of our own apps (portal imports no app, design §2).

An app plugs into the pages that gather from every app through three modules of its own, each
with a written contract:

    <app>/panels.py   navigation, home and dashboard sections, timeline: portal/panels.py
    <app>/figures.py  its part of /reports/, its downloads and the PDF: portal/figures.py
    <app>/privacy.py  its part of an SME's data export, erasure, retention: privacy/registry.py

The gatherers (dashboard, reports, privacy) find them through `app_modules(name)` and never
import an app by name; apps never import a gatherer (import-linter, pyproject.toml).
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
    asks (portal.panels).
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
