"""The pages that change things: writing a case (with figures and a picture), referring a
company with its consent, recording the outcome, keeping the network."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from portal.panels import company_timeline
from portal.tenancy import partner_scope, unscoped
from practice.models import Case, NetworkPartner, Referral
from tests.access import client_for
from tests.practice.factories import NetworkPartnerFactory


def _case_form(world, **changes):
    data = {
        "title": "Rüstzeiten halbiert",
        "summary": "Ein Zulieferer rüstet schneller.",
        "company": world.company_a.pk,
        "sector_section": "C",
        "sector_division": "25",
        "size_class": "small",
        "district": "16070",
        "topics": [world.sensors.pk],
        "technologies": ["machine_data"],
        "starting_point": "Rüsten dauerte 95 Minuten.",
        "approach": "Werkzeuge werden voreingestellt.",
        "result": "Rüsten dauert 45 Minuten.",
        "investment_range": "10k-50k",
        "duration_months": "6",
        "source": "session",
        "figure_0_label": "Rüstzeit",
        "figure_0_unit": "min",
        "figure_0_before": "95",
        "figure_0_after": "45",
    }
    return data | changes


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def test_consultant_writes_a_case_with_figures_and_a_picture(world):
    client = client_for(world.consultant_a)
    response = client.post(
        "/practice/manage/new/",
        _case_form(world, image=_png(), image_alt="Das Voreinstellgerät"),
    )
    assert response.status_code == 302
    with unscoped("test"):
        case = Case.objects.get()
    assert case.figures == [{"label": "Rüstzeit", "unit": "min", "before": 95.0, "after": 45.0}]
    assert case.technology_keys == ["machine_data"]
    assert case.image.name.startswith("practice/cases/")
    assert case.partner == world.partner_a


def test_a_file_that_is_no_image_is_refused_and_nothing_is_saved(world):
    fake = SimpleUploadedFile("foto.png", b"not an image", content_type="image/png")
    response = client_for(world.consultant_a).post(
        "/practice/manage/new/", _case_form(world, image=fake, image_alt="x")
    )
    assert response.status_code == 200
    assert b"Upload a valid image" in response.content
    with unscoped("test"):
        assert not Case.objects.exists()


def test_a_picture_needs_a_description(world):
    response = client_for(world.consultant_a).post(
        "/practice/manage/new/", _case_form(world, image=_png())
    )
    assert response.status_code == 200
    assert b"describe the picture" in response.content


def test_half_a_figure_is_refused_with_a_message(world):
    response = client_for(world.consultant_a).post(
        "/practice/manage/new/", _case_form(world, figure_0_after="")
    )
    assert response.status_code == 200
    assert b"a number before and after" in response.content


def test_another_partners_company_cannot_be_chosen(world):
    response = client_for(world.consultant_a).post(
        "/practice/manage/new/", _case_form(world, company=world.company_b.pk)
    )
    assert response.status_code == 200
    with unscoped("test"):
        assert not Case.objects.exists()


def test_referral_needs_consent_and_lands_on_the_timeline(world):
    network = NetworkPartnerFactory(name="IHK Südthüringen")
    client = client_for(world.consultant_a)
    form = {
        "company": world.company_a.pk,
        "network_partner": network.pk,
        "reason": "Fördermittel für Sensorik",
        "consent_given_by": "Katrin Vogt",
        "follow_up_on": (timezone.localdate()).isoformat(),
    }
    assert client.post("/network/referrals/new/", form).status_code == 200  # no consent ticked
    with unscoped("test"):
        assert not Referral.objects.exists()
    assert client.post("/network/referrals/new/", form | {"consent": "on"}).status_code == 302
    with unscoped("test"):
        referral = Referral.objects.get()
    assert referral.consent_text_version == "2026-12-referral"
    with partner_scope(world.partner_a):
        entries = company_timeline(world.company_a, world.consultant_a)
    assert "Referred to IHK Südthüringen" in [str(e.title) for e in entries]
    response = client.post(referral.get_absolute_url(), {"outcome": "project", "note": "läuft"})
    assert response.status_code == 302
    with unscoped("test"):
        referral.refresh_from_db()
    assert referral.outcome == "project"
    assert referral.closed_at is not None


def test_referral_of_another_partners_company_is_refused(world):
    network = NetworkPartnerFactory()
    response = client_for(world.consultant_a).post(
        "/network/referrals/new/",
        {
            "company": world.company_b.pk,
            "network_partner": network.pk,
            "reason": "x",
            "consent": "on",
            "consent_given_by": "X",
            "follow_up_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    with unscoped("test"):
        assert not Referral.objects.exists()


def test_consortium_admin_adds_a_network_partner(world):
    client = client_for((world.consortium, "consortium"))
    response = client.post(
        "/network/manage/new/",
        {
            "name": "Handwerkskammer Erfurt",
            "slug": "hwk-erfurt",
            "kind": "chamber",
            "city": "Erfurt",
            "description": "Beauftragte für Innovation und Technologie.",
            "districts": ["16051", "16055"],
            "topics": [world.sensors.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    found = NetworkPartner.objects.get(slug="hwk-erfurt")
    assert found.district_keys == ["16051", "16055"]
    assert client_for(world.sme_a).get("/network/hwk-erfurt/").status_code == 200
