"""Booking, waitlist, capacity, cancelling, check-in and feedback through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import errors, services
from events.models import Event, Registration
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.events.factories import EventFactory, admin_of, scope_of, sme, staff, under_way
from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Registration.Status


def register(event, user):
    with scope_of(user):
        return services.register_for_event(event=event, user=user)


def cancel(registration, actor=None):
    actor = actor or registration.user
    with scope_of(actor):
        return services.cancel_registration(registration=registration, actor=actor)


def statuses(event):
    with unscoped("test assertions"):
        return list(
            Registration.objects.filter(event=event)
            .order_by("created_at", "pk")
            .values_list("user__email", "status")
        )


def fresh(registration):
    with unscoped("test assertions"):
        return Registration.objects.get(pk=registration.pk)


# --- register_for_event -------------------------------------------------------------------------


def test_registrations_are_confirmed_until_capacity_then_waitlisted_in_arrival_order():
    event = EventFactory(capacity=2)
    people = [sme() for _ in range(4)]
    results = [register(event, p).status for p in people]
    assert results == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [email for email, _ in statuses(event)] == [p.email for p in people]


def test_registration_records_company_and_writes_audit_entry():
    event = EventFactory()
    person = sme()
    registration = register(event, person)
    with unscoped("test assertions"):
        assert registration.company_id is not None
        assert registration.organisation == registration.company.name
        assert AuditEntry.objects.filter(
            action="events.registration.created", target_id=str(registration.pk)
        ).exists()


def test_a_person_registers_only_once_per_event():
    event = EventFactory()
    person = sme()
    register(event, person)
    with pytest.raises(errors.AlreadyRegistered):
        register(event, person)
    assert len(statuses(event)) == 1


def test_after_cancelling_a_person_may_register_again_at_the_end_of_the_line():
    event = EventFactory(capacity=1)
    first, second = sme(), sme()
    mine = register(event, first)
    register(event, second)  # waitlisted
    cancel(mine)  # second moves up
    again = register(event, first)
    assert again.status == S.WAITLISTED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"status": Event.Status.DRAFT}, "not open"),
        ({"registration_closes": timezone.now() - timedelta(hours=1)}, "closed"),
    ],
)
def test_registration_is_refused_when_not_open_and_changes_nothing(changes, message):
    event = EventFactory(**changes)
    with pytest.raises(BusinessRuleError, match=message):
        register(event, sme())
    assert statuses(event) == []


def test_registration_before_the_window_opens_says_when_it_opens():
    event = EventFactory(registration_opens=timezone.now() + timedelta(days=1))
    with pytest.raises(errors.RegistrationClosed, match="opens on"):
        register(event, sme())


def test_registration_after_the_start_is_refused():
    event = EventFactory(start=timezone.now() - timedelta(hours=1))
    with pytest.raises(errors.RegistrationClosed):
        register(event, sme())


def test_registration_mail_tells_seat_or_waitlist_and_link_only_to_confirmed(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(
        capacity=1, format=Event.Format.ONLINE, venue="", online_url="https://meet.example/x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(event, sme())
        register(event, sme())
    confirmed, waitlisted = mail.outbox
    assert "Registered" in confirmed.subject
    assert "https://meet.example/x" in confirmed.body
    assert "waitlist" in waitlisted.subject.lower()
    assert "https://meet.example/x" not in waitlisted.body


# --- cancel_registration and promotion ----------------------------------------------------------


def test_cancelling_promotes_the_first_waitlisted_who_gets_an_email(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    holder, first, second = sme(), sme(), sme()
    seat = register(event, holder)
    register(event, first)
    register(event, second)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(seat)
    assert statuses(event) == [
        (holder.email, S.CANCELLED),
        (first.email, S.CONFIRMED),
        (second.email, S.WAITLISTED),
    ]
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert "You have a seat" in mail.outbox[0].subject


def test_leaving_the_waitlist_promotes_nobody():
    event = EventFactory(capacity=1)
    holder, waiting = sme(), sme()
    register(event, holder)
    cancel(register(event, waiting))
    assert statuses(event) == [(holder.email, S.CONFIRMED), (waiting.email, S.CANCELLED)]


def test_a_registration_cannot_be_cancelled_twice():
    registration = register(EventFactory(), sme())
    cancel(registration)
    with pytest.raises(errors.RegistrationNotActive):
        cancel(registration)


def test_only_the_participant_or_the_organisers_staff_may_cancel():
    event = EventFactory(capacity=1)
    registration = register(event, sme())
    with pytest.raises(PermissionRefused):
        cancel(registration, actor=sme())
    other_partner_staff = staff(EventFactory())
    with pytest.raises(PermissionRefused):
        cancel(registration, actor=other_partner_staff)
    cancel(registration, actor=staff(event))
    assert fresh(registration).status == S.CANCELLED


# --- set_capacity -------------------------------------------------------------------------------


def test_raising_the_capacity_promotes_from_the_waitlist_in_order():
    event = EventFactory(capacity=1)
    people = [sme() for _ in range(4)]
    for person in people:
        register(event, person)
    admin = admin_of(event)
    with scope_of(admin):
        services.set_capacity(event=event, capacity=3, actor=admin)
    assert [s for _, s in statuses(event)] == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_lowering_the_capacity_below_confirmed_is_refused_and_changes_nothing():
    event = EventFactory(capacity=3)
    for _ in range(3):
        register(event, sme())
    admin = admin_of(event)
    with scope_of(admin), pytest.raises(errors.CapacityBelowConfirmed, match="3 confirmed"):
        services.set_capacity(event=event, capacity=2, actor=admin)
    with unscoped("test assertions"):
        assert Event.objects.get(pk=event.pk).capacity == 3


def test_lowering_the_capacity_to_the_confirmed_count_is_allowed():
    event = EventFactory(capacity=5)
    register(event, sme())
    admin = admin_of(event)
    with scope_of(admin):
        assert services.set_capacity(event=event, capacity=1, actor=admin).capacity == 1


@pytest.mark.parametrize("capacity", [0, -1])
def test_capacity_below_one_is_refused(capacity):
    event = EventFactory(capacity=5)
    admin = admin_of(event)
    with scope_of(admin), pytest.raises(errors.InvalidCapacity):
        services.set_capacity(event=event, capacity=capacity, actor=admin)


def test_only_partner_admins_change_the_capacity():
    event = EventFactory(capacity=5)
    consultant = staff(event)
    with scope_of(consultant), pytest.raises(PermissionRefused):
        services.set_capacity(event=event, capacity=6, actor=consultant)


# --- events: create, publish, cancel ------------------------------------------------------------


def _event_data(**overrides):
    start = timezone.now() + timedelta(days=10)
    data = {
        "title": "Sensorik zum Anfassen",
        "description": "Sensoren nachrüsten.",
        "format": Event.Format.ON_SITE,
        "venue": "IMMS Ilmenau",
        "online_url": "",
        "start": start,
        "end": start + timedelta(hours=4),
        "language": "de",
        "target_group": "",
        "registration_opens": None,
        "registration_closes": None,
    }
    data.update(overrides)
    return data


def test_partner_admin_creates_a_draft_and_publishes_it():
    from tests.factories import MembershipFactory, TopicFactory

    admin = MembershipFactory(role="partner_admin")
    with scope_of(admin.user):
        event = services.create_event(
            actor=admin.user,
            partner=admin.partner,
            data=_event_data(),
            capacity=12,
            topics=[TopicFactory()],
        )
        assert event.status == Event.Status.DRAFT
        assert event.slug.startswith("sensorik-zum-anfassen-")
        published = services.publish_event(actor=admin.user, event=event)
    assert published.status == Event.Status.PUBLISHED


def test_an_event_that_ends_before_it_starts_is_refused():
    from tests.factories import MembershipFactory, TopicFactory

    admin = MembershipFactory(role="partner_admin")
    start = timezone.now() + timedelta(days=3)
    with scope_of(admin.user), pytest.raises(BusinessRuleError, match="end must be after"):
        services.create_event(
            actor=admin.user,
            partner=admin.partner,
            data=_event_data(start=start, end=start - timedelta(hours=1)),
            capacity=12,
            topics=[TopicFactory()],
        )
    with unscoped("test assertions"):
        assert not Event.objects.exists()


def test_a_consultant_cannot_create_events():
    from tests.factories import MembershipFactory, TopicFactory

    consultant = MembershipFactory(role="consultant")
    with scope_of(consultant.user), pytest.raises(PermissionRefused):
        services.create_event(
            actor=consultant.user,
            partner=consultant.partner,
            data=_event_data(),
            capacity=5,
            topics=[TopicFactory()],
        )


def test_cancelling_an_event_mails_every_registered_person(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated, waiting, gone = sme(), sme(), sme()
    register(event, seated)
    register(event, waiting)
    cancel(register(event, gone))
    mail.outbox.clear()
    admin = admin_of(event)
    with scope_of(admin), django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=admin, event=event, reason="Referent erkrankt")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.email, waiting.email])
    assert all("Referent erkrankt" in m.body for m in mail.outbox)
    with pytest.raises(errors.EventNotOpen, match="cancelled"):
        register(event, sme())


def test_cancelling_an_event_needs_a_reason():
    event = EventFactory()
    admin = admin_of(event)
    with scope_of(admin), pytest.raises(BusinessRuleError, match="reason"):
        services.cancel_event(actor=admin, event=event, reason="  ")


def test_finished_events_are_completed_by_the_beat_job():
    past = EventFactory(
        start=timezone.now() - timedelta(days=1), end=timezone.now() - timedelta(hours=20)
    )
    upcoming = EventFactory()
    assert services.complete_finished_events() == 1
    with unscoped("test assertions"):
        assert Event.objects.get(pk=past.pk).status == Event.Status.COMPLETED
        assert Event.objects.get(pk=upcoming.pk).status == Event.Status.PUBLISHED


# --- check-in and feedback ----------------------------------------------------------------------


def test_check_in_marks_attended_and_can_be_undone():
    event = EventFactory()
    registration = register(event, sme())
    organiser = staff(event)
    under_way(event)
    with scope_of(organiser):
        assert services.check_in(registration=registration, actor=organiser).status == S.ATTENDED
        assert services.check_in(registration=registration, actor=organiser).status == S.ATTENDED
        undone = services.undo_check_in(registration=registration, actor=organiser)
    assert undone.status == S.CONFIRMED
    assert undone.checked_in_at is None


def test_checking_in_a_waitlisted_person_is_refused():
    event = EventFactory(capacity=1)
    register(event, sme())
    waiting = register(event, sme())
    organiser = staff(event)
    with scope_of(organiser), pytest.raises(errors.NotCheckedInable):
        services.check_in(registration=waiting, actor=organiser)
    assert fresh(waiting).status == S.WAITLISTED


def test_staff_of_another_partner_cannot_check_in():
    event = EventFactory()
    registration = register(event, sme())
    stranger = staff(EventFactory())
    with pytest.raises(PermissionRefused), unscoped("the stranger holds the row somehow"):
        services.check_in(registration=registration, actor=stranger)


def test_feedback_only_from_attendees_and_rating_1_to_5():
    event = EventFactory()
    person = sme()
    registration = register(event, person)
    with scope_of(person), pytest.raises(errors.FeedbackNotPossible):
        services.submit_feedback(registration=registration, actor=person, rating=4)
    organiser = staff(event)
    under_way(event)
    with scope_of(organiser):
        services.check_in(registration=registration, actor=organiser)
    with scope_of(person):
        with pytest.raises(BusinessRuleError, match="1 to 5"):
            services.submit_feedback(registration=registration, actor=person, rating=6)
        saved = services.submit_feedback(
            registration=registration, actor=person, rating=4, comment=" gut "
        )
    assert (saved.feedback_rating, saved.feedback_comment) == (4, "gut")


def test_only_the_participant_gives_feedback():
    event = EventFactory()
    registration = register(event, sme())
    with pytest.raises(PermissionRefused):
        services.submit_feedback(registration=registration, actor=UserFactory(), rating=3)


# --- refusals that change nothing ---------------------------------------------------------------


def _past_event(**kwargs):
    start = timezone.now() - timedelta(days=2)
    return EventFactory(start=start, end=start + timedelta(hours=3), **kwargs)


def test_a_published_or_past_event_cannot_be_published_again():
    event = EventFactory()
    admin = admin_of(event)
    with scope_of(admin), pytest.raises(errors.WrongEventState, match="Only a draft"):
        services.publish_event(actor=admin, event=event)
    old_draft = _past_event(organizer=event.organizer, status=Event.Status.DRAFT)
    with scope_of(admin), pytest.raises(errors.WrongEventState, match="over"):
        services.publish_event(actor=admin, event=old_draft)


def test_cancelled_or_finished_events_cannot_be_cancelled_or_edited():
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    admin = admin_of(cancelled)
    with scope_of(admin):
        with pytest.raises(errors.WrongEventState):
            services.cancel_event(actor=admin, event=cancelled, reason="again")
        with pytest.raises(errors.WrongEventState):
            services.update_event(
                actor=admin, event=cancelled, data={"title": "x"}, topics=[TopicFactory()]
            )
        with pytest.raises(errors.WrongEventState):
            services.set_capacity(event=cancelled, capacity=20, actor=admin)
        past = _past_event(organizer=cancelled.organizer)
        with pytest.raises(errors.WrongEventState, match="over"):
            services.cancel_event(actor=admin, event=past, reason="late")
        with pytest.raises(BusinessRuleError, match="topic"):
            services.update_event(actor=admin, event=past, data={}, topics=[])


def test_an_event_needs_a_topic_and_a_seat():
    from tests.factories import MembershipFactory

    admin = MembershipFactory(role="partner_admin")
    with scope_of(admin.user):
        with pytest.raises(BusinessRuleError, match="topic"):
            services.create_event(
                actor=admin.user, partner=admin.partner, data=_event_data(), capacity=5, topics=[]
            )
        with pytest.raises(errors.InvalidCapacity):
            services.create_event(
                actor=admin.user,
                partner=admin.partner,
                data=_event_data(),
                capacity=0,
                topics=[TopicFactory()],
            )


def test_an_online_workshop_needs_its_link():
    from tests.factories import MembershipFactory

    admin = MembershipFactory(role="partner_admin")
    with scope_of(admin.user), pytest.raises(BusinessRuleError, match="link"):
        services.create_event(
            actor=admin.user,
            partner=admin.partner,
            data=_event_data(format=Event.Format.ONLINE, venue=""),
            capacity=5,
            topics=[TopicFactory()],
        )


def test_attended_or_finished_registrations_cannot_be_cancelled():
    event = EventFactory()
    registration = register(event, sme())
    organiser = staff(event)
    under_way(event)
    with scope_of(organiser):
        services.check_in(registration=registration, actor=organiser)
    with pytest.raises(errors.RegistrationNotActive, match="attended"):
        cancel(registration)
    over = _past_event()
    with unscoped("test set-up: a registration of a workshop that is over"):
        old = Registration.objects.create(event=over, user=sme(), status=S.CONFIRMED)
    with pytest.raises(errors.WrongEventState, match="over"):
        cancel(old)


def test_a_check_in_with_a_certificate_cannot_be_undone_and_cancelled_events_refuse_check_in():
    event = EventFactory()
    registration = register(event, sme())
    organiser = staff(event)
    under_way(event)
    with scope_of(organiser):
        services.check_in(registration=registration, actor=organiser)
    with unscoped("test set-up: a certificate exists"):
        Registration.objects.filter(pk=registration.pk).update(
            certificate_status=Registration.CertificateStatus.READY
        )
    with scope_of(organiser), pytest.raises(BusinessRuleError, match="certificate"):
        services.undo_check_in(registration=registration, actor=organiser)
    other = register(EventFactory(organizer=event.organizer), sme())
    under_way(other.event)
    with unscoped("test set-up: the workshop was called off"):
        Event.objects.filter(pk=other.event_id).update(status=Event.Status.CANCELLED)
    with scope_of(organiser), pytest.raises(errors.WrongEventState):
        services.check_in(registration=other, actor=organiser)
