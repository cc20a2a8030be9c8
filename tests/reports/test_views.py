"""/reports/: who may see it, the period form, downloads and the query budget."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.access import assert_access, client_for
from tests.reports.conftest import DAY, OUTSIDE, Q1_2025
from tests.reports.factories import build_partner_data

URL = "/reports/"


def test_partner_admins_and_consortium_admins_see_reports_others_get_404(world):
    assert_access(
        URL,
        allowed=[world.admin_a, world.admin_b, (world.consortium, "consortium")],
        denied=[world.sme],
        anonymous=404,
    )


def test_consultants_get_no_figures_page_export_pdf_or_nav_entry(world):
    """The design gives a partner's figures to its partner admins (design §1): a consultant of
    the same partner is refused (403, a role too low inside the tenant), sees no menu entry,
    and cannot ask for the quarterly PDF."""
    client = client_for(world.consultant_a)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {**Q1_2025, "export": "csv"}).status_code == 403
    assert client.post("/reports/pdf/", {"year": "2025", "quarter": "1"}).status_code == 403
    assert b'href="/reports/"' not in client.get("/dashboard/").content
    assert b'href="/reports/"' in client_for(world.admin_a).get("/dashboard/").content


def test_the_figures_rule(world):
    from portal.permissions import can_see_figures

    assert can_see_figures(world.admin_a, partner=world.partner_a)
    assert not can_see_figures(world.admin_a, partner=world.partner_b)
    assert not can_see_figures(world.admin_a, partner=None)
    assert not can_see_figures(world.consultant_a, partner=world.partner_a)
    assert not can_see_figures(world.sme, partner=world.partner_a)
    assert can_see_figures(world.consortium, consortium=True)
    assert not can_see_figures(world.admin_a, consortium=True)
    world.consortium.is_active = False
    assert not can_see_figures(world.consortium, consortium=True)


def test_default_is_the_current_quarter(world):
    response = client_for(world.admin_a).get(URL)
    assert response.status_code == 200
    assert response.context["report"].period.label.startswith("Q")


def test_partner_admin_sees_only_their_own_partner(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE, size=2)
    # A partner field in the query is ignored for partner staff: there is no such field.
    response = client_for(world.admin_a).get(URL, {**Q1_2025, "partner": world.partner_b.pk})
    report = response.context["report"]
    assert report.partner == world.partner_a
    assert report.figures["smes_reached"] == 2
    assert "partner" not in response.context["form"].fields
    assert b"By partner" not in response.content


def test_consortium_admin_sees_all_partners_with_charts(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE, size=2)
    response = client_for((world.consortium, "consortium")).get(URL, Q1_2025)
    html = response.content.decode()
    assert response.context["report"].figures["smes_reached"] == 6
    assert "By partner" in html
    assert html.count('role="img"') >= 8
    assert '<desc id="chart-partners-desc">SMEs reached – Alpha: 2; Beta: 4</desc>' in html


def test_consortium_admin_picks_one_partner(world):
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE)
    response = client_for((world.consortium, "consortium")).get(
        URL, {**Q1_2025, "partner": world.partner_b.pk}
    )
    assert response.context["report"].partner == world.partner_b
    assert response.context["report"].figures["smes_reached"] == 2


def test_from_after_to_gets_a_clear_message(world):
    response = client_for(world.admin_a).get(
        URL, {"kind": "range", "date_from": "2025-03-01", "date_to": "2025-01-01"}
    )
    assert response.status_code == 400
    assert response.context["report"] is None
    assert "The last day must not be before the first day." in response.content.decode()


def test_unknown_partner_gets_a_clear_message(world):
    response = client_for((world.consortium, "consortium")).get(
        URL, {**Q1_2025, "partner": "99999"}
    )
    assert response.status_code == 400
    assert "There is no such partner. Please choose one." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "quarter", "year": "2025"}, "Please choose a quarter."),
        ({"kind": "year", "year": "1999"}, "Figures start in 2015."),
        ({"kind": "year"}, "Please enter a year."),
        ({"kind": "range", "date_from": "2025-01-01"}, "Please enter the last day."),
        ({"kind": "range", "date_from": "kaputt", "date_to": "2025-01-01"}, "Enter a valid date."),
    ],
)
def test_bad_period_input_gets_a_message(world, query, message):
    response = client_for(world.admin_a).get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_year_and_range_periods(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    client = client_for(world.admin_a)
    year = client.get(URL, {"kind": "year", "year": "2025"}).context["report"]
    assert (year.period.start.isoformat(), year.period.end.isoformat()) == (
        "2025-01-01",
        "2025-12-31",
    )
    assert year.figures["sessions"]["sessions"] == 3
    both = client.get(
        URL, {"kind": "range", "date_from": "2024-11-01", "date_to": "2025-01-31"}
    ).context["report"]
    assert both.figures["sessions"]["sessions"] == 3  # one in November, two in January


def test_csv_download_neutralises_formulas(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    response = client_for(world.admin_a).get(URL, {**Q1_2025, "export": "csv", "table": "topics"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="report-alpha-Q1-2025-topics.csv"' in response["Content-Disposition"]
    # English Excel: commas and decimal points (German: below).
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=","))
    assert rows[0] == ["Topic", "Sessions", "Hours"]
    assert ["'=HYPERLINK(1)", "1", "1.5"] in rows
    assert ["Sensors & IoT", "3", "4.5"] in rows


def test_csv_for_german_excel_and_for_programs(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    client = client_for(world.admin_a)
    query = {**Q1_2025, "table": "topics"}
    german = client.get(URL, {**query, "export": "csv"}, HTTP_ACCEPT_LANGUAGE="de")
    text = german.content.decode("utf-8")
    assert text.startswith("\ufeff")  # UTF-8 with BOM, so Excel reads the umlauts
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Thema", "Beratungsgespräche", "Stunden"]
    assert ["Sensorik", "3", "4,5"] in rows
    plain = client.get(URL, {**query, "export": "csv-plain"}, HTTP_ACCEPT_LANGUAGE="de")
    assert 'filename="report-alpha-Q1-2025-topics-plain.csv"' in plain["Content-Disposition"]
    text = plain.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    assert ["Sensorik", "3", "4.5"] in list(csv.reader(io.StringIO(text), delimiter=","))


def test_xlsx_download_of_all_tables(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    response = client_for(world.admin_a).get(URL, {**Q1_2025, "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Key figures" in workbook.sheetnames  # sheets are named by their titles
    assert "SMEs reached by district" in workbook.sheetnames
    topics = [[c.value for c in row] for row in workbook["Advisory sessions by topic"].iter_rows()]
    assert ["'=HYPERLINK(1)", 1, 1.5] in topics
    summary = {row[0].value: row[1].value for row in workbook["Key figures"].iter_rows()}
    assert summary["SMEs reached"] == 2


def test_unknown_table_download_is_404(world):
    client = client_for(world.admin_a)
    assert client.get(URL, {**Q1_2025, "export": "csv", "table": "nope"}).status_code == 404
    assert client.get(URL, {**Q1_2025, "export": "csv"}).status_code == 404


def test_navigation_offers_reports_to_staff_only(world):
    assert b'href="/reports/"' in client_for(world.admin_a).get("/dashboard/").content
    assert b'href="/reports/"' in client_for((world.consortium, "consortium")).get("/").content
    assert b'href="/reports/"' not in client_for(world.sme).get("/").content


@pytest.mark.parametrize("size", [1, 4])
def test_report_pages_run_a_fixed_number_of_queries(world, django_assert_num_queries, size):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE, size=size)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE, size=size)
    partner_client = client_for(world.admin_a)
    consortium_client = client_for((world.consortium, "consortium"))
    # the same exact count on small and four times larger data
    with django_assert_num_queries(25):  # + economics, labs, practice
        assert partner_client.get(URL, Q1_2025).status_code == 200
    # all partners plus one pass per partner: grows with the partners, never with the rows
    # The partners' names come from portal/reference.py, read once by the first page.
    consortium_client.get(URL, Q1_2025)
    with django_assert_num_queries(35):  # + economics, labs, practice
        assert consortium_client.get(URL, Q1_2025).status_code == 200
