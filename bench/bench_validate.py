"""Benchmark: validating plans, in the process and from the command line, on the real catalog and
on a generated 10,000-course catalog (bench/make_big_catalog.py). Each line prints its goal and
PASS or FAIL.

    python bench/bench_validate.py [--plans N]

Goals (issue: hostile files and growth):
- check() of a 24-month plan: median <= 0.3 ms; of a 120-entry plan: median <= 2 ms
  (the findings; fixes are worked out when they are shown, see rules/fixes.py);
- `advisor-app validate` of 10,000 plans <= 3 s on two cores, from process start to exit,
  with memory flat (peak memory for 10,000 plans no more than 1.5x that for 1,000).
"""

import argparse
import itertools
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from msgspec.structs import replace

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor_app.catalog import open_catalog  # noqa: E402
from advisor_app.domain import Plan  # noqa: E402
from advisor_app.plans import save_plan  # noqa: E402
from advisor_app.rules import check  # noqa: E402
from tests.plans_for_tests import filled_template  # noqa: E402


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def median_ms(action: object, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1e3, times[int(len(times) * 0.95)] * 1e3


def big_plan(catalog: object, track: str = "online-24", entries: int = 120) -> Plan:
    """A plan of `entries` courses spread over the track's terms: a hostile, not a real, plan."""
    codes = itertools.cycle(sorted(catalog.courses)[:200])  # type: ignore[attr-defined]
    terms = catalog.tracks[track].term_ids  # type: ignore[attr-defined]
    layout: dict[str, list[str]] = {t: [] for t in terms}
    for i in range(entries):
        layout[terms[i % len(terms)]].append(next(codes))
    return Plan(track=track, start_year=2026, terms={k: tuple(v) for k, v in layout.items()})


def in_process(catalog_path: Path | None, label: str) -> None:
    catalog = open_catalog(catalog_path).catalog
    plan = filled_template(catalog, "online-24")
    hostile = big_plan(catalog)
    for _ in range(300):
        check(catalog, plan)
    median, p95 = median_ms(lambda: check(catalog, plan), 3000)
    print(
        f"[{label}] check() 24-month plan: median {median:.3f} ms, p95 {p95:.3f} ms "
        f"(goal median <= 0.3 ms): {verdict(median <= 0.3)}"
    )
    median, p95 = median_ms(lambda: check(catalog, hostile), 300)
    print(
        f"[{label}] check() 120-entry plan: median {median:.3f} ms, p95 {p95:.3f} ms "
        f"(goal median <= 2 ms): {verdict(median <= 2.0)}"
    )
    median, _ = median_ms(lambda: check(catalog, hostile).findings, 20)
    print(f"[{label}] the same with every fix worked out and verified: median {median:.1f} ms")


def command_line(count: int, catalog_path: Path | None, label: str) -> None:
    catalog = open_catalog(catalog_path).catalog
    tracks = sorted(catalog.tracks)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(count):
            plan = replace(filled_template(catalog, tracks[i % len(tracks)]), student_name=f"S{i}")
            path = Path(folder) / f"p{i:05d}.json"
            save_plan(plan, path)
            paths.append(str(path))
        command = [sys.executable, "-m", "advisor_app"]
        if catalog_path:
            command += ["--catalog", str(catalog_path)]
        results = {}
        for n in (count // 10, count):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            done = subprocess.run(
                [*command, "validate", "-q", "--jobs", "2", *paths[:n]],
                stdout=subprocess.DEVNULL,
                check=False,
            )
            elapsed = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            results[n] = (elapsed, max(peak, before) / 1024, done.returncode)
        small, large = results[count // 10], results[count]
        flat = large[1] <= 1.5 * small[1]
        print(
            f"[{label}] advisor-app validate {count:,} plans on 2 cores: {large[0]:.2f} s "
            f"(goal <= 3 s): {verdict(large[0] <= 3.0)}; peak memory {large[1]:.0f} MB for "
            f"{count:,}, {small[1]:.0f} MB for {count // 10:,} (goal flat): {verdict(flat)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--big", default=str(Path(tempfile.gettempdir()) / "big.sqlite"))
    args = parser.parse_args()
    big = Path(args.big)
    if not big.exists():
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "make_big_catalog.py"), str(big)], check=True
        )
    for label, path in (("real catalog", None), ("10,000 courses", big)):
        in_process(path, label)
        command_line(args.plans, path, label)


if __name__ == "__main__":
    main()
