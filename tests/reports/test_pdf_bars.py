"""The quarterly PDF draws each table's bars in the table (issue #18): widths relative to the
largest figure (or a fixed scale), none without a chart."""

from __future__ import annotations

from portal.figures import Table


def test_bars_are_relative_to_the_largest_figure():
    table = Table("t", "T", ["Partner", "Sessions"], [["A", 10], ["B", 5], ["C", None]], 1)
    assert [bar for _, bar in table.rows_with_bars] == ["100.00%", "50.00%", "0.00%"]


def test_a_fixed_scale_is_kept():
    table = Table("t", "T", ["Dimension", "Score"], [["X", 2.5]], 1, chart_max=5)
    assert table.rows_with_bars == [(["X", 2.5], "50.00%")]


def test_a_table_without_a_chart_has_no_bars():
    table = Table("t", "T", ["Kennzahl", "Wert"], [["Sessions", 3]])
    assert table.rows_with_bars == [(["Sessions", 3], "")]


def test_all_zero_figures_draw_empty_bars():
    table = Table("t", "T", ["Partner", "Sessions"], [["A", 0]], 1)
    assert table.rows_with_bars == [(["A", 0], "0.00%")]
