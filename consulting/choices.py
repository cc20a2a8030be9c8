"""The fixed choices of consulting's records (their values are stored, their labels shown)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    GMBH = "gmbh", "GmbH"
    UG = "ug", "UG (haftungsbeschränkt)"
    GMBH_CO_KG = "gmbh_co_kg", "GmbH & Co. KG"
    KG = "kg", "KG"
    OHG = "ohg", "OHG"
    AG = "ag", "AG"
    EK = "ek", "e. K."
    GBR = "gbr", "GbR"
    EG = "eg", "eG"
    SOLE = "sole", _("sole proprietor")
    OTHER = "other", _("other")


class MeetingFormat(models.TextChoices):
    ON_SITE = "on_site", _("on site at the company")
    LAB = "lab", _("at the partner's lab / demonstrator")
    REMOTE = "remote", _("remote (video call)")
    PHONE = "phone", _("phone")
    # Logged from a lab trial's outcome (labs.services.record_outcome), never typed by hand.
    LAB_TRIAL = "lab_trial", _("lab trial")


# The formats a consultant chooses by hand (a lab trial's session comes from its outcome).
HAND_FORMATS = [MeetingFormat.ON_SITE, MeetingFormat.LAB, MeetingFormat.REMOTE, MeetingFormat.PHONE]


class SlotStatus(models.TextChoices):
    """A slot's life cycle (consulting/services/lifecycle.py: SLOT_LIFECYCLE)."""

    OPEN = "open", _("free")
    BOOKED = "booked", _("booked")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ASSIGNED = "assigned", _("assigned")
    SCHEDULED = "scheduled", _("scheduled")
    COMPLETED = "completed", _("completed")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


OPEN_REQUEST_STATES = [RequestStatus.SUBMITTED, RequestStatus.ASSIGNED, RequestStatus.SCHEDULED]


class Stage(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("first contact")
    IN_DEPTH = "in_depth", _("in-depth consultation")
    LAB_TEST = "lab_test", _("lab test")
    IMPLEMENTATION = "implementation", _("implementation project")
    FOLLOW_UP = "follow_up", _("follow-up")


STAGE_ORDER = [s.value for s in Stage]
