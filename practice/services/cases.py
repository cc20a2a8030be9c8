"""The editorial life of a case: draft → in review → awaiting the company → approved by the
company → published → withdrawn (issue #16), with ONE table of moves (portal/lifecycle.py).

The invariant that matters: a case names its company only on an approval of its exact text.
An approval stores the text version and a hash of the approved text; the text cannot change
after the case left review, publishing checks that the latest approval is of the current text,
and `company_named` is set by the approval only (and cleared when permission is withdrawn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from consulting.models import AdvisorySession, Company, MeetingFormat
from events.pagecache import calendar_changed
from portal import audit, mail
from portal.errors import BusinessRuleError, PermissionRefused
from portal.lifecycle import Lifecycle, Move
from portal.models import PartnerInstitution, Topic, User
from portal.permissions import is_staff_of
from portal.tenancy import unscoped
from practice import permissions
from practice.models import (
    APPROVED_TEXT_FIELDS,
    Case,
    CaseApproval,
    CaseSource,
    CaseStatus,
    CaseViewDay,
)

S = CaseStatus
APPROVAL_SALT = "practice.case-approval"
APPROVAL_LINK_DAYS = 30


def _has_company(case: Case) -> str | None:
    if case.company_id is None:
        return str(_("Link the company first: only the company can approve its case."))
    return None


def current_approval(case: Case) -> CaseApproval | None:
    """The latest decision of the company on this case, if it still stands."""
    return (
        CaseApproval.objects.filter(case_id=case.pk, revoked_at__isnull=True)
        .order_by("-decided_at", "-pk")
        .first()
    )


def _approval_of_this_text(case: Case) -> str | None:
    approval = current_approval(case)
    if approval is None or not approval.approved or approval.text_hash != case.text_hash:
        return str(_("The company has not approved this exact text."))
    if case.company_named and not approval.may_name_company:
        return str(_("The company did not allow its name to be shown."))
    return None


CASE_LIFECYCLE = Lifecycle(
    states=CaseStatus,
    audit_prefix="practice.case",
    moves={
        "submit": Move({S.DRAFT: S.IN_REVIEW}, label=_("Submit for review")),
        "return": Move({S.IN_REVIEW: S.DRAFT}, label=_("Return to the author"), audit="returned"),
        "send": Move(
            {S.IN_REVIEW: S.AWAITING_COMPANY},
            label=_("Send to the company for approval"),
            guard=_has_company,
        ),
        "approve": Move({S.AWAITING_COMPANY: S.APPROVED}, label=_("Approve")),
        "decline": Move({S.AWAITING_COMPANY: S.DRAFT}, label=_("Do not approve"), audit="declined"),
        "publish": Move(
            {S.APPROVED: S.PUBLISHED}, label=_("Publish"), guard=_approval_of_this_text
        ),
        "withdraw": Move(
            {S.AWAITING_COMPANY: S.WITHDRAWN, S.APPROVED: S.WITHDRAWN, S.PUBLISHED: S.WITHDRAWN},
            label=_("Withdraw"),
        ),
        "reopen": Move({S.WITHDRAWN: S.DRAFT}, label=_("Reopen as draft"), audit="reopened"),
    },
)

EDITABLE = (S.DRAFT, S.IN_REVIEW)
RESERVED_SLUGS = {"manage", "feed", "approve", "my-cases"}  # routes under /practice/


@dataclass
class CaseData:
    """The content of a case as a form delivers it."""

    title: str
    summary: str
    company: Company | None
    sector_section: str
    sector_division: str
    size_class: str
    district: str
    topics: list[Topic]
    technologies: list[str]
    starting_point: str
    approach: str
    result: str
    lessons: str
    investment_range: str
    duration_months: int
    figures: list[dict[str, Any]] = field(default_factory=list)
    partners_involved: list[PartnerInstitution] = field(default_factory=list)
    source: str = CaseSource.SESSION
    image: Any = None  # an upload; None keeps the picture, False removes it
    image_alt: str = ""


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "fall"
    slug, n = base, 1
    # Slugs are unique across partners: look at every case's, not only this scope's.
    with unscoped("a new case's slug must be unique across all partners"):
        while slug in RESERVED_SLUGS or Case.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
    return slug


def _apply(case: Case, data: CaseData) -> None:
    for name in (
        "title",
        "summary",
        "company",
        "sector_section",
        "sector_division",
        "size_class",
        "district",
        "starting_point",
        "approach",
        "result",
        "lessons",
        "investment_range",
        "duration_months",
        "figures",
        "source",
        "image_alt",
    ):
        setattr(case, name, getattr(data, name))
    if data.image is False:
        case.image = None
    elif data.image is not None:
        case.image = data.image
    case.technologies = (
        "," + ",".join(sorted(set(data.technologies))) + "," if data.technologies else ""
    )


def _clean_save(case: Case) -> None:
    from django.core.exceptions import ValidationError

    try:
        case.full_clean(exclude=["slug"] if not case.slug else None)
    except ValidationError as error:
        raise BusinessRuleError(" ".join(error.messages)) from error
    case.save()


def draft_from_session(session: AdvisorySession) -> dict[str, Any]:
    """What a new draft takes over from a session marked "may be cited" (form initial data)."""
    company = session.company
    return {
        "company": company,
        "sector_section": company.sector_section,
        "sector_division": company.sector_division,
        "size_class": company.size_class or "",
        "district": company.district,
        "topics": list(session.topics.all()),
        "starting_point": session.summary,
        "result": session.outcomes,
        # a lab trial's outcome is logged as a session of that format (labs), with the
        # company's "may be cited" carried over: so trials are candidates too
        "source": CaseSource.LAB_TRIAL
        if session.format == MeetingFormat.LAB_TRIAL
        else CaseSource.SESSION,
    }


def create_case(
    *,
    actor: User,
    partner: PartnerInstitution,
    data: CaseData,
    session: AdvisorySession | None = None,
) -> Case:
    """A new draft of the partner, written by its staff; from a session of the same partner
    that the company agreed may be cited, or from scratch."""
    if not is_staff_of(actor, partner.pk):
        raise PermissionRefused
    if session is not None and (
        session.partner_id != partner.pk or not session.good_practice_consent
    ):
        raise BusinessRuleError(
            _("Only a session of your partner marked “may be cited” can be used.")
        )
    with transaction.atomic():
        case = Case(partner=partner, created_by=actor, source_session=session)
        _apply(case, data)
        case.slug = _unique_slug(data.title)
        _clean_save(case)
        case.topics.set(data.topics)
        case.partners_involved.set([p for p in data.partners_involved if p.pk != partner.pk])
        audit.record(actor=actor, action="practice.case.created", target=case)
    return case


def update_case(*, actor: User, case: Case, data: CaseData) -> Case:
    """Edit a draft (its staff) or a case in review (its admins). A changed text gets a new
    version: an approval is always of one version."""
    with transaction.atomic():
        case = _lock(case)
        if case.status not in EDITABLE:
            raise BusinessRuleError(_("Only drafts and cases in review can be edited."))
        allowed = (
            permissions.can_review_case(actor, case)
            if case.status == S.IN_REVIEW
            else permissions.can_write_case(actor, case)
        )
        if not allowed:
            raise PermissionRefused
        before = case.approved_text()
        _apply(case, data)
        if case.approved_text() != before:
            case.text_version += 1
        _clean_save(case)
        case.topics.set(data.topics)
        case.partners_involved.set([p for p in data.partners_involved if p.pk != case.partner_id])
        changed = [k for k in APPROVED_TEXT_FIELDS if before[k] != case.approved_text()[k]]
        audit.record(
            actor=actor, action="practice.case.edited", target=case, data={"fields": changed}
        )
    return case


def _move(case: Case, name: str, *, actor: User | None, **changes: Any) -> Case:
    with transaction.atomic():
        case = _lock(case)
        CASE_LIFECYCLE.transition(case, name, actor=actor, changes=changes)
    return case


def submit_case(*, actor: User, case: Case) -> Case:
    if not permissions.can_write_case(actor, case):
        raise PermissionRefused
    return _move(case, "submit", actor=actor, review_note="")


def return_case(*, actor: User, case: Case, note: str) -> Case:
    if not permissions.can_review_case(actor, case):
        raise PermissionRefused
    if not note.strip():
        raise BusinessRuleError(_("Please say what should change."))
    return _move(case, "return", actor=actor, review_note=note.strip()[:500])


def approval_token(case: Case, *, name: str, email: str) -> str:
    return signing.dumps(
        {"case": case.pk, "v": case.text_version, "h": case.text_hash, "n": name, "e": email},
        salt=APPROVAL_SALT,
        compress=True,
    )


def read_approval_token(token: str) -> dict[str, Any]:
    """The signed link's content; BusinessRuleError when it is forged or expired."""
    try:
        return signing.loads(token, salt=APPROVAL_SALT, max_age=timedelta(days=APPROVAL_LINK_DAYS))
    except signing.BadSignature:
        raise BusinessRuleError(_("This approval link is not valid or has expired.")) from None


def send_for_approval(*, actor: User, case: Case, contact_name: str, contact_email: str) -> Case:
    """The partner admin sends the exact text to a contact of the company, as a signed link
    (valid 30 days; only for this version of the text)."""
    if not permissions.can_review_case(actor, case):
        raise PermissionRefused
    if not contact_name.strip() or not contact_email.strip():
        raise BusinessRuleError(_("Please name the contact of the company and their e-mail."))
    case = _move(case, "send", actor=actor, review_note="")
    token = approval_token(case, name=contact_name.strip(), email=contact_email.strip())
    mail.queue_templated_email(
        template_prefix="practice/email/approval_request",
        to=contact_email.strip(),
        context={
            "case": case,
            "name": contact_name.strip(),
            "partner": case.partner,
            "url": mail.absolute_url(f"/practice/approve/{token}/"),
            "days": APPROVAL_LINK_DAYS,
        },
    )
    return case


def decide_approval(
    *,
    case: Case,
    approve: bool,
    text_hash: str,
    approver_name: str,
    approver_email: str = "",
    approver: User | None = None,
    may_name_company: bool = False,
    comment: str = "",
) -> Case:
    """The company's answer on the exact text it was shown (`text_hash`): approve (with or
    without its name) or not. From a signed link (approver None) or an account of the company
    (approver given, checked here). Stores who, when, the version and the text's hash."""
    if approver is not None and not permissions.is_company_user(approver, case):
        raise PermissionRefused
    if not approver_name.strip():
        raise BusinessRuleError(_("Please enter your name."))
    with transaction.atomic():
        case = _lock(case)
        if text_hash != case.text_hash:
            raise BusinessRuleError(
                _("The text has changed since you were asked; nothing was saved.")
            )
        name = "approve" if approve else "decline"
        CASE_LIFECYCLE.check(case, name)
        decision = CaseApproval.objects.create(
            case=case,
            text_version=case.text_version,
            text_hash=case.text_hash,
            approved=approve,
            may_name_company=approve and may_name_company,
            approver_name=approver_name.strip()[:200],
            approver_email=approver_email.strip()[:254],
            approver=approver,
            via=CaseApproval.Via.ACCOUNT if approver else CaseApproval.Via.LINK,
            comment=comment.strip()[:1000],
        )
        named = decision.may_name_company and case.company is not None
        changes: dict[str, Any] = {
            "company_named": named,
            "company_name": case.company.name if named and case.company else "",
        }
        if not approve:
            changes["review_note"] = (comment.strip() or str(_("The company did not approve.")))[
                :500
            ]
        CASE_LIFECYCLE.transition(
            case, name, actor=approver, changes=changes, data={"approval": decision.pk}
        )
    return case


def publish_case(*, actor: User, case: Case) -> Case:
    if not permissions.can_review_case(actor, case):
        raise PermissionRefused
    case = _move(case, "publish", actor=actor, published_at=timezone.now())
    calendar_changed()  # workshop pages list the cases on their topics
    return case


def withdraw_case(*, actor: User, case: Case) -> Case:
    """The partner admin takes the case offline."""
    if not permissions.can_review_case(actor, case):
        raise PermissionRefused
    case = _move(case, "withdraw", actor=actor, withdrawn_at=timezone.now())
    calendar_changed()
    return case


def reopen_case(*, actor: User, case: Case) -> Case:
    """A withdrawn case back to draft: it needs a fresh approval before it is published again."""
    if not permissions.can_review_case(actor, case):
        raise PermissionRefused
    return _move(
        case, "reopen", actor=actor, company_named=False, company_name="", withdrawn_at=None
    )


def withdraw_permission(*, actor: User, case: Case, keep_anonymous: bool) -> Case:
    """The company takes back its permission, at any time: the case goes offline, or (if the
    company prefers) stays online without its name. Every standing approval is revoked."""
    if not permissions.is_company_user(actor, case):
        raise PermissionRefused
    with transaction.atomic():
        case = _lock(case)
        now = timezone.now()
        CaseApproval.objects.filter(case_id=case.pk, revoked_at__isnull=True).update(revoked_at=now)
        if keep_anonymous and case.status == S.PUBLISHED:
            case.company_named, case.company_name = False, ""
            case.save(update_fields=["company_named", "company_name", "updated_at"])
            audit.record(actor=actor, action="practice.case.anonymised", target=case)
        elif CASE_LIFECYCLE.allows(case, "withdraw"):
            CASE_LIFECYCLE.transition(
                case,
                "withdraw",
                actor=actor,
                changes={"withdrawn_at": now, "company_named": False, "company_name": ""},
                data={"by": "company"},
            )
        else:
            case.company_named, case.company_name = False, ""
            case.save(update_fields=["company_named", "company_name", "updated_at"])
            audit.record(actor=actor, action="practice.case.permission_withdrawn", target=case)
    calendar_changed()
    return case


def take_offline_for_erasure(*, company: Company, actor: User) -> int:
    """GDPR erasure of the company: its cases go offline and lose the link to it; the people
    who approved them are anonymised. Runs inside the company's scope (privacy hook)."""
    now = timezone.now()
    cases = list(Case.objects.filter(company_id=company.pk))
    # The approvals first: once a case is unlinked it leaves the company's scope.
    CaseApproval.objects.filter(case__in=[c.pk for c in cases]).update(
        approver_name="—", approver_email="", approver=None, comment="", revoked_at=now
    )
    # Unlinked, a case leaves the company's scope (and its row-level policy): handing it back
    # to its partner alone is this explicit exit.
    with unscoped("erasure: the company's cases go back to their partner, unlinked"):
        for case in cases:
            if case.status != S.WITHDRAWN:
                case.status = S.WITHDRAWN
                case.withdrawn_at = now
            case.company = None
            case.company_named, case.company_name = False, ""
            case.save(
                update_fields=[
                    "status",
                    "withdrawn_at",
                    "company",
                    "company_named",
                    "company_name",
                    "updated_at",
                ]
            )
    if cases:
        audit.record(actor=actor, action="practice.case.erased", data={"cases": len(cases)})
        calendar_changed()
    return len(cases)


def record_case_view(case: Case) -> None:
    """Count one view of a published case (per day, no personal data). The counter is the
    partner's row, written from a public page: the one unscoped write, for this row only."""
    day = timezone.localdate()
    with unscoped("count a view of a published case (its partner's counter row)"):
        rows = CaseViewDay.objects.filter(case_id=case.pk, day=day)
        if rows.update(views=F("views") + 1):
            return
        try:
            with transaction.atomic():
                CaseViewDay.objects.create(case_id=case.pk, day=day, views=1)
        except IntegrityError:  # a parallel first view created the row: count there
            rows.update(views=F("views") + 1)
