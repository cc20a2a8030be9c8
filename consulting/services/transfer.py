"""Import of companies: a dry run reports every bad row with its reason; a commit is all or
nothing (one transaction, and only when no row is bad)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _

from consulting import permissions
from consulting.models import Company, Contact
from consulting.services.records import EDITABLE_COMPANY_FIELDS
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import PartnerInstitution, User
from portal.tenancy import partner_scope


@dataclass
class ImportReport:
    valid: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _company_from(row: dict[str, str], partner: PartnerInstitution) -> Company:
    data: dict[str, Any] = {name: row.get(name, "") for name in EDITABLE_COMPANY_FIELDS}
    for number in ("employees", "annual_turnover", "balance_sheet_total"):
        data[number] = data[number] or None
    return Company(lead_partner=partner, **data)


def _contact_from(row: dict[str, str]) -> Contact | None:
    if not any(row.get(k) for k in ("contact_first_name", "contact_last_name", "contact_email")):
        return None
    return Contact(
        first_name=row.get("contact_first_name", ""),
        last_name=row.get("contact_last_name", ""),
        email=row.get("contact_email", ""),
        phone=row.get("contact_phone", ""),
    )


def _problems(row: dict[str, str], partner: PartnerInstitution) -> list[str]:
    problems: list[str] = []
    company = _company_from(row, partner)
    try:
        company.full_clean()
    except ValidationError as error:
        for label, messages in _labelled(Company, error):
            problems.extend(f"{label}: {m}" if label else m for m in messages)
    contact = _contact_from(row)
    if contact is not None:
        try:
            validate_email(contact.email)
        except ValidationError:
            problems.append(
                _("contact e-mail: “%(value)s” is not a valid address") % {"value": contact.email}
            )
        if not contact.first_name or not contact.last_name:
            problems.append(_("contact: first and last name are needed"))
        # Everything else the commit's full_clean() checks (lengths of name and phone ...),
        # so that a row the dry run passes cannot fail the commit.
        try:
            contact.full_clean(exclude=["company", "email", "first_name", "last_name"])
        except ValidationError as error:
            for label, messages in _labelled(Contact, error):
                problems.extend(
                    _("contact %(field)s: %(message)s") % {"field": label, "message": m}
                    if label
                    else m
                    for m in messages
                )
    return problems


def _labelled(model: type[models.Model], error: ValidationError) -> list[tuple[Any, list[str]]]:
    """(the field's name as people read it, or "" for the row as a whole; its messages)."""
    labelled = []
    for name, messages in error.message_dict.items():
        field = model._meta.get_field(name) if name != "__all__" else None
        labelled.append((field.verbose_name if isinstance(field, models.Field) else "", messages))
    return labelled


def import_companies(
    *, actor: User, partner: PartnerInstitution, rows: list[dict[str, str]], commit: bool
) -> ImportReport:
    """Check every row; with `commit` and no bad row, create them all as the partner's."""
    if not permissions.is_staff_of(actor, partner):
        raise PermissionRefused()
    report = ImportReport()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        problems = _problems(row, partner)
        if problems:
            report.errors.append((line, "; ".join(str(p) for p in problems)))
        else:
            report.valid += 1
    if not commit:
        return report
    if report.errors:
        raise BusinessRuleError(_("Nothing was imported: please fix the rows listed first."))
    with partner_scope(partner), transaction.atomic():
        for row in rows:
            company = _company_from(row, partner)
            company.full_clean()
            company.save()
            contact = _contact_from(row)
            if contact is not None:
                contact.company = company
                contact.full_clean()
                contact.save()
            report.imported += 1
        audit.record(
            actor=actor,
            action="consulting.company.imported",
            partner=partner,
            data={"count": report.imported},
        )
    return report
