"""Benchmark what runs on every edit of a revision (the estimate and the changes since the last
approval; goal: together under 2 ms median on a 24-month plan), comparing three plans (goal: under
25 ms median, their validation included), and the diff of two plans at the file format's limits
(400 entries each; goal: under 100 ms).

    python bench/bench_compare.py
"""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor_app.catalog import open_catalog
from advisor_app.domain import Plan, edits
from advisor_app.domain.costs import estimate_cost
from advisor_app.domain.diff import approved_baseline, diff_plans, revision_as_plan
from advisor_app.export.comparison import compare_plans
from tests.plans_for_tests import filled_template


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(name: str, value: float, goal: float) -> bool:
    ok = value < goal
    print(f"{name}: median {value:.2f} ms (goal under {goal:g} ms) {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    catalog = open_catalog().catalog
    online = filled_template(catalog, "online-24")
    revision = edits.start_revision(edits.approve(online, "2026-11-25", "Dr. A"))
    revision = edits.move(revision, "AIPI 540", "summer-2", "fall-2")
    baseline = revision_as_plan(approved_baseline(revision), revision)  # type: ignore[arg-type]

    def on_edit() -> None:
        estimate_cost(catalog, revision)
        diff_plans(catalog, baseline, revision)

    three = [
        ("a", filled_template(catalog, "accelerated-12")),
        ("b", filled_template(catalog, "standard-16")),
        ("c", online),
    ]
    codes = sorted(catalog.courses)
    big_old = Plan("online-24", 2026, {f"t{i}": tuple(codes[:10]) for i in range(40)})
    big_new = Plan("online-24", 2026, {f"t{i}": tuple(reversed(codes[:10])) for i in range(1, 41)})
    results = [
        report("estimate and changes on an edit", median_ms(on_edit, 300), 2),
        report("compare three plans", median_ms(lambda: compare_plans(catalog, three), 50), 25),
        report(
            "diff of two 400-entry plans",
            median_ms(lambda: diff_plans(catalog, big_old, big_new), 10),
            100,
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
