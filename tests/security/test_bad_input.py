"""Bad input (property tests): whatever a form receives, the answer is a page with a message or a
redirect, never a 500, and a refused submission leaves the database exactly as it was.

Each test reads the form from its page (field names and the values it offers), then lets
hypothesis send offered values, hostile values or nothing per field.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import services as assessment_services
from events.models import Event, Registration
from portal import tenancy
from tests.security.fuzz import database_state, form_data, form_shape
from tests.security.world import signed_in

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ERROR_SIGNS = (
    b"is-invalid",
    b"invalid-feedback",
    b"alert-danger",
    b"alert-warning",
    b'role="alert"',
)


def submit_and_check(
    client: Client, url: str, data: dict[str, Any], signs: tuple[bytes, ...] = ERROR_SIGNS
) -> Any:
    """Post; a 500 raises. A redisplayed form (200, or 400 where a view says so) must say why
    and must have changed nothing."""
    cache.clear()  # allauth's rate limits would otherwise answer 429 after 20 sign-ups
    before = database_state()
    # A browser always sends the token field, so a form never arrives entirely empty.
    response = client.post(url, {"csrfmiddlewaretoken": "token", **data})
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert any(sign in response.content for sign in signs), "no message on the page"
        assert database_state() == before, "a refused submission changed the database"
    return response


def fuzz_form(client: Client, url: str, page_url: str | None = None) -> list[int]:
    """Read the form from its page (or `page_url`, for a form that posts elsewhere), then fuzz."""
    page = client.get(page_url or url)
    assert page.status_code == 200, (url, page.status_code)
    shape = form_shape(page.content.decode(), action=url if page_url else None)
    answers: list[int] = []

    @PROPERTY
    @given(data=form_data(shape))
    def property_(data: dict[str, Any]) -> None:
        answers.append(submit_and_check(client, url, data).status_code)

    property_()
    assert len(answers) >= 10, "hypothesis ran too few examples to mean anything"
    return answers


def test_sign_up(world):
    fuzz_form(Client(), "/accounts/signup/")


def test_booking_a_consultation(world):
    fuzz_form(signed_in(world.b.sme), "/consulting/book/")


def test_logging_a_session(world):
    company = world.a.rows["company"]
    fuzz_form(signed_in(world.a.consultant), f"/consulting/sessions/new/?company={company.pk}")


def test_editing_a_company(world):
    company = world.a.rows["company"]
    fuzz_form(signed_in(world.a.consultant), f"/consulting/companies/{company.pk}/edit/")


def test_adding_a_contact(world):
    company = world.a.rows["company"]
    fuzz_form(signed_in(world.a.consultant), f"/consulting/companies/{company.pk}/contacts/new/")


def test_creating_a_workshop(world):
    fuzz_form(signed_in(world.a.admin), "/events/manage/new/")


def test_workshop_feedback(world):
    attended = world.a.rows["attended"]
    fuzz_form(
        signed_in(world.a.sme),
        f"/events/registrations/{attended.pk}/feedback/",
        page_url=f"/events/registrations/{attended.pk}/",
    )


def test_answering_an_assessment(world):
    sme = world.a.sme
    with tenancy.company_scope(world.a.rows["company"].pk):
        draft = assessment_services.start_assessment(actor=sme, company=world.a.rows["company"])
    client = signed_in(sme)
    page = client.get(f"/assessments/{draft.pk}/step/1/")
    shape = form_shape(page.content.decode())
    # Besides the page's own questions: answers to questions and options of other steps,
    # of nothing, and of other types.
    foreign = st.dictionaries(
        st.sampled_from(["q-1", "q-999999", "question_1", "s-1", "sec-1", "answer"]),
        st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=10)),
        max_size=3,
    )

    @PROPERTY
    @given(data=form_data(shape), extra=foreign, button=st.sampled_from(["save", "next", None]))
    def property_(data: dict[str, Any], extra: dict[str, Any], button: str | None) -> None:
        payload = {**extra, **data}
        if button:
            payload[button] = ""
        submit_and_check(client, f"/assessments/{draft.pk}/step/1/", payload)

    property_()


def test_importing_companies(world):
    client = signed_in(world.a.consultant)
    header = b"name;postcode;city;district;sector_section;employees\n"
    body = st.one_of(
        st.binary(max_size=300),
        st.builds(lambda rows: header + rows, st.binary(max_size=300)),
        st.builds(
            lambda cells: header + ";".join(cells).encode("utf-8", "replace") + b"\n",
            st.lists(st.text(max_size=20), min_size=6, max_size=6),
        ),
        st.just(b"PK\x03\x04" + b"\x00" * 50),
    )
    name = st.sampled_from(
        ["firmen.csv", "firmen.xlsx", "FIRMEN.CSV", "firmen.txt", "firmen", ".csv"]
    )

    @PROPERTY
    @given(content=body, filename=name, action=st.sampled_from(["check", "import", ""]))
    def property_(content: bytes, filename: str, action: str) -> None:
        upload = SimpleUploadedFile(filename, content)
        submit_and_check(
            client,
            "/consulting/companies/import/",
            {"file": upload, "action": action},
            signs=(*ERROR_SIGNS, b"report-title"),  # a dry run reports, and changes nothing
        )

    property_()


def test_registration_and_capacity_keep_their_invariant(world):
    """Any order of registrations, cancellations and capacity changes: never more confirmed than
    seats, the waitlist moves up when seats free, and every answer is a redirect with a message."""
    event = world.a.rows["published"]
    admin = signed_in(world.a.admin)
    people = [world.a.sme, world.b.sme, world.a.consultant, world.b.consultant, world.b.admin]
    clients = [signed_in(person) for person in people]
    actions = st.lists(
        st.one_of(
            st.tuples(st.just("register"), st.integers(0, len(people) - 1)),
            st.tuples(st.just("cancel"), st.integers(0, len(people) - 1)),
            st.tuples(
                st.just("capacity"),
                st.one_of(st.integers(-3, 6).map(str), hostile_capacity),
            ),
        ),
        max_size=8,
    )

    @PROPERTY
    @given(steps=actions)
    def property_(steps: list[tuple[str, Any]]) -> None:
        for kind, value in steps:
            if kind == "register":
                response = clients[value].post(f"/events/{event.slug}/register/")
                assert response.status_code == 302
            elif kind == "cancel":
                registration = _live_registration(event, people[value])
                if registration is not None:
                    response = clients[value].post(
                        f"/events/registrations/{registration.pk}/cancel/"
                    )
                    assert response.status_code in (200, 302)
            else:
                response = admin.post(f"/events/manage/{event.slug}/capacity/", {"capacity": value})
                assert response.status_code in (200, 302, 400)
            _assert_seats_invariant(event)

    property_()


hostile_capacity = st.sampled_from(["", "x", "1.5", "-0", "99999999999999999999", "\x00"])


def _live_registration(event: Event, user: Any) -> Registration | None:
    with tenancy.unscoped("property test: the person's registration"):
        return (
            Registration.objects.filter(event=event, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )


def _assert_seats_invariant(event: Event) -> None:
    with tenancy.unscoped("property test: count the seats"):
        fresh = Event.objects.get(pk=event.pk)
        registrations = Registration.objects.filter(event=fresh)
        confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = registrations.filter(status=Registration.Status.WAITLISTED).count()
    assert confirmed <= fresh.capacity
    if waiting:
        assert confirmed == fresh.capacity, "a seat is free while people wait"
