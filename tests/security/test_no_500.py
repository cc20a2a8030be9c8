"""The inputs of issue #11 that answered 500, each a clear message now and no change.

(test_every_form.py finds such inputs on every form; these are the ones the review named, and
the ones that fuzzing found, kept as plain regression tests.)
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consulting.models import AdvisorySession, AvailabilitySlot, Company, FollowUp
from events.models import Event
from portal import tenancy
from tests.security.fuzz import database_state
from tests.security.world import signed_in

pytestmark = pytest.mark.django_db


def refused_without_change(client: Client, url: str, data: dict, message: str) -> None:
    before = database_state()
    response = client.post(url, data)
    assert response.status_code in (200, 400), response.status_code
    assert message in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "10000-01", "2026-99"])
def test_the_calendar_of_a_month_at_the_ends_of_time_is_a_message_for_a_visitor(world, month):
    for path in ("/events/", "/events/archive/"):
        response = Client().get(path, {"month": month})
        assert response.status_code == 200
        assert "Enter a month between 1900 and 2100" in response.content.decode() or (
            "Enter the month as year and month" in response.content.decode()
        )


def test_a_session_of_10_to_the_23_minutes_is_refused(world):
    company = world.a.rows["company"]
    refused_without_change(
        signed_in(world.a.consultant),
        "/consulting/sessions/new/",
        {
            "company": company.pk,
            "date": "2026-05-04",
            "duration_minutes": str(10**23),
            "format": "on_site",
            "stage": "first_contact",
            "topics": [world.a.rows["session"].topics.first().pk],
            "summary": "A long day",
        },
        "Ensure this value is less than or equal to 1440.",
    )
    with tenancy.unscoped("test"):
        assert AdvisorySession.objects.filter(summary="A long day").count() == 0


def test_weekly_slots_running_into_the_year_9999_are_refused(world):
    refused_without_change(
        signed_in(world.a.consultant),
        "/consulting/slots/",
        {
            "starts_at": "9999-12-20T10:00",
            "ends_at": "9999-12-20T11:00",
            "mode": "remote",
            "weekly_repeats": "5",
        },
        "Please enter a date between 1900 and 2100.",
    )
    with tenancy.unscoped("test"):
        assert not AvailabilitySlot.objects.filter(starts_at__year__gt=2100).exists()


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_workshop_starting_in_year_1_or_9999_is_refused(world, start):
    topic = world.a.rows["published"].topics.first()
    refused_without_change(
        signed_in(world.a.admin),
        "/events/manage/new/",
        {
            "title": "Time travel",
            "description": "Far away",
            "topics": [topic.pk],
            "format": "on_site",
            "venue": "Ilmenau",
            "start": start,
            "end": "2026-06-01T12:00",
            "capacity": "10",
            "language": "de",
        },
        "Please enter a date between 1900 and 2100.",
    )
    with tenancy.unscoped("test"):
        assert not Event.objects.filter(title="Time travel").exists()


def test_an_import_whose_phone_passes_the_dry_run_but_not_the_commit_is_refused_in_both(world):
    header = "name;postcode;city;district;sector_section;employees;contact_first_name;"
    header += "contact_last_name;contact_email;contact_phone\n"
    row = "Lange Nummer GmbH;98693;Ilmenau;16070;C;12;Ida;Ilm;ida@lange.example;" + "1" * 60
    content = (header + row + "\n").encode()
    client = signed_in(world.a.consultant)
    for action in ("check", "import"):
        before = database_state()
        response = client.post(
            "/consulting/companies/import/",
            {"file": SimpleUploadedFile("firmen.csv", content), "action": action},
        )
        assert response.status_code == 200, action
        expected = "at most 40 characters" if action == "check" else "Nothing was imported"
        assert expected in response.content.decode(), action
        assert database_state() == before
    with tenancy.unscoped("test"):
        assert not Company.objects.filter(name="Lange Nummer GmbH").exists()


@pytest.mark.parametrize("target", ["9999", "9999-12-31", "dashboard", "//evil.example/"])
def test_marking_a_follow_up_done_with_any_next_value_redirects_safely(world, target):
    follow_up = world.a.rows["follow_up"]
    response = signed_in(world.a.consultant).post(
        f"/consulting/follow-ups/{follow_up.pk}/done/", {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    with tenancy.unscoped("test"):
        assert FollowUp.objects.get(pk=follow_up.pk).done_at is not None


def test_a_100_kb_company_search_is_a_message(world):
    response = signed_in(world.a.consultant).get("/consulting/companies/", {"q": "x" * 100_000})
    assert response.status_code in (200, 400)
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize("year", [str(10**23), "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "9999"])
def test_a_quarterly_report_of_a_far_year_is_a_message(world, year):
    client = signed_in(world.a.admin)
    response = client.post("/reports/pdf/", {"year": year, "quarter": "1"}, follow=True)
    assert response.status_code == 200
    assert "Please choose a year up to" in response.content.decode()
    response = client.get("/reports/", {"kind": "quarter", "year": year, "quarter": "1"})
    assert response.status_code == 400
