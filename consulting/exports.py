"""CSV and XLSX export of the company list, as filtered; spreadsheet formulas are neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def header() -> list[str]:
    return [
        _("Name"),
        _("Legal form"),
        _("Street"),
        _("Postcode"),
        _("City"),
        _("District"),
        _("Sector"),
        _("Division"),
        _("Employees"),
        _("Annual turnover (EUR)"),
        _("Balance-sheet total (EUR)"),
        _("Size class"),
        _("Website"),
        _("Lead partner"),
        _("Last contact"),
    ]


def row(company: Any) -> list[Any]:
    last = getattr(company, "last_contact", None)
    return [
        neutralise(value)
        for value in [
            company.name,
            company.get_legal_form_display(),
            company.street,
            company.postcode,
            company.city,
            company.district,
            company.sector_section,
            company.sector_division,
            company.employees,
            int(company.annual_turnover) if company.annual_turnover is not None else "",
            int(company.balance_sheet_total) if company.balance_sheet_total is not None else "",
            company.get_size_class_display(),
            company.website,
            company.lead_partner.short_name if company.lead_partner else "",
            last.isoformat() if last else "",
        ]
    ]


def rows(companies: Iterable[Any]) -> list[list[Any]]:
    return [header(), *(row(c) for c in companies)]


def companies_response(companies: Iterable[Any], kind: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    data = rows(companies)
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerows(data)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="companies-{stamp}.csv"'
        return response
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Companies"
    for line in data:
        sheet.append(line)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="companies-{stamp}.xlsx"'
    return response
