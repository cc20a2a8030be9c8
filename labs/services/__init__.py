"""Labs business actions, one function each (split by sub-domain, re-exported here)."""

from labs.services.feeds import create_guide_feed, revoke_guide_feed
from labs.services.labs import add_blackout, remove_blackout, save_lab
from labs.services.reminders import send_due_reminders
from labs.services.trials import (
    accept_proposal,
    approve_trial,
    cancel_trial,
    check_window,
    decline_trial,
    mark_no_show,
    propose_time,
    record_outcome,
    request_trial,
)

__all__ = [
    "accept_proposal",
    "add_blackout",
    "approve_trial",
    "cancel_trial",
    "check_window",
    "create_guide_feed",
    "decline_trial",
    "mark_no_show",
    "propose_time",
    "record_outcome",
    "remove_blackout",
    "request_trial",
    "revoke_guide_feed",
    "save_lab",
    "send_due_reminders",
]
