"""Extension points through which the apps add to the pages that gather from all of them.

portal imports no app (design §2). Instead each app may have a `panels.py` with any of these
functions, found at run time in INSTALLED_APPS order:

    nav_items(request) -> list[NavItem]                # entries of the main navigation
    home_panels(request) -> list[Panel]                # sections of the public home page
    dashboard_panels(request) -> list[Panel]           # sections of /dashboard/, by role
    company_timeline(company, user) -> list[TimelineEntry]  # the company page's timeline

A panel is a template plus its context; the page includes it as
`{% include panel.template with data=panel.context %}`. Each function reads through its own app's
selectors, so tenancy stays where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType
from typing import Any

from portal.app_modules import app_modules


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 50


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50  # lower comes first


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # e.g. "request", "session", "assessment", "workshop"
    title: str
    url: str = ""
    detail: str = ""


def _panel_modules() -> tuple[ModuleType, ...]:
    return app_modules("panels")


def _collect(hook: str, *args: Any) -> list[Any]:
    found: list[Any] = []
    for module in _panel_modules():
        function: Callable[..., list[Any]] | None = getattr(module, hook, None)
        if function is not None:
            found.extend(function(*args))
    return found


def nav_items(request: Any) -> list[NavItem]:
    return sorted(_collect("nav_items", request), key=lambda item: item.order)


def home_panels(request: Any) -> list[Panel]:
    return sorted(_collect("home_panels", request), key=lambda panel: panel.order)


def dashboard_panels(request: Any) -> list[Panel]:
    return sorted(_collect("dashboard_panels", request), key=lambda panel: panel.order)


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    return sorted(_collect("company_timeline", company, user), key=lambda e: e.when, reverse=True)
