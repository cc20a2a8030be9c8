"""Workshop business actions: one function per action (design §2, style §2), split by
sub-domain (style §1: a module past ~10 public functions becomes a package).

Each service owns its transaction, checks the actor's right again (views only pre-check), writes
an audit entry in the same transaction and sends e-mail only once it has committed.

Seats: every action that changes who holds a seat locks the event row first
(`select_for_update`) and counts afterwards, in the same transaction, so that concurrent requests
queue up on the lock and the count each one sees is final. The invariant is
`confirmed + attended <= capacity`. Counting has to see every participant, not only those the
actor may read, so these parts run `unscoped(...)`; who may act was checked before.
"""

from events.services.attendance import (
    check_in,
    issue_certificate,
    render_certificate,
    requeue_stuck_certificates,
    submit_feedback,
    undo_check_in,
)
from events.services.feeds import create_calendar_feed, revoke_calendar_feed
from events.services.registration import cancel_registration, register_for_event, set_capacity
from events.services.reminders import send_due_reminders
from events.services.workshops import (
    cancel_event,
    complete_finished_events,
    create_event,
    publish_event,
    update_event,
)

__all__ = [
    "cancel_event",
    "cancel_registration",
    "check_in",
    "complete_finished_events",
    "create_calendar_feed",
    "create_event",
    "issue_certificate",
    "publish_event",
    "register_for_event",
    "render_certificate",
    "requeue_stuck_certificates",
    "revoke_calendar_feed",
    "send_due_reminders",
    "set_capacity",
    "submit_feedback",
    "undo_check_in",
    "update_event",
]
