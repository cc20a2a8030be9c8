"""Who may do what with labs and trials (views and services both ask here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.permissions import is_partner_admin_of, is_staff_of
from portal.tenancy import unscoped

if TYPE_CHECKING:
    from labs.models import Lab, Trial
    from portal.models import User


def can_manage_labs(user: User, partner_id: int | None) -> bool:
    """Partner admins keep their labs, opening hours, blackouts and guides."""
    return is_partner_admin_of(user, partner_id)


def is_guide_of(user: User, lab: Lab) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return lab.guides.through.objects.filter(lab_id=lab.pk, user_id=user.pk).exists()


def can_decide_trial(user: User, trial: Trial) -> bool:
    """Approve, propose, decline: a qualified guide of the lab, or an admin of its partner."""
    partner_id = trial.lab.partner_id
    if not is_staff_of(user, partner_id):
        return False
    return is_partner_admin_of(user, partner_id) or is_guide_of(user, trial.lab)


def can_record_outcome(user: User, trial: Trial) -> bool:
    """The assigned guide, or an admin of the lab's partner."""
    partner_id = trial.lab.partner_id
    if not is_staff_of(user, partner_id):
        return False
    return trial.guide_id == user.pk or is_partner_admin_of(user, partner_id)


def is_company_user(user: User, company_id: int) -> bool:
    from consulting.models import CompanyMember

    if not user.is_authenticated or not user.is_active:
        return False
    with unscoped("is the user one of the company's own accounts"):
        return CompanyMember.objects.filter(user_id=user.pk, company_id=company_id).exists()


def can_cancel_trial(user: User, trial: Trial) -> bool:
    """The company's own users, and the staff who decide on the trial."""
    return is_company_user(user, trial.company_id) or can_decide_trial(user, trial)
