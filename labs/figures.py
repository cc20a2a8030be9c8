"""Lab-trial figures for /reports/ (the hook contract: portal/figures.py).

Runs inside a scope (the request's partner scope or `consortium_scope()`). A trial counts for
the partner whose lab it is in (`window.partner_id` narrows to that partner's labs). Two queries
whatever the data: the trials touching the period (asked for in it, or taking place in it) with
their companies' facts, and the labs with their opening hours; the rest is counted here.

- requested / declined: trials asked for in the period (declined: their state now);
- approved (reserved) / done / no-show: trials taking place in the period;
- utilisation per lab and month: reserved hours (approved, done and no-show trials starting in
  the month) / bookable opening hours of the month's days within the period (blackouts are
  not subtracted: they are closures the partner chose, not demand).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from consulting.figures import FACT_FIELDS, breakdown, breakdown_tables
from consulting.models import Company
from labs.models import Lab, Trial, TrialStatus, parse_hours
from portal.figures import ByPartner, Figures, Table, Window

ORDER = 35
RESERVED = (TrialStatus.APPROVED, TrialStatus.DONE, TrialStatus.NO_SHOW)


def _rows(window: Window) -> list[dict[str, Any]]:
    """Every trial asked for or taking place in the period, with its company's facts.

    The facts come from one subquery per fact, not a join: a company the scope (or, on
    PostgreSQL, the row-level policy) does not show leaves its facts empty ("unknown"), while
    its trial still counts for the lab's partner. A join would drop the trial itself.
    """
    since, until = window.bounds
    trials = Trial.objects.filter(
        Q(created_at__gte=since, created_at__lt=until)
        | Q(starts_at__gte=since, starts_at__lt=until)
    )
    if window.partner_id is not None:
        trials = trials.filter(lab__partner_id=window.partner_id)
    company = Company.objects.filter(pk=OuterRef("company_id"))
    facts = {f"fact_{name}": Subquery(company.values(name)[:1]) for name in FACT_FIELDS}
    rows = list(
        trials.annotate(**facts)
        .values(
            "lab_id", "lab__partner_id", "status", "created_at", "starts_at", "ends_at",
            "company_id", *facts,
        )
        .order_by()
    )  # fmt: skip
    for row in rows:
        row["asked"] = since <= row["created_at"] < until
        row["held"] = since <= row["starts_at"] < until
        row["facts"] = tuple(row[name] for name in facts)
    return rows


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def _open_hours(opening: Any, first: date, last: date) -> dict[str, float]:
    """{"YYYY-MM": bookable hours} of the days first..last."""
    try:
        hours = parse_hours(opening)
    except (TypeError, ValueError):
        return {}
    out: dict[str, float] = defaultdict(float)
    day = first
    while day <= last:
        if day.weekday() in hours:
            opens, closes = hours[day.weekday()]
            out[day.strftime("%Y-%m")] += (
                datetime.combine(day, closes) - datetime.combine(day, opens)
            ).total_seconds() / 3600
        day += timedelta(days=1)
    return dict(out)


def trial_figures(window: Window) -> dict[str, Any]:
    rows = _rows(window)
    asked = [r for r in rows if r["asked"]]
    held = [r for r in rows if r["held"]]
    done = [r for r in held if r["status"] == TrialStatus.DONE]
    monthly: dict[str, int] = defaultdict(int)
    for row in asked:
        monthly[timezone.localtime(row["created_at"]).strftime("%Y-%m")] += 1
    reserved: dict[tuple[int, str], float] = defaultdict(float)
    for row in held:
        if row["status"] in RESERVED:
            month = timezone.localtime(row["starts_at"]).strftime("%Y-%m")
            reserved[(row["lab_id"], month)] += _hours(row["starts_at"], row["ends_at"])
    labs = Lab.objects.all()
    if window.partner_id is not None:
        labs = labs.filter(partner_id=window.partner_id)
    utilisation = []
    for lab in labs.values("pk", "name", "partner__short_name", "opening_hours").order_by(
        "partner__short_name", "name"
    ):
        open_hours = _open_hours(lab["opening_hours"], window.start, window.end)
        for month in window.months:
            booked = round(reserved.get((lab["pk"], month), 0.0), 1)
            available = round(open_hours.get(month, 0.0), 1)
            if not booked and not available:
                continue
            share = round(100 * booked / available, 1) if available else None
            label = f"{lab['name']} ({lab['partner__short_name']})"
            utilisation.append([label, month, booked, available, share])
    return {
        "requested": len(asked),
        "declined": sum(1 for r in asked if r["status"] == TrialStatus.DECLINED),
        "approved": sum(1 for r in held if r["status"] in RESERVED),
        "done": len(done),
        "no_show": sum(1 for r in held if r["status"] == TrialStatus.NO_SHOW),
        "hours_done": round(sum(_hours(r["starts_at"], r["ends_at"]) for r in done), 1),
        "monthly_requested": dict(monthly),
        "utilisation": utilisation,
        "breakdown": breakdown(r["facts"] for r in asked if r["company_id"]),
        "reached": {r["company_id"]: r["facts"] for r in done if r["company_id"]},
    }


def figures(window: Window) -> Figures:
    """The hook: trials requested, approved, done and declined; their monthly trend; the
    utilisation of each lab per month; the requests by district, sector and size class."""
    found = trial_figures(window)
    utilisation = Table(
        "lab_utilisation",
        _("Lab utilisation per month"),
        [_("Lab"), _("Month"), _("Reserved hours"), _("Open hours"), _("Utilisation (%)")],
        found["utilisation"],
    )
    breakdowns = breakdown_tables(
        found["breakdown"],
        slug_prefix="lab_trials_",
        column=_("Lab trials requested"),
        titles=(
            _("Lab trials requested by district"),
            _("Lab trials requested by sector (WZ 2008 section)"),
            _("Lab trials requested by EU size class"),
        ),
    )
    return Figures(
        summary=[
            [_("Lab trials requested"), found["requested"]],
            [_("Lab trials approved"), found["approved"]],
            [_("Lab trials done"), found["done"]],
            [_("Lab trials declined"), found["declined"]],
            [_("Lab trial hours (done)"), found["hours_done"]],
        ],
        trend={_("Lab trials requested"): found["monthly_requested"]},
        reached=found["reached"],
        tables=[utilisation, *breakdowns],
        data={"labs": {k: v for k, v in found.items() if k != "reached"}},
    )


def by_partner(window: Window) -> ByPartner:
    """The hook: trials requested and done per lab partner, and the companies with a done
    trial, from the same single query."""
    rows: dict[int | None, list[Any]] = defaultdict(lambda: [0, 0])
    reached: dict[int | None, set[int]] = defaultdict(set)
    for row in _rows(window):
        partner_id = row["lab__partner_id"]
        if row["asked"]:
            rows[partner_id][0] += 1
        if row["held"] and row["status"] == TrialStatus.DONE:
            rows[partner_id][1] += 1
            reached[partner_id].add(row["company_id"])
    return ByPartner(
        columns=[_("Lab trials requested"), _("Lab trials done")],
        rows=dict(rows),
        empty=[0, 0],
        reached=dict(reached),
    )
