"""Each app's `privacy.py`, found at run time (portal imports no app, design §2).

An app's module may define any of:

    export_company_data(company) -> dict[str, list[dict]]   # what the company itself may see
    erase_company_data(company, *, actor) -> dict[str, int] # anonymise; returns counts
    identifying_terms(company) -> list[str]                 # names to scrub from the audit log
    anonymise_inactive_contacts(*, cutoff) -> int           # the retention job

They are called in INSTALLED_APPS order, inside the company's scope (or unscoped for the
retention job), so each app reads and writes only its own models.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from portal.app_modules import app_modules


def privacy_modules() -> tuple[ModuleType, ...]:
    return app_modules("privacy")


def hooks(name: str) -> list[Callable[..., Any]]:
    return [getattr(module, name) for module in privacy_modules() if hasattr(module, name)]
