"""The report: each app's figures for a period, gathered into tables (design §2: portal/reports
reads the apps through their `figures` modules, never their views).

Partner staff get their active partner's figures, read in that partner's scope. Consortium admins
read across partners inside `consortium_scope()` (role checked, audited), for one partner or all.
The number of queries depends on the number of partners, never on the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from assessments import figures as assessment_figures
from consulting import figures as consulting_figures
from consulting.reference import DISTRICT_CHOICES, SECTION_CHOICES
from consulting.size_class import SizeClass
from events import figures as event_figures
from portal.models import PartnerInstitution, User
from portal.reports.forms import Period
from portal.tenancy import consortium_scope, partner_scope

BAR_START = 38.0  # percent of the chart's width left for the labels
BAR_SPACE = 55.0  # percent of the chart's width the longest bar takes


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart_column: int | None = None  # the numeric column drawn as bars
    chart_max: float | None = None  # a fixed scale (e.g. 5 for scores); else the largest value

    @property
    def bars(self) -> list[dict[str, Any]]:
        if self.chart_column is None:
            return []
        values = [row[self.chart_column] or 0 for row in self.rows]
        top = self.chart_max or max(values, default=0) or 1
        return [
            {
                "label": str(row[0]),
                "value": row[self.chart_column] or 0,
                # SVG attributes: plain strings, never localised ("12,5%" would break them)
                "width": f"{BAR_SPACE * value / top:.2f}%",
                "value_x": f"{BAR_START + 1 + BAR_SPACE * value / top:.2f}%",
                "bar_y": str(24 * index + 4),
                "text_y": str(24 * index + 16),
            }
            for index, (row, value) in enumerate(zip(self.rows, values, strict=True))
        ]

    @property
    def chart_height(self) -> int:
        return 24 * len(self.rows)

    @property
    def chart_title(self) -> str:
        return self.title

    @property
    def chart_description(self) -> str:
        """The chart's text alternative: every bar's label and value."""
        if self.chart_column is None:
            return ""
        column = self.columns[self.chart_column]
        parts = [f"{row[0]}: {row[self.chart_column] or 0}" for row in self.rows]
        return f"{column} – " + "; ".join(parts)


@dataclass
class Report:
    period: Period
    partner: PartnerInstitution | None
    consortium: bool
    figures: dict[str, Any]
    tables: list[Table] = field(default_factory=list)

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


def _figures(period: Period, partner_id: int | None) -> dict[str, Any]:
    """Every figure of one partner (or all), read in the scope the caller entered."""
    window = {"start": period.start, "end": period.end, "partner_id": partner_id}
    reached: dict[int, tuple] = {}
    reached.update(consulting_figures.reached_by_sessions(**window))
    reached.update(assessment_figures.reached_by_assessments(**window))
    reached.update(event_figures.reached_by_workshops(**window))
    return {
        "smes_reached": len(reached),
        "reached_by": consulting_figures.by_attribute(reached),
        "new_companies": consulting_figures.new_companies(**window),
        "sessions": consulting_figures.session_figures(**window),
        "requests": consulting_figures.request_figures(**window),
        "assessments": assessment_figures.assessment_figures(**window),
        "workshops": event_figures.workshop_figures(**window),
    }


def _per_partner(period: Period) -> list[tuple[str, dict[str, Any]]]:
    """The figures of the table by partner, from grouped queries (a handful in all, however
    many partners there are)."""
    window = {"start": period.start, "end": period.end}
    sessions = consulting_figures.sessions_by_partner(**window)
    assessments = assessment_figures.assessments_by_partner(**window)
    workshops = event_figures.workshops_by_partner(**window)
    rows = []
    for p in PartnerInstitution.objects.active().order_by("short_name"):
        s, a, w = sessions[p.pk], assessments[p.pk], workshops[p.pk]
        rows.append(
            (
                p.short_name,
                {
                    "smes_reached": len(s["companies"] | a["companies"] | w["companies"]),
                    "sessions": s["sessions"],
                    "hours": s["hours"],
                    "assessments": a["assessments"],
                    "workshops": w["workshops"],
                    "registrations": w["registrations"],
                },
            )
        )
    return rows


def _or_dash(value: Any) -> Any:
    return "—" if value is None else value


def _summary_rows(figures: dict[str, Any]) -> list[list[Any]]:
    s, r, a, w = (figures[k] for k in ("sessions", "requests", "assessments", "workshops"))
    return [
        [_("SMEs reached"), figures["smes_reached"]],
        [_("New companies"), figures["new_companies"]],
        [_("Advisory sessions"), s["sessions"]],
        [_("Advisory hours"), s["hours"]],
        [_("Implementation projects"), s["implementation_projects"]],
        [_("Consultation requests"), r["requests"]],
        [_("Open requests (backlog)"), r["backlog"]],
        [_("Median days from request to session"), _or_dash(r["median_days_to_session"])],
        [_("Assessments completed"), a["assessments"]],
        [_("Workshops held"), w["workshops"]],
        [_("Workshop registrations"), w["registrations"]],
        [_("Attendance rate (%)"), _or_dash(w["attendance_rate"])],
        [_("Unmet demand (waitlisted, never promoted)"), w["unmet_demand"]],
        [_("Feedback score (1–5)"), _or_dash(w["feedback_score"])],
    ]


def _tables(report: Report, per_partner: list[tuple[str, dict[str, Any]]]) -> list[Table]:
    figures = report.figures
    sessions = figures["sessions"]
    reached = figures["reached_by"]
    districts = [(str(key), str(label)) for key, label in DISTRICT_CHOICES]
    sections = [(str(key), str(label)) for key, label in SECTION_CHOICES]
    sizes = [(s.value, str(s.label)) for s in SizeClass]
    trend_sessions = sessions["monthly"]
    trend_assessments = figures["assessments"]["monthly"]
    trend_attended = figures["workshops"]["monthly_attended"]
    tables = [
        Table("summary", _("Key figures"), [_("Figure"), _("Value")], _summary_rows(figures)),
    ]
    if per_partner:
        tables.append(
            Table(
                "partners",
                _("By partner"),
                [
                    _("Partner"),
                    _("SMEs reached"),
                    _("Advisory sessions"),
                    _("Advisory hours"),
                    _("Assessments completed"),
                    _("Workshops held"),
                    _("Workshop registrations"),
                ],
                [
                    [
                        name,
                        f["smes_reached"],
                        f["sessions"],
                        f["hours"],
                        f["assessments"],
                        f["workshops"],
                        f["registrations"],
                    ]
                    for name, f in per_partner
                ],
                chart_column=1,
            )
        )
    tables += [
        Table(
            "trend",
            _("Trend per month"),
            [_("Month"), _("Advisory sessions"), _("Assessments completed"), _("Attendances")],
            [
                [
                    month,
                    trend_sessions.get(month, 0),
                    trend_assessments.get(month, 0),
                    trend_attended.get(month, 0),
                ]
                for month in report.period.months
            ],
            chart_column=1,
        ),
        Table(
            "stages",
            _("Advisory sessions by stage"),
            [_("Stage"), _("Sessions"), _("Hours")],
            [list(row) for row in sessions["by_stage"]],
            chart_column=1,
        ),
        Table(
            "formats",
            _("Advisory sessions by format"),
            [_("Format"), _("Sessions"), _("Hours")],
            [list(row) for row in sessions["by_format"]],
            chart_column=1,
        ),
        Table(
            "topics",
            _("Advisory sessions by topic"),
            [_("Topic"), _("Sessions"), _("Hours")],
            [list(row) for row in sessions["by_topic"]],
            chart_column=1,
        ),
        Table(
            "dimensions",
            _("Average score per dimension (0–5)"),
            [_("Dimension"), _("Assessments"), _("Average score")],
            [list(row) for row in figures["assessments"]["by_dimension"]],
            chart_column=2,
            chart_max=5,
        ),
        Table(
            "districts",
            _("SMEs reached by district"),
            [_("District"), _("SMEs reached")],
            [[label, reached["district"].get(key, 0)] for key, label in districts],
            chart_column=1,
        ),
        Table(
            "sectors",
            _("SMEs reached by sector (WZ 2008 section)"),
            [_("Sector"), _("SMEs reached")],
            [[label, reached["sector"].get(key, 0)] for key, label in sections],
            chart_column=1,
        ),
        Table(
            "size_classes",
            _("SMEs reached by EU size class"),
            [_("Size class"), _("SMEs reached")],
            [[label, reached["size_class"].get(key, 0)] for key, label in sizes]
            + [[_("Unknown"), reached["size_class"].get("", 0)]],
            chart_column=1,
        ),
    ]
    return tables


def build_report(*, period: Period, partner: PartnerInstitution | None, by_partner: bool) -> Report:
    """The report in the scope the caller entered: one partner's figures, or (partner=None)
    every partner's the scope lets through, plus a table by partner when `by_partner`."""
    figures = _figures(period, partner.pk if partner else None)
    per_partner = _per_partner(period) if by_partner and partner is None else []
    report = Report(period=period, partner=partner, consortium=by_partner, figures=figures)
    report.tables = _tables(report, per_partner)
    return report


def report_for(
    *, viewer: User, period: Period, consortium: bool, partner: PartnerInstitution | None
) -> Report:
    """The report `viewer` asked for. Consortium admins (consortium=True) get one partner's
    figures or, with partner=None, everyone's plus a table by partner; partner staff pass their
    active partner and get only its rows."""
    if consortium:
        purpose = f"reports: figures {period.start}..{period.end}" + (
            f" of partner {partner.pk}" if partner else " of all partners"
        )
        with consortium_scope(viewer, purpose=purpose):
            return build_report(period=period, partner=partner, by_partner=True)
    if partner is None:
        raise ValueError("Partner figures need the partner.")
    with partner_scope(partner):
        return build_report(period=period, partner=partner, by_partner=False)
