"""Count the instructions a cold start runs, from process start to the window's first frame,
with valgrind's callgrind. Unlike the wall clock, the count does not swing with the machine's
speed, so it tells whether a change to the code made the start cheaper.

    python bench/count_start.py [--big PATH] [--repo DIR]

- `python main.py PLAN.json` (a 24-month plan) runs under callgrind and is ended at Qt's first
  flush of the window (the `qt.widgets.painting` line bench_window.py times), on the real catalog
  and on the generated 10,000-course catalog; a bare PySide window is counted beside them.
- `--repo DIR` counts another checkout of the app (say `git worktree add /tmp/before HEAD~3`),
  with this venv's packages. Run each checkout once first, so both start from compiled files.
- To stop at the first frame, the counted process installs Qt's message handler before the app
  starts, which imports QtCore first: counts are a little above the app's own. Compare counts
  with counts; the goals are in wall time (bench_window.py).

Needs valgrind (`apt-get install valgrind`); each count takes about 40 s.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Run in the counted process: end it, whole, at the first flush of any window.
DRIVER = """\
import os, runpy, sys
os.environ["QT_LOGGING_RULES"] = "qt.widgets.painting=true"
from PySide6.QtCore import qInstallMessageHandler

def stop_at_first_flush(_mode, _context, message):
    if message.startswith("Flushing QRegion"):
        os._exit(0)

qInstallMessageHandler(stop_at_first_flush)
script = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(script))
runpy.run_path(script, run_name="__main__")
"""
BARE_WINDOW = """\
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("a bare window"))
window.show()
app.exec()
"""
COLLECTED = re.compile(r"Collected : (\d+)")


def count(command: list[str], env: dict[str, str], work: Path) -> int:
    """Instructions `command` ran (under the driver), read from callgrind's summary."""
    driver = work / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    callgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={work / 'callgrind.out'}"]
    result = subprocess.run(
        [*callgrind, sys.executable, str(driver), *command],
        env={**env, "QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0"},
        cwd=work,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    found = COLLECTED.search(result.stderr)
    if result.returncode != 0 or found is None:  # ended before its frame: the count means nothing
        tail = "\n".join(result.stderr.splitlines()[-20:])
        raise SystemExit(
            f"{command[0]} ended before its first frame (exit {result.returncode}):\n{tail}"
        )
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", default="/tmp/big.sqlite", help="the 10,000-course catalog")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to count")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("needs valgrind: apt-get install valgrind", file=sys.stderr)
        return 2
    if not (args.repo / "main.py").is_file():
        print(f"no main.py in {args.repo}", file=sys.stderr)
        return 2
    from advisor_app.catalog import open_catalog
    from advisor_app.plans import save_plan
    from tests.packaging.startup import user_folders
    from tests.plans_for_tests import meeting_plan

    catalogs = {"real catalog": None, "10,000 courses": Path(args.big)}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for label, catalog_path in catalogs.items():
            if catalog_path is not None and not catalog_path.is_file():
                print(f"{label}: no {catalog_path} (bench/make_big_catalog.py makes it)")
                continue
            database = open_catalog(catalog_path)
            plan = work / "plan.json"
            save_plan(meeting_plan(database.catalog, "online-24"), plan)
            database.close()
            env = user_folders(work / "home")
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, then cached
            if catalog_path is not None:
                env["AIPI_CATALOG"] = str(catalog_path)
            main_py = str(args.repo.resolve() / "main.py")
            instructions = count([main_py, str(plan)], env, work)
            print(f"cold start to the first frame, 24-month plan ({label}): {instructions:,}")
            for leftover in work.glob(".~lock.*"):  # the lock of a process ended at its frame
                leftover.unlink()
        bare = work / "bare_window.py"
        bare.write_text(BARE_WINDOW, encoding="utf-8")
        instructions = count([str(bare)], user_folders(work / "home"), work)
        print(f"a bare PySide window to its first frame: {instructions:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
