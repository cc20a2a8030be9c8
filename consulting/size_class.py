"""EU SME size class (Commission Recommendation 2003/361/EC), derived, never typed.

A company belongs to a class when its headcount is below the class's ceiling AND either its
annual turnover or its balance-sheet total is within the class's limit. Where neither figure
is known, headcount alone decides (the record is still being completed).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    NOT_SME = "not_sme", _("Not an SME")


# (class, headcount below, turnover at most, balance-sheet total at most), in EUR.
THRESHOLDS: list[tuple[SizeClass, int, Decimal, Decimal]] = [
    (SizeClass.MICRO, 10, Decimal(2_000_000), Decimal(2_000_000)),
    (SizeClass.SMALL, 50, Decimal(10_000_000), Decimal(10_000_000)),
    (SizeClass.MEDIUM, 250, Decimal(50_000_000), Decimal(43_000_000)),
]


def size_class(
    employees: int | None, turnover: Decimal | None, balance_sheet_total: Decimal | None
) -> SizeClass | None:
    """The size class, or None while the headcount is unknown."""
    if employees is None:
        return None
    for cls, headcount_below, turnover_max, balance_max in THRESHOLDS:
        if employees >= headcount_below:
            continue
        if turnover is None and balance_sheet_total is None:
            return cls
        if (turnover is not None and turnover <= turnover_max) or (
            balance_sheet_total is not None and balance_sheet_total <= balance_max
        ):
            return cls
    return SizeClass.NOT_SME
