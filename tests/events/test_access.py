"""The isolation matrix: for every workshop view, who gets 200, who 404, who 403."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, Registration
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.events.factories import ALL, OUTSIDERS, EventFactory, everyone

pytestmark = pytest.mark.django_db

S = Registration.Status

# --- isolation matrix ---------------------------------------------------------------------------

CONFIRMED = {"confirmed": "yes"}  # the confirm step (portal/confirm.py) said yes


def test_public_calendar_pages_are_open_to_everyone(world):
    for url in (reverse("events:list"), reverse("events:archive")):
        assert_access(url, allowed=everyone(world, *ALL), anonymous=200)
    event = world["event"]
    for url in (event.get_absolute_url(), reverse("events:ics", args=[event.slug])):
        assert_access(url, allowed=everyone(world, *ALL), anonymous=200)


def test_a_draft_exists_only_for_the_organisers_staff(world):
    draft = world["draft"]
    for url in (draft.get_absolute_url(), reverse("events:ics", args=[draft.slug])):
        assert_access(
            url,
            allowed=everyone(world, "a_admin", "a_consultant"),
            denied=everyone(world, *OUTSIDERS),
            anonymous=404,
        )


def test_my_workshops_needs_a_login(world):
    assert_access(reverse("events:mine"), allowed=everyone(world, *ALL), anonymous=302)


def test_a_registration_page_is_the_participants_own(world):
    url = world["registration"].get_absolute_url()
    assert_access(
        url,
        allowed=[world["sme_a"]],
        denied=everyone(world, "a_admin", "a_consultant", "b_admin", "sme_b", "consortium"),
        anonymous=302,
    )


@pytest.mark.parametrize("name", ["manage_detail", "manage_check_in", "manage_export"], ids=str)
def test_organiser_pages_only_for_the_organisers_staff(world, name):
    for event in (world["event"], world["draft"], world["past"]):
        assert_access(
            reverse(f"events:{name}", args=[event.slug]),
            allowed=everyone(world, "a_admin", "a_consultant"),
            denied=everyone(world, *OUTSIDERS),
            anonymous=302,
        )


def test_manage_list_only_for_partner_staff(world):
    assert_access(
        reverse("events:manage"),
        allowed=everyone(world, "a_admin", "a_consultant", "b_admin", "b_consultant"),
        denied=everyone(world, "sme_a", "sme_b", "consortium"),
        anonymous=302,
    )


@pytest.mark.parametrize("name", ["manage_edit", "manage_cancel"], ids=str)
def test_admin_pages_404_across_tenants_and_403_for_consultants(world, name):
    url = reverse(f"events:{name}", args=[world["event"].slug])
    assert_access(
        url, allowed=[world["a_admin"]], denied=everyone(world, *OUTSIDERS), anonymous=302
    )
    assert client_for(world["a_consultant"]).get(url).status_code == 403


def test_new_workshop_page_for_partner_admins(world):
    url = reverse("events:manage_create")
    assert_access(
        url,
        allowed=everyone(world, "a_admin", "b_admin"),
        denied=everyone(world, "sme_a", "sme_b", "consortium"),
        anonymous=302,
    )
    assert client_for(world["a_consultant"]).get(url).status_code == 403


def test_posts_to_another_tenants_rows_answer_404_and_change_nothing(world):
    event, registration = world["event"], world["registration"]
    posts = [
        (reverse("events:manage_toggle_check_in", args=[registration.pk]), {"present": "1"}),
        (reverse("events:manage_registration_cancel", args=[registration.pk]), CONFIRMED),
        (reverse("events:manage_capacity", args=[event.slug]), {"capacity": "50"}),
        (reverse("events:manage_publish", args=[world["draft"].slug]), {}),
        (reverse("events:manage_cancel", args=[event.slug]), {"reason": "x"}),
    ]
    for actor in everyone(world, *OUTSIDERS):
        client = client_for(actor)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (actor, url)
    for actor in everyone(world, "a_admin", "sme_b", "b_consultant"):
        client = client_for(actor)
        assert (
            client.post(
                reverse("events:registration_cancel", args=[registration.pk]), CONFIRMED
            ).status_code
            == 404
        )
    with unscoped("test assertions"):
        assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED
        assert Event.objects.get(pk=event.pk).capacity == 1
        assert Event.objects.get(pk=world["draft"].pk).status == Event.Status.DRAFT


def test_calendar_query_count_does_not_grow_with_the_number_of_workshops(
    world, django_assert_max_num_queries
):
    for _ in range(15):
        EventFactory(organizer=world["event"].organizer)
    client = Client()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert len(response.context["events"]) == 16


def test_certificate_download_only_for_the_attendee(world, django_capture_on_commit_callbacks):
    from events import services
    from tests.events.factories import scope_of, under_way

    registration, organiser = world["registration"], world["a_consultant"]
    under_way(registration.event)
    with scope_of(organiser):
        services.check_in(registration=registration, actor=organiser)
    with scope_of(world["sme_a"]), django_capture_on_commit_callbacks(execute=True):
        services.issue_certificate(registration=registration, actor=world["sme_a"])
    assert_access(
        reverse("events:certificate_download", args=[registration.pk]),
        allowed=[world["sme_a"]],
        denied=everyone(world, "a_admin", "a_consultant", "b_admin", "sme_b", "consortium"),
        anonymous=302,
    )


def test_participant_posts_by_anyone_else_answer_404(world):
    registration = world["registration"]
    urls = [
        reverse("events:registration_cancel", args=[registration.pk]),
        reverse("events:certificate_request", args=[registration.pk]),
        reverse("events:feedback", args=[registration.pk]),
    ]
    for actor in everyone(world, "a_admin", "a_consultant", "b_consultant", "sme_b", "consortium"):
        for url in urls:
            assert client_for(actor).post(url, {"rating": "5"}).status_code == 404, (actor, url)
    with unscoped("test assertions"):
        row = Registration.objects.get(pk=registration.pk)
    assert (row.status, row.certificate_status, row.feedback_rating) == (S.CONFIRMED, "", None)


@pytest.mark.parametrize(
    "name", ["manage_detail", "manage_check_in", "manage_export", "mine", "archive", "manage"]
)
def test_list_pages_keep_a_query_budget(world, name, django_assert_max_num_queries):
    from tests.events.factories import sme

    event = world["event"]
    for _ in range(12):
        client_for(sme()).post(reverse("events:register", args=[event.slug]))
    viewer = world["sme_a"] if name == "mine" else world["a_admin"]
    args = [event.slug] if name.startswith("manage_") else []
    client = client_for(viewer)
    with django_assert_max_num_queries(25):
        assert client.get(reverse(f"events:{name}", args=args)).status_code == 200
