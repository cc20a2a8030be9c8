"""Partner admins keep their labs: details, opening hours, guides, publication, blackouts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labs import permissions
from labs.models import Blackout, Lab, Trial, TrialStatus, overlapping
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import Membership, PartnerInstitution, Topic, User
from portal.tenancy import partner_scope, unscoped

LAB_FIELDS = (
    "name",
    "description",
    "equipment",
    "address",
    "room",
    "capacity",
    "opening_hours",
    "notice_days",
    "max_trial_hours",
    "photo",
    "photo_alt",
    "is_published",
)


def _clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise BusinessRuleError(" ".join(error.messages)) from error


# The first path segments the labs URLs use themselves (labs/urls.py).
RESERVED_SLUGS = {"trials", "manage", "calendar", "feed"}


def _unique_slug(name: str, pk: int | None) -> str:
    base = slugify(name)[:200] or "lab"
    if base in RESERVED_SLUGS:
        base = f"{base}-lab"
    slug, n = base, 1
    with unscoped("lab slugs are unique across all partners"):
        others = Lab.objects.exclude(pk=pk) if pk else Lab.objects.all()
        while others.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
    return slug


def save_lab(
    *,
    actor: User,
    partner: PartnerInstitution,
    data: dict[str, Any],
    topics: Iterable[Topic],
    guides: Iterable[User],
    lab: Lab | None = None,
) -> Lab:
    """Create or update a lab of `partner`. Guides must be staff of the partner; a published
    lab needs at least one topic, opening hours and a guide (otherwise nobody could run it)."""
    if not permissions.can_manage_labs(actor, partner.pk):
        raise PermissionRefused()
    if lab is not None and lab.partner_id != partner.pk:
        raise PermissionRefused()
    topics, guides = list(topics), list(guides)
    staff = set(
        Membership.objects.filter(partner=partner, user__in=guides).values_list(
            "user_id", flat=True
        )
    )
    if any(guide.pk not in staff for guide in guides):
        raise BusinessRuleError(_("Guides must be staff of the lab's partner."))
    if data.get("is_published") and not (topics and guides and data.get("opening_hours")):
        raise BusinessRuleError(
            _("A published lab needs topics, opening hours and at least one guide.")
        )
    with partner_scope(partner), transaction.atomic():
        created = lab is None
        target = (
            Lab(partner=partner) if lab is None else Lab.objects.select_for_update().get(pk=lab.pk)
        )
        for name in LAB_FIELDS:
            if name in data:
                setattr(target, name, data[name])
        if created or not target.slug:
            target.slug = _unique_slug(target.name, target.pk)
        _clean(target)
        target.save()
        target.topics.set(topics)
        target.guides.set(guides)
        audit.record(
            actor=actor,
            action="labs.lab.created" if created else "labs.lab.updated",
            target=target,
            data={"published": target.is_published, "guides": [g.pk for g in guides]},
        )
    return target


def add_blackout(
    *, actor: User, lab: Lab, starts_at: datetime, ends_at: datetime, reason: str = ""
) -> Blackout:
    """Block a period. Refused while an approved trial lies in it: cancel or move that first."""
    if not permissions.can_manage_labs(actor, lab.partner_id):
        raise PermissionRefused()
    with partner_scope(lab.partner_id), transaction.atomic():
        locked = Lab.objects.select_for_update().get(pk=lab.pk)
        blackout = Blackout(lab=locked, starts_at=starts_at, ends_at=ends_at, reason=reason.strip())
        _clean(blackout)
        clashes = Trial.objects.filter(
            overlapping(starts_at, ends_at), lab=locked, status=TrialStatus.APPROVED
        ).count()
        if clashes:
            raise BusinessRuleError(
                _("%(n)s approved trial(s) lie in this period; cancel or move them first.")
                % {"n": clashes}
            )
        blackout.save()
        audit.record(actor=actor, action="labs.blackout.created", target=blackout)
    return blackout


def remove_blackout(*, actor: User, blackout: Blackout) -> None:
    if not permissions.can_manage_labs(actor, blackout.lab.partner_id):
        raise PermissionRefused()
    with partner_scope(blackout.lab.partner_id), transaction.atomic():
        audit.record(
            actor=actor,
            action="labs.blackout.removed",
            target=blackout.lab,
            data={"starts_at": blackout.starts_at.isoformat()},
        )
        Blackout.objects.filter(pk=blackout.pk).delete()
