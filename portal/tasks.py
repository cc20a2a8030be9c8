"""Portal tasks: thin wrappers that load by id or payload and call the code that does the work."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from portal.tasking import PortalTask, ScopedTask


@shared_task(base=PortalTask, name="portal.send_email")
def send_email(payload: dict[str, Any]) -> int:
    from portal.mail import payload_to_message

    return payload_to_message(payload).send()


@shared_task(
    base=ScopedTask,
    name="portal.deliver_staff_invitation",
    scope_model="portal.StaffInvitation",
    scope_arg="invitation_id",
)
def deliver_staff_invitation(*, invitation_id: int) -> None:
    from portal.services import deliver_staff_invitation as deliver

    deliver(invitation_id=invitation_id)
