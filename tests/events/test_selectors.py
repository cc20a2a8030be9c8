"""Reads given the viewer: recommendations, calendar filters, scopes of events and registrations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from events import selectors, services
from events.models import Event, Registration
from portal import tenancy
from tests.events.factories import EventFactory, scope_of, sme, staff, under_way
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_for_topics_are_open_upcoming_and_soonest_first():
    security, sensors, other = TopicFactory(), TopicFactory(), TopicFactory()
    later = EventFactory(topics=[security], start=timezone.now() + timedelta(days=20))
    soon = EventFactory(topics=[security, sensors], start=timezone.now() + timedelta(days=2))
    EventFactory(topics=[other])  # another topic
    EventFactory(topics=[security], status=Event.Status.DRAFT)
    EventFactory(topics=[security], status=Event.Status.CANCELLED)
    EventFactory(topics=[security], registration_closes=timezone.now() - timedelta(hours=1))
    EventFactory(topics=[security], registration_opens=timezone.now() + timedelta(days=1))
    EventFactory(
        topics=[security],
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=1),
    )
    viewer = sme()
    with scope_of(viewer):
        found = selectors.upcoming_events_for_topics(
            viewer=viewer, topic_ids=[security.pk, sensors.pk]
        )
        assert found == [soon, later]
        assert found[0].organizer.short_name
        assert found[0].get_absolute_url() == f"/events/{soon.slug}/"
        assert selectors.upcoming_events_for_topics(
            viewer=viewer, topic_ids=[security.pk], limit=1
        ) == [soon]
        assert selectors.upcoming_events_for_topics(viewer=viewer, topic_ids=[]) == []


def test_recommendations_work_for_visitors_in_the_public_scope():
    topic = TopicFactory()
    event = EventFactory(topics=[topic])
    with tenancy.public_scope():
        assert selectors.upcoming_events_for_topics(
            viewer=AnonymousUser(), topic_ids=[topic.pk]
        ) == [event]


def test_calendar_filters_by_topic_partner_format_and_month():
    topic = TopicFactory()
    start = timezone.now() + timedelta(days=40)
    match = EventFactory(
        topics=[topic], format=Event.Format.ONLINE, online_url="https://x.example", start=start
    )
    EventFactory(topics=[topic], format=Event.Format.ON_SITE, start=start)
    EventFactory(format=Event.Format.ONLINE, online_url="https://x.example", start=start)
    filters = selectors.CalendarFilters(
        topic=topic.pk,
        partner=match.organizer_id,
        format=Event.Format.ONLINE,
        month=date(timezone.localtime(start).year, timezone.localtime(start).month, 1),
    )
    with tenancy.public_scope():
        found = selectors.calendar_events(viewer=AnonymousUser(), filters=filters)
    assert found == [match]
    assert found[0].free_seats == 10


def test_archive_lists_past_workshops_latest_first():
    now = timezone.now()
    older = EventFactory(
        status=Event.Status.COMPLETED, start=now - timedelta(days=9), end=now - timedelta(days=8)
    )
    newer = EventFactory(
        status=Event.Status.COMPLETED, start=now - timedelta(days=3), end=now - timedelta(days=2)
    )
    EventFactory()
    with tenancy.public_scope():
        assert selectors.archive_events(
            viewer=AnonymousUser(), filters=selectors.CalendarFilters()
        ) == [newer, older]


def test_a_calendar_page_knows_when_time_alone_changes_it():
    now = timezone.now()
    first = EventFactory(
        start=now + timedelta(days=1), registration_closes=now + timedelta(hours=5)
    )
    second = EventFactory(
        start=now + timedelta(days=2), registration_opens=now + timedelta(hours=3)
    )
    running = EventFactory(start=now - timedelta(hours=1), end=now + timedelta(days=3))
    filters = selectors.CalendarFilters()
    with tenancy.public_scope():
        one = selectors.calendar_page(viewer=AnonymousUser(), filters=filters, page=1, per_page=2)
        two = selectors.calendar_page(viewer=AnonymousUser(), filters=filters, page=2, per_page=2)
        archive = selectors.archive_page(viewer=AnonymousUser(), filters=filters, page=1)
    assert one.events == [running, first]
    assert one.page.paginator.count == 3
    # Page 1: the first workshop's registration closes before anything else happens.
    assert one.changes_at == first.registration_closes
    # Page 2 lists only the second workshop: its registration opens, in three hours.
    assert two.events == [second]
    assert two.changes_at == second.registration_opens
    # The archive changes when the first upcoming workshop ends and moves there.
    assert archive.events == []
    assert archive.changes_at == first.end


def test_a_calendar_page_out_of_range_shows_the_last_one():
    events = [EventFactory(start=timezone.now() + timedelta(days=n + 1)) for n in range(3)]
    with tenancy.public_scope():
        shown = selectors.calendar_page(
            viewer=AnonymousUser(), filters=selectors.CalendarFilters(), page="9", per_page=2
        )
        bad = selectors.calendar_page(
            viewer=AnonymousUser(), filters=selectors.CalendarFilters(), page="x", per_page=2
        )
    assert shown.events == events[2:]
    assert bad.events == events[:2]


def test_scopes_of_events_and_registrations():
    event = EventFactory()
    draft = EventFactory(organizer=event.organizer, status=Event.Status.DRAFT)
    participant = sme()
    with scope_of(participant):
        registration = services.register_for_event(event=event, user=participant)
    organiser = staff(event)
    stranger = staff(EventFactory())
    with tenancy.partner_scope(event.organizer_id):
        assert set(Event.objects.all()) >= {event, draft}
        assert list(Registration.objects.visible_to(organiser)) == [registration]
    with tenancy.partner_scope(stranger.partner_memberships()[0].partner_id):
        assert not Event.objects.filter(pk=draft.pk).exists()
        assert Event.objects.filter(pk=event.pk).exists()  # published: public
        assert not Registration.objects.exists()
        assert list(Registration.objects.visible_to(stranger)) == []
    with scope_of(participant):
        assert list(Registration.objects.all()) == [registration]
        assert not Event.objects.filter(pk=draft.pk).exists()
    other_sme = sme()
    with scope_of(other_sme):
        assert not Registration.objects.exists()
        assert list(Registration.objects.visible_to(other_sme)) == []
    with tenancy.public_scope():
        assert not Registration.objects.exists()


def test_waitlist_position_counts_the_people_ahead():
    event = EventFactory(capacity=1)
    people = [sme() for _ in range(3)]
    regs = []
    for person in people:
        with scope_of(person):
            regs.append(services.register_for_event(event=event, user=person))
    assert [selectors.waitlist_position(r) for r in regs] == [None, 1, 2]


def test_check_in_counts_are_seats_and_those_present_as_the_organiser_may_see_them():
    event = EventFactory(capacity=2)
    people = [sme() for _ in range(4)]
    regs = []
    for person in people:
        with scope_of(person):
            regs.append(services.register_for_event(event=event, user=person))
    organiser = staff(event)
    under_way(event)
    with tenancy.partner_scope(event.organizer_id):
        services.check_in(registration=regs[0], actor=organiser)
        services.cancel_registration(registration=regs[3], actor=organiser)  # was waitlisted
        counts = selectors.check_in_counts(viewer=organiser, event=event)
        seated = selectors.participants(viewer=organiser, event=event)["seated"]
    # Two seats (one attended, one confirmed); the waitlisted and the cancelled do not count.
    assert counts == {"seated_count": 2, "present_count": 1}
    assert counts["seated_count"] == len(seated)
    stranger = staff(EventFactory())
    with tenancy.partner_scope(stranger.partner_memberships()[0].partner_id):
        assert selectors.check_in_counts(viewer=stranger, event=event) == {
            "seated_count": 0,
            "present_count": 0,
        }
