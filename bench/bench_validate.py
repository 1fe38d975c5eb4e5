"""Benchmark: validating one 24-month plan (goal: under 1 ms median), and 1,000 plans from the
command line in one process (goal: under 1.5 s, start-up included).

    python bench/bench_validate.py
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor_app.catalog import open_catalog
from advisor_app.domain.edits import move
from advisor_app.plans import save_plan
from advisor_app.rules import check
from tests.plans_for_tests import filled_template


def main() -> None:
    catalog = open_catalog().catalog
    clean = filled_template(catalog, "online-24")
    broken = move(move(clean, "AIPI 540", "summer-2", "summer-1"), "AIPI 549", "spring-2", "fall-1")
    for name, plan in (
        ("clean 24-month plan", clean),
        ("24-month plan with errors and fixes", broken),
    ):
        for _ in range(200):
            check(catalog, plan)
        times = []
        for _ in range(2000):
            start = time.perf_counter()
            check(catalog, plan)
            times.append(time.perf_counter() - start)
        times.sort()
        print(
            f"validate {name}: median {statistics.median(times) * 1e3:.3f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1e3:.3f} ms"
        )
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(1000):
            path = Path(folder) / f"plan-{i:04}.json"
            save_plan(broken if i % 3 == 0 else clean, path)
            paths.append(str(path))
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "advisor_app", "validate", "-q", *paths],
                capture_output=True,
                text=True,
            )
            runs.append(time.perf_counter() - start)
            assert result.returncode == 1 and result.stdout.count("\n") == 1000, result.stderr
        print(
            f"advisor-app validate, 1,000 plans: best {min(runs):.2f} s, median {statistics.median(runs):.2f} s"
        )


if __name__ == "__main__":
    main()
