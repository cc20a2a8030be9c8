"""CSV and XLSX export of the company list, as filtered (portal/exports.py writes them and
neutralises formulas).

The export is the import's format (consulting/imports.py): the same column names and the same
values (codes for legal form and district, whole euros), so an exported file imports again
unchanged. The import's contact columns are left out (the list exports company records, not
people); a few read-only columns follow (size class, lead partner, last contact, named in the
user's language), which the import ignores.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from consulting.imports import COLUMNS
from portal import exports

COMPANY_COLUMNS = [column for column in COLUMNS if not column.startswith("contact_")]


def header() -> list[str]:
    return [*COMPANY_COLUMNS, _("Size class"), _("Lead partner"), _("Last contact")]


MONEY = {"annual_turnover", "balance_sheet_total"}  # whole euros, as the import reads them


def _value(company: Any, column: str) -> Any:
    value = getattr(company, column)
    if column in MONEY:
        return int(value) if value is not None else ""
    return "" if value is None else value


def row(company: Any) -> list[Any]:
    last = getattr(company, "last_contact", None)
    return [
        *(_value(company, column) for column in COMPANY_COLUMNS),
        company.get_size_class_display(),
        company.lead_partner.short_name if company.lead_partner else "",
        last.isoformat() if last else "",
    ]


def rows(companies: Iterable[Any]) -> list[list[Any]]:
    return [header(), *(row(c) for c in companies)]


def companies_response(companies: Iterable[Any], kind: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    data = rows(companies)
    if kind == "csv":
        return exports.csv_response(data, filename=f"companies-{stamp}.csv")
    return exports.xlsx_response([(_("Companies"), data)], filename=f"companies-{stamp}.xlsx")
