"""EU SME size classes at their thresholds (Recommendation 2003/361/EC)."""

from decimal import Decimal

import pytest

from consulting.size_class import SizeClass, size_class

M = Decimal(1_000_000)


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "expected"),
    [
        (9, 2 * M, None, SizeClass.MICRO),
        (9, 2 * M + 1, None, SizeClass.SMALL),
        (9, 2 * M + 1, 2 * M, SizeClass.MICRO),  # either financial limit suffices
        (10, 1 * M, 1 * M, SizeClass.SMALL),
        (49, 10 * M, None, SizeClass.SMALL),
        (49, 10 * M + 1, 10 * M + 1, SizeClass.MEDIUM),
        (50, None, None, SizeClass.MEDIUM),
        (249, 50 * M, None, SizeClass.MEDIUM),
        (249, 60 * M, 43 * M, SizeClass.MEDIUM),
        (249, 60 * M, 43 * M + 1, SizeClass.NOT_SME),
        (250, 1 * M, 1 * M, SizeClass.NOT_SME),
        (5, None, None, SizeClass.MICRO),  # headcount alone while figures are missing
        (None, None, None, None),
    ],
)
def test_size_class_thresholds(employees, turnover, balance, expected):
    assert size_class(employees, turnover, balance) == expected
