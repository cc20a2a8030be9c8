"""Consulting business actions, one function each (split by sub-domain, re-exported here)."""

from consulting.services.accounts import (
    PENDING_INVITATION_SESSION_KEY,
    complete_sme_signup,
    find_company_invitation,
    forget_pending_company_invitation,
    invite_colleague,
    pending_company_invitation,
    purge_unconfirmed_signups,
    register_sme_user,
    remember_company_invitation,
    start_sme_signup,
)
from consulting.services.booking import (
    book_consultation,
    cancel_request,
    publish_slots,
    reschedule_request,
    withdraw_slot,
)
from consulting.services.inbox import (
    assign_request,
    decline_request,
    route_request,
    schedule_request,
    suggest_partners,
)
from consulting.services.records import (
    revoke_share,
    save_contact,
    share_company,
    update_company,
)
from consulting.services.sessions import FollowUpData, complete_follow_up, log_session, next_stage
from consulting.services.transfer import ImportReport, import_companies

__all__ = [
    "PENDING_INVITATION_SESSION_KEY",
    "FollowUpData",
    "ImportReport",
    "assign_request",
    "book_consultation",
    "cancel_request",
    "complete_follow_up",
    "complete_sme_signup",
    "decline_request",
    "find_company_invitation",
    "forget_pending_company_invitation",
    "import_companies",
    "invite_colleague",
    "log_session",
    "next_stage",
    "pending_company_invitation",
    "publish_slots",
    "purge_unconfirmed_signups",
    "register_sme_user",
    "remember_company_invitation",
    "reschedule_request",
    "revoke_share",
    "route_request",
    "save_contact",
    "schedule_request",
    "share_company",
    "start_sme_signup",
    "suggest_partners",
    "update_company",
    "withdraw_slot",
]
