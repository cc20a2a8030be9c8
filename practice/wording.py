"""How a case names the company without naming it, and the district names (pure, no queries)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consulting.reference import THURINGIA_DISTRICTS, WZ_MANUFACTURING_DIVISIONS, WZ_SECTIONS
from consulting.size_class import SizeClass

DISTRICT_NAMES = {key: name for key, name, _kind in THURINGIA_DISTRICTS}


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def sector_name(section: str, division: str = "") -> str:
    """The division's name where known (manufacturing), else the section's, in the language."""
    for key, de, en in WZ_MANUFACTURING_DIVISIONS:
        if division and key == division:
            return en if _english() else de
    for key, _range, de, en in WZ_SECTIONS:
        if key == section:
            return en if _english() else de
    return ""


def staff_range(size: str) -> str:
    ranges: dict[str, str] = {
        SizeClass.MICRO: _("fewer than 10 staff"),
        SizeClass.SMALL: _("10–49 staff"),
        SizeClass.MEDIUM: _("50–249 staff"),
        SizeClass.NOT_SME: _("250 staff or more"),
    }
    return ranges.get(size, "")


def district_name(key: str) -> str:
    return DISTRICT_NAMES.get(key) or _("outside Thuringia")


def anonymous_company(case: Any) -> str:
    """E.g. "a firm in “manufacture of fabricated metal products” with 10-49 staff in Ilm-Kreis"."""
    return _("a firm in “%(sector)s” with %(staff)s in %(district)s") % {
        "sector": sector_name(case.sector_section, case.sector_division),
        "staff": staff_range(case.size_class),
        "district": district_name(case.district),
    }
