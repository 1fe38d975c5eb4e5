"""Benchmark the desktop bundle against the virtual environment, in one run: size on disk (goal:
at most 150 MB) and cold start of the window to its first paint, offscreen (goal: the bundle
takes at most 1.2 times as long as `python main.py` from the virtual environment).

    python bench/bench_bundle.py [--runs N] [BUNDLE]     (after scripts/build_bundle.py)

Each run is a new process opening the same 16-month plan; the two are started in turn so both
see the same machine load and file cache, and the medians are compared.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZE_GOAL_MB = 150.0
START_GOAL_RATIO = 1.2


def size_mb(bundle: Path) -> tuple[float, float]:
    """(MB of file contents, MiB allocated on disk)."""
    files = [p for p in bundle.rglob("*") if p.is_file() or p.is_symlink()]
    content = sum(p.lstat().st_size for p in files)
    allocated = sum(p.lstat().st_blocks * 512 for p in files)
    return content / 1e6, allocated / 2**20


def starts(bundle: Path, runs: int) -> tuple[list[float], list[float]]:
    from advisor_app.catalog import open_catalog
    from advisor_app.plans import save_plan
    from tests.packaging.startup import time_to_first_paint, user_folders
    from tests.plans_for_tests import meeting_plan

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        save_plan(meeting_plan(open_catalog().catalog, "standard-16"), work / "plan.json")
        env = user_folders(work / "home")
        commands = {
            "venv": [sys.executable, str(REPO / "main.py"), "plan.json"],
            "bundle": [str(bundle / "aipi-advisor"), "plan.json"],
        }
        times: dict[str, list[float]] = {"venv": [], "bundle": []}
        for run in range(runs + 1):  # the first round only warms the file cache
            for name, command in commands.items():
                seconds = time_to_first_paint(command, env, work).seconds
                if run:
                    times[name].append(seconds)
        return times["venv"], times["bundle"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=REPO / "dist" / "aipi-advisor")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (args.bundle / "aipi-advisor").exists():
        print(f"bench_bundle: no bundle in {args.bundle}; run scripts/build_bundle.py first")
        return 2
    content, allocated = size_mb(args.bundle)
    size_ok = content <= SIZE_GOAL_MB
    print(
        f"bundle size: {content:.1f} MB of files ({allocated:.0f} MiB allocated on disk); "
        f"goal at most {SIZE_GOAL_MB:.0f} MB: {'PASS' if size_ok else 'FAIL'}"
    )
    venv, bundled = starts(args.bundle, args.runs)
    ratio = statistics.median(bundled) / statistics.median(venv)
    start_ok = ratio <= START_GOAL_RATIO
    print(
        f"cold start to first paint ({args.runs} runs each, median): virtual environment "
        f"{statistics.median(venv):.2f} s (best {min(venv):.2f}), bundle "
        f"{statistics.median(bundled):.2f} s (best {min(bundled):.2f}); "
        f"bundle/venv {ratio:.2f}, goal at most {START_GOAL_RATIO}: "
        f"{'PASS' if start_ok else 'FAIL'}"
    )
    return 0 if size_ok and start_ok else 1


if __name__ == "__main__":
    sys.exit(main())
