"""The privacy hook: how an app adds its part to an SME's data export and erasure, and to the
retention job, without `privacy` importing it (privacy is a gatherer above the apps).

An app that keeps personal data of a company or its people has a `privacy.py` with any of:

    export_company_data(company) -> dict[str, list[dict[str, Any]]]
        The company's data as the company itself may see it: {data set name: rows}; each row a
        flat dict of JSON-friendly values (str, int, float, bool, None, ISO dates as str; lists
        and dicts are written as JSON into the CSV cell). Data set names are unique across apps
        ("advisory_sessions", "workshop_registrations" ...): each becomes json/<name>.json and
        csv/<name>.csv in the ZIP, and the CSV cells are neutralised (portal/exports.py).
        Leave out what belongs to a partner's own records (a consultant's notes).

    erase_company_data(company, *, actor) -> dict[str, int]
        Anonymise the people and the company's identifying data in the app's own models and
        return {what: how many rows}. Keep what the anonymous figures need (dates, district,
        sector, size class, partner, status). All apps run in ONE transaction: raise to refuse,
        and nothing of any app changes. Must be idempotent (erasing twice changes nothing more).

    identifying_terms(company) -> list[str]
        Names and addresses (at least 3 characters) that the audit log may carry for the
        company or its people; asked before any app erases, so the log can be scrubbed.

    anonymise_inactive_contacts(*, cutoff) -> int
        The retention job: anonymise people not active since `cutoff` (an aware datetime);
        return how many. Idempotent: already anonymised rows are not counted again.

The first three run inside the company's scope (`company_scope(company.pk)`) and filter by the
company as well, so a row of another company can never slip in; the retention job runs
`unscoped()` in the daily beat task. Hooks are called in INSTALLED_APPS order, each reading and
writing only its own app's models (an app may read consulting's, which owns the companies).
The company model itself is named in settings (PRIVACY_COMPANY_MODEL), not imported.
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
