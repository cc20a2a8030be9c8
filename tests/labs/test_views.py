"""The labs pages: public directory and filters, requests, moves, tenancy (404 across tenants)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from labs import services
from labs.models import Trial, TrialStatus
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.labs.factories import at, weekday_after


def ask(world, lab=None, sme=None, start=9):
    day = weekday_after(7)
    return services.request_trial(
        actor=sme or world.sme_a,
        lab=lab or world.lab_a,
        purpose="interface",
        description="Gateway to the cobot",
        starts_at=at(day, start),
        ends_at=at(day, start + 2),
    )


def test_directory_shows_published_labs_only(world, client):
    page = client.get("/labs/").content.decode()
    assert "Robotik-Demonstrator" in page
    assert "Sensorlabor" in page
    assert "Prototyp-Zelle" not in page


@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ({"topic": "sensors-iot"}, "Sensorlabor", "Robotik-Demonstrator"),
        ({"partner": "alpha"}, "Robotik-Demonstrator", "Sensorlabor"),
        ({"words": "klimakammer"}, "Sensorlabor", "Robotik-Demonstrator"),
        ({"words": "cobot vision"}, "Robotik-Demonstrator", "Sensorlabor"),
    ],
)
def test_directory_filters(world, client, query, found, missing):
    page = client.get("/labs/", query).content.decode()
    assert found in page
    assert missing not in page


def test_free_between_filter_leaves_out_a_lab_closed_in_that_period(world, client):
    day = weekday_after(10)
    services.add_blackout(
        actor=world.admin_a,
        lab=world.lab_a,
        starts_at=at(day - timedelta(days=1), 0),
        ends_at=at(day + timedelta(days=1), 23),
    )
    query = {"free_from": day.isoformat(), "free_until": day.isoformat()}
    page = client.get("/labs/", query).content.decode()
    assert "Sensorlabor" in page
    assert "Robotik-Demonstrator" not in page


def test_bad_filters_are_reported_not_a_500(world, client):
    response = client.get("/labs/", {"free_from": "2026-13-40", "topic": "nope"})
    assert response.status_code == 200
    assert "not understood" in response.content.decode()


def test_lab_page_lists_next_free_windows(world, client):
    page = client.get(world.lab_a.get_absolute_url()).content.decode()
    assert "Next free times" in page
    assert "08:00" in page


def test_unpublished_lab_is_not_public_but_its_partner_sees_it(world):
    url = world.hidden_lab.get_absolute_url()
    assert_access(
        url,
        allowed=[world.guide_a, world.admin_a],
        denied=[world.guide_b, world.sme_a],
        anonymous=404,
    )


def test_sme_requests_a_trial_through_the_form(world, django_capture_on_commit_callbacks):
    day = weekday_after(7)
    client = client_for(world.sme_a)
    url = f"/labs/{world.lab_a.slug}/request/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "starts_at": f"{day.isoformat()}T09:00",
            "ends_at": f"{day.isoformat()}T12:00",
            "purpose": "own_development",
            "description": "Our gripper",
            "people": "2",
        },
    )
    with unscoped("test"):
        trial = Trial.objects.get()
    assert response.status_code == 302
    assert response["Location"] == trial.get_absolute_url()


def test_a_bad_window_in_the_form_shows_the_message_and_saves_nothing(world):
    day = weekday_after(7)
    response = client_for(world.sme_a).post(
        f"/labs/{world.lab_a.slug}/request/",
        {
            "starts_at": f"{day.isoformat()}T17:00",
            "ends_at": f"{day.isoformat()}T18:00",
            "purpose": "own_development",
            "description": "Our gripper",
            "people": "2",
        },
    )
    assert response.status_code == 200
    assert "not open at this time" in response.content.decode()
    with unscoped("test"):
        assert Trial.objects.count() == 0


def test_request_page_is_for_sme_users_only(world):
    url = f"/labs/{world.lab_a.slug}/request/"
    assert_access(url, allowed=[world.sme_a, world.sme_b], denied=[world.guide_a, world.consortium])


def test_trial_pages_answer_404_across_partners_and_companies(world):
    trial = ask(world)
    for suffix in ("", "calendar.ics"):
        url = f"{trial.get_absolute_url()}{suffix}"
        allowed = [world.sme_a, world.guide_a, world.admin_a] if not suffix else []
        assert_access(
            url,
            allowed=allowed,
            denied=[world.sme_b, world.guide_b, (world.consortium, "consortium")],
            anonymous=302,
        )


def test_moves_of_another_tenant_answer_404_and_change_nothing(world):
    trial = ask(world)
    for actor in (world.guide_b, world.sme_b):
        for move in ("approve", "decline", "cancel", "accept", "outcome", "no-show"):
            response = client_for(actor).post(
                f"/labs/trials/{trial.pk}/{move}/", {f"{move}-reason": "x"}
            )
            assert response.status_code == 404, (actor, move)
    with unscoped("test"):
        assert Trial.objects.get().status == TrialStatus.REQUESTED


def test_guide_approves_on_the_page_and_the_sme_sees_the_confirmation(world):
    trial = ask(world)
    mail.outbox.clear()
    client = client_for(world.guide_a)
    page = client.get(trial.get_absolute_url()).content.decode()
    assert "Approve and reserve" in page
    client.post(f"/labs/trials/{trial.pk}/approve/", {"approve-guide": world.guide_a.pk})
    with unscoped("test"):
        assert Trial.objects.get().status == TrialStatus.APPROVED
    assert any(m.to == [world.sme_a.email] for m in mail.outbox)
    sme_page = client_for(world.sme_a).get(trial.get_absolute_url()).content.decode()
    assert "Approve and reserve" not in sme_page
    assert "Calendar file" in sme_page
    ics = client_for(world.sme_a).get(f"{trial.get_absolute_url()}calendar.ics")
    assert b"LOCATION:" in ics.content


def test_a_consultant_who_is_no_guide_sees_no_decision_buttons(world):
    trial = ask(world)
    page = client_for(world.consultant_a).get(trial.get_absolute_url()).content.decode()
    assert "Approve and reserve" not in page
    response = client_for(world.consultant_a).post(
        f"/labs/trials/{trial.pk}/approve/", {"approve-guide": world.guide_a.pk}
    )
    assert response.status_code == 302
    with unscoped("test"):
        assert Trial.objects.get().status == TrialStatus.REQUESTED


def test_manage_pages_are_for_the_partners_staff_and_editing_for_admins(world):
    assert_access("/labs/manage/", allowed=[world.guide_a, world.admin_a], denied=[world.sme_a])
    assert_access(f"/labs/manage/{world.lab_a.pk}/", allowed=[world.admin_a])
    assert client_for(world.guide_a).get(f"/labs/manage/{world.lab_a.pk}/").status_code == 403
    assert_access(f"/labs/manage/{world.lab_b.pk}/", denied=[world.admin_a, world.sme_b])
    assert client_for(world.guide_b).get(f"/labs/manage/{world.lab_b.pk}/").status_code == 403
    assert_access("/labs/calendar/", allowed=[world.guide_a], denied=[world.sme_a])


def test_calendar_shows_reservations_of_the_partner_only(world):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    other = ask(world, lab=world.lab_b, sme=world.sme_b)
    page = client_for(world.guide_a).get(
        "/labs/calendar/", {"week": trial.starts_at.date().isoformat()}
    )
    text = page.content.decode()
    assert world.company_a.name in text
    assert world.company_b.name not in text
    assert other.pk


def test_admin_edits_opening_hours_and_a_bad_pair_is_explained(world):
    client = client_for(world.admin_a)
    data = {
        "name": "Robotik-Demonstrator",
        "description": "d",
        "equipment": "UR5e",
        "address": "Am Markt 1, Ilmenau",
        "capacity": "1",
        "notice_days": "2",
        "max_trial_hours": "6",
        "opens_0": "09:00",
        "closes_0": "08:00",
        "topics": [world.robots.pk],
        "guides": [world.guide_a.pk],
        "is_published": "on",
    }
    response = client.post(f"/labs/manage/{world.lab_a.pk}/", data)
    assert response.status_code == 200
    assert "a later closing time" in response.content.decode()
    data["closes_0"] = "17:00"
    response = client.post(f"/labs/manage/{world.lab_a.pk}/", data)
    assert response.status_code == 302
    with unscoped("test"):
        world.lab_a.refresh_from_db()
    assert world.lab_a.opening_hours == {"0": ["09:00", "17:00"]}


def test_guide_feed_lists_the_guides_trials(world):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    client = client_for(world.guide_a)
    client.post("/labs/feed/new/")
    from labs.models import GuideFeed

    feed = GuideFeed.objects.get(user=world.guide_a)
    body = client.get(feed.get_absolute_url()).content.decode()
    assert f"UID:labtrial-{trial.pk}@portal40" in body
    assert client.get("/labs/feed/not-a-token.ics").status_code == 404


def _lab_post(world, **extra):
    return {
        "name": "Robotik-Demonstrator",
        "description": "d",
        "equipment": "UR5e",
        "address": "Am Markt 1, Ilmenau",
        "capacity": "1",
        "notice_days": "2",
        "max_trial_hours": "6",
        "opens_0": "09:00",
        "closes_0": "17:00",
        "topics": [world.robots.pk],
        "guides": [world.guide_a.pk],
        **extra,
    }


def test_a_photo_must_be_an_image_and_is_kept_with_its_description(world, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.admin_a)
    url = f"/labs/manage/{world.lab_a.pk}/"
    fake = SimpleUploadedFile("lab.png", b"not an image", content_type="image/png")
    response = client.post(url, _lab_post(world, photo=fake, photo_alt="Zelle"))
    assert response.status_code == 200
    assert "valid image" in response.content.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    real = SimpleUploadedFile("lab.png", buffer.getvalue(), content_type="image/png")
    response = client.post(url, _lab_post(world, photo=real, photo_alt=""))
    assert "Describe the photo" in response.content.decode()
    real.seek(0)
    response = client.post(url, _lab_post(world, photo=real, photo_alt="Roboterzelle"))
    assert response.status_code == 302
    with unscoped("test"):
        world.lab_a.refresh_from_db()
    assert world.lab_a.photo.name.startswith("labs/photos/")
    assert world.lab_a.photo_alt == "Roboterzelle"


def test_a_photo_over_two_megabytes_is_refused(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1))
    response = client_for(world.admin_a).post(
        f"/labs/manage/{world.lab_a.pk}/", _lab_post(world, photo=big, photo_alt="x")
    )
    assert response.status_code == 200
    with unscoped("test"):
        world.lab_a.refresh_from_db()
    assert not world.lab_a.photo


def test_a_picked_free_window_fills_the_form_up_to_the_longest_trial(world):
    with unscoped("test"):
        world.lab_a.max_trial_hours = 3
        world.lab_a.save()
    day = weekday_after(7)
    client = client_for(world.sme_a)
    url = f"/labs/{world.lab_a.slug}/request/"
    page = client.get(
        url, {"starts_at": at(day, 8).isoformat(), "ends_at": at(day, 16).isoformat()}
    ).content.decode()
    assert f'value="{day.isoformat()}T08:00"' in page
    assert f'value="{day.isoformat()}T11:00"' in page
    for bad in ("2026-13-45T10:00", "0001-01-01T00:00", "nonsense"):
        assert client.get(url, {"starts_at": bad, "ends_at": bad}).status_code == 200


def test_the_guides_week_shows_their_approved_trials(world):
    trial = ask(world)
    services.approve_trial(actor=world.guide_a, trial=trial, guide=world.guide_a)
    with unscoped("test"):
        trial.refresh_from_db()
    week = trial.starts_at.date().isoformat()
    page = client_for(world.guide_a).get("/dashboard/week/", {"from": week}).content.decode()
    assert "Robotik-Demonstrator" in page
    other = client_for(world.guide_a2).get("/dashboard/week/", {"from": week}).content.decode()
    assert "Robotik-Demonstrator" not in other
