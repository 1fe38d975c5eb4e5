"""Benchmark the command line from outside, whole processes as a user waits for them, on the real
catalog and on the generated 10,000-course catalog (bench/make_big_catalog.py). Each line prints
its goal and PASS or FAIL.

    python bench/bench_cli.py [--big PATH] [--runs N] [--plans N]

- `advisor-app tracks`: median at most 2.5 times `python -c pass`, the two started in turn in the
  same run (so both see the same machine);
- `advisor-app export PLAN -o OUT.pdf --sign CERT.p12`: the 24-month plan approved, drawn, signed
  and written, median at most 0.5 s;
- `advisor-app export-all DIR -o OUT --jobs 2`: 1,000 plans, at most 25 s on two cores.

Python compiles the app once and keeps the bytecode, as an installed app does: the variable that
stops it (PYTHONDONTWRITEBYTECODE) is left out of the children's environment.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from msgspec.structs import replace

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TRACKS_RATIO = 2.5
EXPORT_SIGN_S = 0.5
EXPORT_ALL_S = 25.0
# The installed command (the virtual environment's script), as a user runs it.
_SCRIPT = Path(sys.executable).with_name("advisor-app")
ADVISOR_APP = (
    [str(_SCRIPT)]
    if _SCRIPT.is_file()
    else [sys.executable, "-c", "import sys; from advisor_app.cli import main; sys.exit(main())"]
)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def seconds(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def catalog_option(catalog: Path | None) -> list[str]:
    return ["--catalog", str(catalog)] if catalog else []


def tracks(catalog: Path | None, runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Medians of `python -c pass` and of `advisor-app tracks`, started in turn."""
    bare, app = [], []
    command = [*ADVISOR_APP, *catalog_option(catalog), "tracks"]
    seconds(command, env, REPO)  # compiles what is not compiled yet
    for _ in range(runs):
        bare.append(seconds([sys.executable, "-c", "pass"], env, REPO))
        app.append(seconds(command, env, REPO))
    return statistics.median(bare), statistics.median(app)


def export_signed(catalog: Path | None, runs: int, env: dict[str, str], work: Path) -> list[float]:
    from advisor_app.catalog import open_catalog
    from advisor_app.export.certificates import create_self_signed_certificate
    from advisor_app.plans import save_plan
    from tests.plans_for_tests import meeting_plan

    database = open_catalog(catalog)
    save_plan(meeting_plan(database.catalog, "online-24", "王小明"), work / "plan.json")
    database.close()
    create_self_signed_certificate(work / "advisor.p12", "Dr. Jon Reifschneider", b"bench")
    (work / "passphrase").write_bytes(b"bench")
    command = [
        *ADVISOR_APP, *catalog_option(catalog), "export", str(work / "plan.json"),
        "-o", str(work / "plan.pdf"), "--sign", str(work / "advisor.p12"),
        "--passphrase-file", str(work / "passphrase"),
    ]  # fmt: skip
    seconds(command, env, REPO)
    return [seconds(command, env, REPO) for _ in range(runs)]


def export_all(catalog: Path | None, count: int, env: dict[str, str], work: Path) -> float:
    from advisor_app.catalog import open_catalog
    from advisor_app.plans import save_plan
    from tests.plans_for_tests import meeting_plan

    database = open_catalog(catalog)
    plans = work / "plans"
    plans.mkdir()
    tracks = sorted(database.catalog.tracks)
    for i in range(count):
        plan = meeting_plan(database.catalog, tracks[i % len(tracks)], f"Student {i:04d}")
        save_plan(replace(plan, student_id=f"D{i:07d}"), plans / f"plan-{i:04d}.json")
    database.close()
    out = work / "pdfs"
    command = [*ADVISOR_APP, *catalog_option(catalog), "export-all", str(plans), "-o", str(out)]
    took = seconds([*command, "--jobs", "2"], env, REPO)
    made = len(list(out.glob("*.pdf")))
    if made != count:
        raise SystemExit(f"export-all wrote {made} of {count} PDFs")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", default="/tmp/big.sqlite", help="the 10,000-course catalog")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--plans", type=int, default=1000, help="plans for export-all")
    args = parser.parse_args()
    catalogs: list[tuple[str, Path | None]] = [("real catalog", None)]
    if Path(args.big).is_file():
        catalogs.append(("10,000 courses", Path(args.big)))
    else:
        print(f"(no {args.big}: python bench/make_big_catalog.py {args.big} makes it)")
    env = environment()
    ok = True
    for label, catalog in catalogs:
        bare, app = tracks(catalog, args.runs, env)
        passed = app <= TRACKS_RATIO * bare
        ok &= passed
        print(
            f"advisor-app tracks ({label}): median {app * 1e3:.0f} ms, python -c pass "
            f"{bare * 1e3:.0f} ms: {app / bare:.2f}x; goal at most {TRACKS_RATIO}x: "
            f"{verdict(passed)}"
        )
    for label, catalog in catalogs:
        with tempfile.TemporaryDirectory() as folder:
            times = export_signed(catalog, max(5, args.runs // 2), env, Path(folder))
        median = statistics.median(times)
        passed = median <= EXPORT_SIGN_S
        ok &= passed
        print(
            f"advisor-app export --sign, whole process ({label}): median {median:.3f} s, best "
            f"{min(times):.3f} s; goal at most {EXPORT_SIGN_S} s: {verdict(passed)}"
        )
    for label, catalog in catalogs:
        with tempfile.TemporaryDirectory() as folder:
            took = export_all(catalog, args.plans, env, Path(folder))
            shutil.rmtree(folder, ignore_errors=True)
        passed = took <= EXPORT_ALL_S * args.plans / 1000
        ok &= passed
        print(
            f"advisor-app export-all of {args.plans:,} plans, --jobs 2 ({label}): {took:.1f} s; "
            f"goal at most {EXPORT_ALL_S * args.plans / 1000:.0f} s: {verdict(passed)}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
