"""Every figure equals a direct count over the raw rows; a partner sees none of another's rows."""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from django.utils import timezone

from assessments.models import Assessment
from consulting.models import (
    OPEN_REQUEST_STATES,
    AdvisorySession,
    Company,
    ConsultationRequest,
    Stage,
)
from consulting.size_class import size_class
from events.models import Event, Registration
from portal import tenancy
from portal.audit import AuditEntry
from reports.forms import quarter_period
from reports.selectors import report_for
from tests.reports.conftest import DAY, OUTSIDE
from tests.reports.factories import build_partner_data

PERIOD = quarter_period(2025, 1)


def expected(partner_id: int | None) -> dict:
    """The figures, counted in Python over every row of the database (no scope, no SQL logic)."""
    start, end = PERIOD.start, PERIOD.end

    def mine(pid: int | None) -> bool:
        return partner_id is None or pid == partner_id

    def in_period(moment) -> bool:
        day = moment if isinstance(moment, date) and not hasattr(moment, "hour") else None
        day = day or timezone.localdate(moment)
        return start <= day <= end

    with tenancy.unscoped("test: raw rows"):
        sessions = [s for s in AdvisorySession.objects.all() if mine(s.partner_id)]
        sessions = [s for s in sessions if start <= s.date <= end]
        requests = [r for r in ConsultationRequest.objects.all() if mine(r.partner_id)]
        assessments = [
            a
            for a in Assessment.objects.select_related("company", "result")
            if a.status == "completed"
            and mine(a.company.lead_partner_id)
            and in_period(a.completed_at)
        ]
        events = [
            e
            for e in Event.objects.all()
            if mine(e.organizer_id)
            and in_period(e.start)
            and e.status in ("published", "completed")
        ]
        registrations = [
            r for r in Registration.objects.all() if r.event_id in {e.pk for e in events}
        ]
        reached = {s.company_id for s in sessions} | {a.company_id for a in assessments}
        reached |= {r.company_id for r in registrations if r.status == "attended" and r.company_id}
        companies = {c.pk: c for c in Company.objects.all()}
        new = [c for c in companies.values() if mine(c.lead_partner_id) and in_period(c.created_at)]
        made = [r for r in requests if in_period(r.created_at)]
        waits = []
        for r in made:
            linked = [s for s in AdvisorySession.objects.all() if s.request_id == r.pk]
            if linked:
                waits.append((linked[0].date - timezone.localdate(r.created_at)).days)
        seats = [r for r in registrations if r.status in ("confirmed", "attended")]
        attended = [r for r in registrations if r.status == "attended"]
        ratings = [r.feedback_rating for r in registrations if r.feedback_rating]
        dimension_scores: dict[str, list[float]] = {}
        for a in assessments:
            for d in a.result.dimensions:
                dimension_scores.setdefault(d["name_en"], []).append(float(d["score"]))
        sizes: dict[str, int] = {}
        for pk in reached:
            c = companies[pk]
            size = size_class(c.employees, c.annual_turnover, c.balance_sheet_total)
            label = str(size.label) if size else "Unknown"
            sizes[label] = sizes.get(label, 0) + 1
        return {
            "smes_reached": len(reached),
            "new_companies": len(new),
            "sessions": len(sessions),
            "hours": round(sum(s.duration_minutes for s in sessions) / 60, 1),
            "implementation_projects": len(
                {s.company_id for s in sessions if s.stage == Stage.IMPLEMENTATION}
            ),
            "requests": len(made),
            "backlog": len(
                [
                    r
                    for r in requests
                    if r.status in OPEN_REQUEST_STATES and timezone.localdate(r.created_at) <= end
                ]
            ),
            "median": statistics.median(waits) if waits else None,
            "assessments": len(assessments),
            "dimensions": {k: round(sum(v) / len(v), 2) for k, v in dimension_scores.items()},
            "workshops": len(events),
            "registrations": len(seats),
            "attendance_rate": round(100 * len(attended) / len(seats), 1) if seats else None,
            "unmet": len(
                [r for r in registrations if r.status == "waitlisted" and not r.promoted_at]
            ),
            "feedback": round(sum(ratings) / len(ratings), 2) if ratings else None,
            "districts": {
                str(d): len([pk for pk in reached if companies[pk].get_district_display() == d])
                for d in {companies[pk].get_district_display() for pk in reached}
            },
            "sizes": sizes,
        }


def actual(report) -> dict:
    f = report.figures
    return {
        "smes_reached": f["smes_reached"],
        "new_companies": f["new_companies"],
        "sessions": f["sessions"]["sessions"],
        "hours": f["sessions"]["hours"],
        "implementation_projects": f["sessions"]["implementation_projects"],
        "requests": f["requests"]["requests"],
        "backlog": f["requests"]["backlog"],
        "median": f["requests"]["median_days_to_session"],
        "assessments": f["assessments"]["assessments"],
        "dimensions": {name: avg for name, _n, avg in f["assessments"]["by_dimension"]},
        "workshops": f["workshops"]["workshops"],
        "registrations": f["workshops"]["registrations"],
        "attendance_rate": f["workshops"]["attendance_rate"],
        "unmet": f["workshops"]["unmet_demand"],
        "feedback": f["workshops"]["feedback_score"],
        "districts": {label: n for label, n in report.table("districts").rows if n},
        "sizes": {label: n for label, n in report.table("size_classes").rows if n},
    }


@pytest.fixture
def data(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE, size=2)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE, size=1)
    return world


def test_partner_figures_equal_a_direct_count(data):
    report = report_for(
        viewer=data.admin_a, period=PERIOD, consortium=False, partner=data.partner_a
    )
    assert actual(report) == expected(data.partner_a.pk)
    assert report.figures["smes_reached"] == 4  # two rounds, two companies each
    assert report.figures["sessions"]["sessions"] == 6


def test_consortium_figures_for_all_partners_equal_a_direct_count(data):
    report = report_for(viewer=data.consortium, period=PERIOD, consortium=True, partner=None)
    assert actual(report) == expected(None)
    partners = report.table("partners")
    assert [row[0] for row in partners.rows] == ["Alpha", "Beta"]
    assert [row[1] for row in partners.rows] == [4, 2]
    for row, partner in zip(partners.rows, (data.partner_a, data.partner_b), strict=True):
        want = expected(partner.pk)
        assert row[1:] == [
            want["smes_reached"],
            want["sessions"],
            want["hours"],
            want["assessments"],
            want["workshops"],
            want["registrations"],
            0,  # lab trials requested (tests/labs/test_figures.py counts those)
            0,  # lab trials done
            0,  # good-practice cases published (practice; none in this data)
            0,  # their views
            0,  # referrals to network partners
        ]


def test_consortium_figures_for_one_partner_equal_a_direct_count(data):
    report = report_for(
        viewer=data.consortium, period=PERIOD, consortium=True, partner=data.partner_b
    )
    assert actual(report) == expected(data.partner_b.pk)
    assert report.table("partners") is None


def _scope_entries() -> int:
    with tenancy.unscoped("test: read the audit log"):
        return AuditEntry.objects.filter(action="portal.consortium_scope.entered").count()


def test_consortium_reads_are_audited(data):
    before = _scope_entries()
    report_for(viewer=data.consortium, period=PERIOD, consortium=True, partner=None)
    assert _scope_entries() == before + 1


def test_partner_figures_contain_none_of_another_partners_rows(world):
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE, size=2)
    report = report_for(
        viewer=world.admin_a, period=PERIOD, consortium=False, partner=world.partner_a
    )
    f = report.figures
    assert f["smes_reached"] == 0
    assert f["new_companies"] == 0
    assert f["sessions"]["sessions"] == 0
    assert f["requests"] == {"requests": 0, "backlog": 0, "median_days_to_session": None}
    assert f["assessments"]["assessments"] == 0
    assert f["workshops"]["workshops"] == 0
    assert f["workshops"]["registrations"] == 0
    assert f["sessions"]["by_topic"] == []


def test_partner_staff_cannot_read_another_partners_figures_by_passing_it(world):
    """A partner's report runs in that partner's scope: a wrong partner argument finds no rows
    of the other partner's companies through the scope either."""
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE)
    with tenancy.partner_scope(world.partner_a):
        assert AdvisorySession.objects.filter(partner_id=world.partner_b.pk).count() == 0


def test_outside_the_period_nothing_counts(data):
    report = report_for(
        viewer=data.admin_a,
        period=quarter_period(2023, 2),
        consortium=False,
        partner=data.partner_a,
    )
    assert actual(report)["sessions"] == 0
    assert report.figures["smes_reached"] == 0
    assert report.table("trend").rows == [
        ["2023-04", 0, 0, 0, 0, 0, 0],  # + labs, practice (no rows here)
        ["2023-05", 0, 0, 0, 0, 0, 0],  # + labs, practice (no rows here)
        ["2023-06", 0, 0, 0, 0, 0, 0],  # + labs, practice (no rows here)
    ]


def test_trend_counts_each_month(data):
    report = report_for(
        viewer=data.admin_a, period=PERIOD, consortium=False, partner=data.partner_a
    )
    # per round: two sessions on DAY (January), one 31 days later (February)
    assert report.table("trend").rows == [
        ["2025-01", 4, 2, 4, 0, 0, 0],  # + labs, practice (no rows here)
        ["2025-02", 2, 0, 0, 0, 0, 0],  # + labs, practice (no rows here)
        ["2025-03", 0, 0, 0, 0, 0, 0],  # + labs, practice (no rows here)
    ]


def test_sme_user_cannot_enter_the_consortium_scope(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_for(viewer=world.sme, period=PERIOD, consortium=True, partner=None)
