"""Data protection actions: legal texts, accessibility feedback, export, erasure, retention.

Company data is gathered from and erased by each app's `privacy.py` (registry.py); this module
imports no app. Each action owns its transaction, writes an audit entry and mails on commit.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portal import audit, exports, mail
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import AuditEntry, User
from portal.tenancy import company_scope, unscoped
from privacy.models import AccessibilityFeedback, LegalPage
from privacy.registry import hooks

DEFAULT_RETENTION_YEARS = 3
ERASED_REPR = "[erased]"
# How the apps' __str__ join a name to the rest of a description (see _scrub_audit_log).
REPR_SEPARATORS_AFTER = ("(", "·", "→", "–", "@")
REPR_SEPARATORS_BEFORE = ("of", "von", "@", "→", "–")


class WrongPassword(BusinessRuleError):
    default_message = _("The password is not correct. Nothing was erased.")


def retention_years() -> int:
    return int(getattr(settings, "PRIVACY_CONTACT_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def _own_company_id(user: User) -> int | None:
    return import_string(settings.PORTAL_COMPANY_RESOLVER)(user)


def _ensure_member(actor: User, company: models.Model) -> None:
    if not actor.is_authenticated or not actor.is_active or _own_company_id(actor) != company.pk:
        raise PermissionRefused()


# --- legal pages and feedback -------------------------------------------------------------------

LEGAL_FIELDS = ["title_de", "title_en", "body_de", "body_en"]


def update_legal_page(*, actor: User, page: LegalPage, data: dict[str, str]) -> LegalPage:
    """Consortium admins keep the legal texts; each change is logged with the fields changed."""
    if not (actor.is_active and actor.is_consortium_admin):
        raise PermissionRefused()
    with transaction.atomic():
        page = LegalPage.objects.select_for_update().get(pk=page.pk)
        changed = sorted(k for k in LEGAL_FIELDS if k in data and getattr(page, k) != data[k])
        for field in changed:
            setattr(page, field, data[field])
        page.updated_by = actor
        page.full_clean()
        page.save()
        audit.record(
            actor=actor,
            action="privacy.legal_page.updated",
            target=page,
            data={"fields": changed},
        )
    return page


def submit_accessibility_feedback(
    *, name: str, email: str, page_url: str, message: str, actor: User | None = None
) -> AccessibilityFeedback:
    """Stored, and mailed to the consortium's admins once stored."""
    message = message.strip()
    if not message:
        raise BusinessRuleError(_("Please describe the barrier you met."))
    with transaction.atomic():
        feedback = AccessibilityFeedback(
            name=name.strip(),
            email=email.strip(),
            page_url=page_url.strip(),
            message=message,
            language=(translation.get_language() or "")[:5],
        )
        feedback.full_clean()
        feedback.save()
        audit.record(actor=actor, action="privacy.accessibility_feedback.created", target=feedback)
        recipients = list(
            User.objects.filter(is_consortium_admin=True, is_active=True).order_by("email")
        )
        for recipient in recipients:
            mail.queue_templated_email(
                template_prefix="privacy/email/accessibility_feedback",
                to=recipient,
                context={"feedback": feedback},
            )
    return feedback


# --- export -------------------------------------------------------------------------------------


def collect_company_data(company: models.Model) -> dict[str, list[dict[str, Any]]]:
    """Every app's data of the company, read inside the company's own scope only."""
    data: dict[str, list[dict[str, Any]]] = {}
    with company_scope(company.pk):
        for export in hooks("export_company_data"):
            data.update(export(company))
    return data


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value


def _csv(rows: list[dict[str, Any]]) -> str:
    """One data set as CSV: a header of the keys, then one line per row (portal/exports.py
    neutralises formulas)."""
    if not rows:
        return "\ufeff"
    keys = list(rows[0])
    return exports.csv_text([keys, *([_cell(row.get(key)) for key in keys] for row in rows)])


def build_export_zip(data: dict[str, list[dict[str, Any]]]) -> bytes:
    """One JSON file with everything, and one JSON and one CSV file per data set."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        everything = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("all.json", everything)
        for name, rows in data.items():
            archive.writestr(
                f"json/{name}.json",
                json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            )
            archive.writestr(f"csv/{name}.csv", _csv(rows))
    return output.getvalue()


def export_company_data(*, actor: User, company: models.Model) -> bytes:
    """The company's own data as a ZIP; only a user of the company may take it."""
    _ensure_member(actor, company)
    data = collect_company_data(company)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="privacy.company_data.exported",
            target=company,
            data={"data_sets": {name: len(rows) for name, rows in data.items()}},
        )
    return build_export_zip(data)


# --- erasure ------------------------------------------------------------------------------------


def _scrubbed(value: Any, lowered_terms: list[str]) -> Any:
    """`value` (an audit entry's data) with every text that contains a term replaced."""
    if isinstance(value, dict):
        return {key: _scrubbed(item, lowered_terms) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, lowered_terms) for item in value]
    if isinstance(value, str) and any(term in value.lower() for term in lowered_terms):
        return ERASED_REPR
    return value


def _scrub_audit_data(terms: list[str]) -> int:
    """Texts in the entries' data that name the erased company or people (an invited
    colleague's address, a search for a name) are replaced; the rest of the data stays."""
    # SQLite keeps JSON with non-ASCII letters escaped, PostgreSQL does not: look for both.
    query = models.Q()
    for term in terms:
        for form in {term, json.dumps(term)[1:-1]}:
            query |= models.Q(data_text__icontains=form)
    lowered = [term.lower() for term in terms]
    changed = []
    with unscoped("erasure: scrub names of an erased company from audit data"):
        entries = AuditEntry.objects.annotate(data_text=Cast("data", models.TextField())).filter(
            query
        )
        for entry in entries:
            scrubbed = _scrubbed(entry.data, lowered)
            if scrubbed != entry.data:
                entry.data = scrubbed
                changed.append(entry)
        AuditEntry.objects.bulk_update(changed, ["data"])
    return len(changed)


def _scrub_audit_log(terms: list[str]) -> int:
    """Target descriptions that name the erased company or people are replaced, and so are
    texts naming them in the entries' data; returns how many descriptions and data changed."""
    if not terms:
        return 0
    scrubbed_data = _scrub_audit_data(terms)
    query = _repr_query("target_repr", terms)
    with unscoped("erasure: scrub names of an erased company from audit descriptions"):
        return scrubbed_data + AuditEntry.objects.filter(query).update(target_repr=ERASED_REPR)


def _feedback_naming(terms: list[str]) -> models.QuerySet[AccessibilityFeedback]:
    query = models.Q(pk__in=[])
    for term in terms:
        query |= (
            models.Q(name__icontains=term)
            | models.Q(email__iexact=term)
            | models.Q(message__icontains=term)
        )
    return AccessibilityFeedback.objects.filter(query)


def _erase_feedback(terms: list[str]) -> int:
    """Accessibility feedback that names the erased people or company keeps only its date and
    language (the count of reports stays); the audit entries describing it lose the text too."""
    ids = list(_feedback_naming(terms).values_list("pk", flat=True)) if terms else []
    if not ids:
        return 0
    AccessibilityFeedback.objects.filter(pk__in=ids).update(
        name="", email="", page_url="", message=ERASED_REPR
    )
    with unscoped("erasure: descriptions of erased accessibility feedback"):
        AuditEntry.objects.filter(
            target_type=AccessibilityFeedback._meta.label_lower,
            target_id__in=[str(pk) for pk in ids],
        ).update(target_repr=ERASED_REPR)
    return len(ids)


def _repr_query(field: str, terms: list[str]) -> models.Q:
    """A description that is a term, or a term joined to the rest as the models' __str__ put it
    ("Request #3 of <name>", "<name> (2026-05-04)"), so that "Firma" spares "Firma Nord"."""
    query = models.Q(pk__in=[])
    for term in terms:
        query |= models.Q(**{f"{field}__iexact": term})
        for separator in REPR_SEPARATORS_AFTER:
            query |= models.Q(**{f"{field}__istartswith": f"{term} {separator}"})
        for separator in REPR_SEPARATORS_BEFORE:
            query |= models.Q(**{f"{field}__iendswith": f"{separator} {term}"})
    return query


def _scrub_admin_log(terms: list[str]) -> int:
    """The Django admin's own log keeps the description of what an operator changed."""
    from django.contrib.admin.models import LogEntry

    if not terms:
        return 0
    described = LogEntry.objects.filter(_repr_query("object_repr", terms)).update(
        object_repr=ERASED_REPR
    )
    message = models.Q(pk__in=[])
    for term in terms:
        message |= models.Q(change_message__icontains=term)
    return described + LogEntry.objects.filter(message).update(change_message="")


def _end_sessions(account_ids: list[int], terms: list[str]) -> int:
    """Every login session of the erased accounts (other browsers too), and any session whose
    data names them (allauth keeps the address a login used). Sessions kept in the database
    are listed and decoded; cookie or cache-only sessions cannot be listed and do not apply
    (settings.SESSION_ENGINE is the database's)."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    ids = {str(pk) for pk in account_ids}
    lowered = [term.lower() for term in terms]
    ended = 0
    for key, data in store.get_model_class().objects.values_list("session_key", "session_data"):
        decoded = store().decode(data)
        text = json.dumps(decoded, ensure_ascii=False, default=str).lower()
        if str(decoded.get(SESSION_KEY)) in ids or any(term in text for term in lowered):
            store(session_key=key).delete()
            ended += 1
    return ended


def erase_company(*, actor: User, company: models.Model, password: str) -> dict[str, int]:
    """Anonymise the people and the company's identifying data, keep the anonymous figures.

    Confirmed with the actor's password. All apps erase in one transaction: either all of the
    company's personal data is gone, or nothing changed. Then what names them outside the
    apps' rows goes too: the audit log's texts, the Django admin's log, accessibility feedback,
    and every login session of their accounts. The audit entry names no one.
    """
    _ensure_member(actor, company)
    if not password or not actor.check_password(password):
        raise WrongPassword()
    counts: dict[str, int] = {}
    with company_scope(company.pk), transaction.atomic():
        terms = [t for find in hooks("identifying_terms") for t in find(company)]
        accounts = [pk for find in hooks("account_ids") for pk in find(company)]
        for erase in hooks("erase_company_data"):
            counts.update(erase(company, actor=actor))
        counts["accessibility_feedback"] = _erase_feedback(terms)
        counts["admin_log_entries"] = _scrub_admin_log(terms)
        counts["login_sessions"] = _end_sessions(accounts, terms)
        scrubbed = _scrub_audit_log(terms)
        company.refresh_from_db()
        audit.record(
            actor=actor,  # anonymised by now: the entry keeps who asked without naming them
            action="privacy.company.erased",
            target=company,
            data={"counts": counts, "audit_entries_scrubbed": scrubbed},
        )
    return counts


# --- retention ----------------------------------------------------------------------------------


def retention_cutoff(now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    years = retention_years()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February, in a year without one: the day before
        return now.replace(year=now.year - years, day=28)


def anonymise_inactive_contacts(*, now: datetime | None = None) -> int:
    """The retention rule: contacts inactive for PRIVACY_CONTACT_RETENTION_YEARS years lose
    their names and addresses. Idempotent (anonymised contacts are not counted again)."""
    cutoff = retention_cutoff(now)
    total = 0
    with unscoped("beat: anonymise contacts past the retention period"), transaction.atomic():
        for anonymise in hooks("anonymise_inactive_contacts"):
            total += anonymise(cutoff=cutoff)
        if total:
            audit.record(
                actor=None,
                action="privacy.contacts.anonymised",
                data={"count": total, "cutoff": cutoff.isoformat(), "years": retention_years()},
            )
    return total


# --- housekeeping -------------------------------------------------------------------------------


def clear_expired_sessions() -> None:
    """Sessions past their expiry still hold who was signed in (and an e-mail address in some
    of allauth's states): Django never deletes them by itself, so this job does, daily."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def housekeeping(*, now: datetime | None = None) -> dict[str, int]:
    """The daily clean-up: expired sessions, and each app's own (`housekeeping` hooks: sign-ups
    never confirmed ...). Returns what each hook removed."""
    clear_expired_sessions()
    removed: dict[str, int] = {}
    for clean in hooks("housekeeping"):
        removed.update(clean(now=now or timezone.now()))
    return removed
