"""Every goal of issue #18 with its last measured figure, from var/bench/*.json.

    .venv/bin/python benchmarks/summary.py

benchmarks/run.sh writes the figures (pages.py, throughput.py, documents.py) and then prints
this. A goal whose figure is missing says so; nothing is assumed.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"


def _load(name: str) -> dict[str, Any] | None:
    path = BENCH / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _line(goal: str, figure: str, ok: bool | None) -> str:
    verdict = "n/a" if ok is None else ("yes" if ok else "NO")
    return f"{goal:<58} {figure:<30} {verdict}"


def main() -> None:
    pages, rates, documents = _load("pages"), _load("throughput"), _load("documents")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (rates or {}).get("machine", f"{os.cpu_count()} cores")
    print(f"Portal 4.0 benchmarks, {now}, {machine}")
    if pages:
        load = ", ".join(f"{value:.1f}" for value in pages.get("load_average", []))
        print(f"seed_demo --scale {pages['scale']}; load average during pages.py: {load}")
    print(_line("goal", "figure", None).replace("n/a", "ok"))
    if rates:
        for name, row in rates["pages"].items():
            goal = row.get("goal")
            figure = f"{row['ratio']:.2f} ({row['page']:.0f} / {row['trivial']:.0f} req/s)"
            label = f"/{name}: requests/s vs trivial view" + (f" >= {goal}" if goal else "")
            print(_line(label, figure, None if goal is None else row["ratio"] >= goal))
    else:
        print(_line("requests/s ratios (throughput.py)", "not measured", None))
    if pages:
        for name, row in pages["pages"].items():
            queries = f"{row['queries']} (cpu {row.get('cpu_median_ms', 0):.0f} ms)"
            print(_line(f"{name}: queries <= 25", queries, row["queries"] <= 25))
            goal = row["goal_ms"]
            figure = f"{row['p95_ms']:.0f} / {row['p95_8_clients_ms']:.0f} ms"
            worst = max(row["p95_ms"], row["p95_8_clients_ms"])
            print(_line(f"{name}: p95 uncached, 1 / 8 clients <= {goal} ms", figure, worst <= goal))
        cold = pages.get("event calendar after a change")
        if cold:
            figure = (
                f"{cold['queries']} q., cpu {cold['cpu_median_ms']:.0f},"
                f" p95 {cold['p95_ms']:.0f} ms"
            )
            print(
                _line(
                    "event calendar after a change (nothing kept): p95 <= 100 ms",
                    figure,
                    cold["p95_ms"] <= 100,
                )
            )
    else:
        print(_line("page times (pages.py)", "not measured", None))
    if documents:
        cold = documents["quarterly_cold_s"]
        print(
            _line(
                "quarterly PDF (consortium) cold <= 2 s",
                f"{cold:.2f} s (warm {documents['quarterly_warm_s']:.2f} s,"
                f" {documents['quarterly_pages']} pp.)",
                cold <= 2,
            )
        )
        p95 = documents["assessment_p95_s"]
        print(_line("assessment PDF p95 <= 0.3 s", f"{p95:.3f} s", p95 <= 0.3))
        rss = documents["rss_mib"]
        print(
            _line(
                f"worker RSS after {documents['renders']} renders <= 300 MiB",
                f"{rss:.0f} MiB",
                rss <= 300,
            )
        )
    else:
        print(_line("PDFs (documents.py)", "not measured", None))
    print(_line("campaign day (200 SMEs, locust)", "not built yet", None))


if __name__ == "__main__":
    main()
