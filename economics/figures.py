"""Economic evaluations' figures for /reports/ (the hook contract: portal/figures.py).

Counts and sums only: evaluations made in the period and the investment volume they evaluated
(the newest version's investment, kept on the evaluation row), by quarter, EU size class, sector
and district; nothing of a single evaluation. An evaluation counts for its company's lead partner,
so none counts for two partners. One query in all (the consortium's report gets its own table by
partner from it instead of columns in the shared table by partner, which would cost a second).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from consulting.reference import DISTRICT_CHOICES, SECTION_CHOICES
from consulting.size_class import SizeClass, size_class
from economics.models import Evaluation
from portal.figures import Figures, Table, Window

ORDER = 40

FACTS = (
    "company_id",
    "company__lead_partner_id",
    "company__district",
    "company__sector_section",
    "company__employees",
    "company__annual_turnover",
    "company__balance_sheet_total",
    "company__lead_partner__short_name",
)


def _made(window: Window) -> Any:
    since, until = window.bounds
    evaluations = Evaluation.objects.filter(created_at__gte=since, created_at__lt=until)
    if window.partner_id is not None:
        evaluations = evaluations.filter(company__lead_partner_id=window.partner_id)
    return evaluations


def _quarter(local: Any) -> str:
    return f"{local:%Y}-Q{(local.month - 1) // 3 + 1}"


def _euros(value: Decimal) -> int:
    return int(value.quantize(Decimal(1)))


def evaluation_figures(window: Window) -> dict[str, Any]:
    """Everything in one query: each evaluation's investment, date and company facts."""
    rows = list(_made(window).values_list("investment_total", "created_at", *FACTS).order_by())
    count = len(rows)
    volume = sum((row[0] for row in rows), Decimal(0))
    by: dict[str, dict[str, list[Any]]] = {
        key: defaultdict(lambda: [0, Decimal(0)])
        for key in ("quarter", "month", "district", "sector", "size_class", "partner")
    }
    reached: dict[int, tuple] = {}
    for (
        investment,
        created,
        company_id,
        _partner,
        district,
        section,
        staff,
        turnover,
        balance,
        partner_name,
    ) in rows:
        size = size_class(staff, turnover, balance)
        local = timezone.localtime(created)  # the report's months are local, as per_month's
        keys = {
            "quarter": _quarter(local),
            "month": f"{local:%Y-%m}",
            "district": district or "",
            "sector": section or "",
            "size_class": size.value if size else "",
            "partner": partner_name or "",
        }
        for key, value in keys.items():
            by[key][value][0] += 1
            by[key][value][1] += investment
        reached[company_id] = (district, section, staff, turnover, balance)
    return {
        "evaluations": count,
        "investment_volume": _euros(volume),
        "by": {k: {v: (n, _euros(s)) for v, (n, s) in d.items()} for k, d in by.items()},
        "reached": reached,
    }


def _table(slug: str, title: str, first: str, choices: Any, counts: dict) -> Table:
    rows = [[str(label), *counts.get(value, (0, 0))] for value, label in choices]
    return Table(
        slug, title, [first, _("Evaluations"), _("Investment volume (EUR)")], rows, chart_column=1
    )


def figures(window: Window) -> Figures:
    """The hook: evaluations made and the investment volume evaluated, with their breakdowns."""
    found = evaluation_figures(window)
    by = found["by"]
    quarters = sorted(by["quarter"])
    sizes = [(size.value, size.label) for size in SizeClass] + [("", _("Unknown"))]
    return Figures(
        summary=[
            [_("Investment evaluations made"), found["evaluations"]],
            [_("Investment volume evaluated (EUR)"), found["investment_volume"]],
        ],
        trend={_("Investment evaluations made"): {m: n for m, (n, _s) in by["month"].items()}},
        reached=found["reached"],
        tables=[
            _table(
                "evaluations_quarters",
                _("Investment evaluations by quarter"),
                _("Quarter"),
                [(q, q) for q in quarters],
                by["quarter"],
            ),
            _table(
                "evaluations_size_classes",
                _("Investment evaluations by EU size class"),
                _("Size class"),
                sizes,
                by["size_class"],
            ),
            _table(
                "evaluations_sectors",
                _("Investment evaluations by sector (WZ 2008 section)"),
                _("Sector"),
                SECTION_CHOICES,
                by["sector"],
            ),
            _table(
                "evaluations_districts",
                _("Investment evaluations by district"),
                _("District"),
                DISTRICT_CHOICES,
                by["district"],
            ),
            *_partner_table(window, by["partner"]),
        ],
        data={"evaluations": {k: v for k, v in found.items() if k != "reached"}},
    )


def _partner_table(window: Window, counts: dict) -> list[Table]:
    """Across partners (the consortium's report): evaluations per lead partner of the company,
    from the same query. A `by_partner` hook would cost the report a second query; the page's
    budget (tests/portal/test_query_budget.py) has no room for it."""
    if window.partner_id is not None:
        return []
    names = sorted(name for name in counts if name)
    choices = [(name, name) for name in names]
    if "" in counts:
        choices.append(("", _("No partner yet")))
    return [
        _table(
            "evaluations_partners",
            _("Investment evaluations by lead partner of the company"),
            _("Partner"),
            choices,
            counts,
        )
    ]
