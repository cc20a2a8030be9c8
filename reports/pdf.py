"""The quarterly report laid out for A4: which table goes on a landscape page, which is split,
and the bar charts' geometry (in SVG user units, so labels never run into the bars).

The web page shows the same `Table`s (portal/figures.py); only the print layout lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import formats

from portal.figures import Table

# A portrait A4 page (174 mm text width at 8.5 pt) holds about six columns of figures, a
# landscape one about ten. Wider tables are split into parts that repeat the first column.
PORTRAIT_COLUMNS = 6
LANDSCAPE_COLUMNS = 10

# Bar chart geometry in SVG user units; the chart is drawn CHART_WIDTH_MM wide.
CHART_WIDTH = 640
CHART_WIDTH_MM = 170
LABEL_END = 226  # labels are right-aligned at this x, bars start a little after it
BAR_START = 234
BAR_SPACE = 330  # the longest bar; the rest (76 units) is room for its value
ROW_HEIGHT = 18
BAR_HEIGHT = 12
LABEL_CHARS = 34  # DejaVu Sans at 11 units: about 6.3 units a character


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: str
    width: str
    value_x: str
    bar_y: str
    text_y: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    view_box: str
    height_mm: str
    width_mm: str = str(CHART_WIDTH_MM)


@dataclass(frozen=True)
class Part:
    columns: list[str]
    rows: list[list[Any]]
    number: int
    of: int


@dataclass
class Section:
    slug: str
    title: str
    chart: Chart | None
    parts: list[Part] = field(default_factory=list)
    landscape: bool = False


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def bar_chart(table: Table) -> Chart | None:
    """The table's chart column as horizontal bars, or None when it has none (or no rows)."""
    if table.chart_column is None or not table.rows:
        return None
    values = [_number(row[table.chart_column]) for row in table.rows]
    top = table.chart_max or max(values, default=0) or 1
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        width = BAR_SPACE * value / top
        bars.append(
            Bar(
                label=_short(str(row[0])),
                full_label=str(row[0]),
                value=formats.localize(row[table.chart_column] or 0),
                # SVG attributes: plain numbers, never localised ("12,5" would break them)
                width=f"{width:.1f}",
                value_x=f"{BAR_START + width + 5:.1f}",
                bar_y=str(ROW_HEIGHT * index + 3),
                text_y=str(ROW_HEIGHT * index + 13),
            )
        )
    height = ROW_HEIGHT * len(bars) + 4
    return Chart(
        bars=bars,
        view_box=f"0 0 {CHART_WIDTH} {height}",
        height_mm=f"{CHART_WIDTH_MM * height / CHART_WIDTH:.1f}",
    )


def split_columns(table: Table, limit: int) -> list[Part]:
    """The table in parts of at most `limit` columns, each repeating the first (label) column."""
    width = len(table.columns)
    if width <= limit:
        return [Part(table.columns, table.rows, 1, 1)]
    step = limit - 1
    starts = list(range(1, width, step))
    return [
        Part(
            [table.columns[0], *table.columns[start : start + step]],
            [[row[0], *row[start : start + step]] for row in table.rows],
            number,
            len(starts),
        )
        for number, start in enumerate(starts, start=1)
    ]


def section(table: Table) -> Section:
    """How one table is printed: portrait if it fits, else landscape, split if still too wide."""
    landscape = len(table.columns) > PORTRAIT_COLUMNS
    limit = LANDSCAPE_COLUMNS if landscape else PORTRAIT_COLUMNS
    return Section(
        slug=table.slug,
        title=table.title,
        chart=bar_chart(table),
        parts=split_columns(table, limit),
        landscape=landscape,
    )


def sections(tables: list[Table]) -> list[Section]:
    return [section(table) for table in tables]
