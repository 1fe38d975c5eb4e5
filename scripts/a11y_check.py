"""Does a screen reader hear a name for everything that matters? Checked over AT-SPI.

    python scripts/a11y_check.py [TRACK ...]

For each track (default: all five), opens an advising-meeting plan in the real app, in Xvfb with
its own D-Bus session and accessibility bus (QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1), and reads the
accessibility tree with pyatspi, as Orca would. Every term column, course card, catalog row,
requirement row and finding on screen must have a name a screen reader would speak: not empty,
not an internal id. Prints what it found; exits 0 when all are named, 1 when one is not, 2 when
the tools are missing or the app did not appear.

Needs (Debian): xvfb, dbus-x11 (dbus-run-session), at-spi2-core, python3-pyatspi; the tree is
read with Debian's /usr/bin/python3, where pyatspi lives, whatever Python runs the app.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRACKS = ("standard-16", "accelerated-12", "online-24", "bse-meng", "md-meng")
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
KINDS = ("term column", "card", "catalog row", "requirement cell", "finding")
# What a screen reader must not be left to read: nothing, a rule id, a placeholder id, a term id.
UNSPEAKABLE = re.compile(r"^\s*$|^[a-z]+\.[a-z0-9.-]+$|TBD:|^[a-z]+-\d+\b")


# ---------------------------------------------------------------------------- the reader
def read_tree(wait: float) -> int:
    """Runs under /usr/bin/python3 inside the session: find the app, sort its objects, check."""
    import pyatspi  # Debian's python3-pyatspi

    def children(acc):  # pyatspi objects are untyped
        try:
            return [acc.getChildAtIndex(i) for i in range(min(acc.childCount, 2000))]
        except Exception:
            return []

    def showing(acc) -> bool:
        try:
            return acc.getState().contains(pyatspi.STATE_SHOWING)
        except Exception:
            return False

    def find_app():
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            if app is not None and app.name == "AIPI Advisor":
                return app
        return None

    found: dict[str, list[str]] = {kind: [] for kind in KINDS}

    def walk(acc, context: str, depth: int) -> None:
        if acc is None or depth > 60 or not showing(acc):
            return
        try:
            role, name = acc.getRoleName(), acc.name or ""
        except Exception:
            return
        kind = None
        if context == "grid" and role == "panel":
            kind = "term column"
        elif context == "term" and role == "list item":
            kind = "card"
        elif context == "catalog" and role == "list item":
            kind = "catalog row"
        elif context == "checklist" and role == "table cell":
            kind = "requirement cell"  # a row's two cells: the requirement, its progress
        elif context == "findings" and role == "list item":
            kind = "finding"
        if kind:
            found[kind].append(name)
        inner = context
        if role == "filler" and name == "Term grid":
            inner = "grid"
        elif role == "list" and name.startswith("Courses in "):
            inner = "term"
        elif role == "list" and name.startswith("Courses;"):
            inner = "catalog"
        elif role in ("tree", "tree table") and name == "Requirement checklist":
            inner = "checklist"
        elif role == "list" and name == "Findings":
            inner = "findings"
        for child in children(acc):
            walk(child, inner, depth + 1)

    deadline = time.monotonic() + wait
    app = None
    while time.monotonic() < deadline:
        app = find_app()
        if app is not None:
            found = {kind: [] for kind in KINDS}
            walk(app, "", 0)
            if found["term column"] and found["card"] and found["requirement cell"]:
                break
        time.sleep(0.5)
    if app is None:
        print("a11y: the app did not appear on the accessibility bus")
        return 2
    print(json.dumps(found))
    return 0


# ---------------------------------------------------------------------------- the driver
def missing_tools() -> list[str]:
    missing = [tool for tool in ("Xvfb", "dbus-run-session") if shutil.which(tool) is None]
    if not os.access(BUS_LAUNCHER, os.X_OK):
        missing.append("at-spi2-core")
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if check.returncode != 0:
        missing.append("python3-pyatspi")
    return missing


def write_plan(track: str, folder: Path) -> Path:
    """The meeting plan of the track; the 16-month one with a live finding, as in the README."""
    sys.path.insert(0, str(REPO))
    from advisor_app.catalog import open_catalog
    from advisor_app.domain.edits import move
    from advisor_app.plans import save_plan
    from tests.plans_for_tests import meeting_plan

    catalog = open_catalog().catalog
    plan = meeting_plan(catalog, track)
    if track == "standard-16":
        plan = move(plan, "AIPI 540", "spring-1", "fall-1")
    path = folder / f"{track}.json"
    save_plan(plan, path)
    return path


def free_display() -> int:
    number = 140
    while Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return number


SESSION = """
"$A11Y_LAUNCHER" --launch-immediately >/dev/null 2>&1 & bus=$!
sleep 1
"$A11Y_APP_PYTHON" "$A11Y_MAIN" "$A11Y_PLAN" >/dev/null 2>&1 & app=$!
"$A11Y_READER_PYTHON" "$A11Y_SCRIPT" --read "$A11Y_WAIT"; status=$?
kill $app $bus 2>/dev/null
exit $status
"""


def read_app(plan: Path, home: Path) -> tuple[int, dict[str, list[str]] | str]:
    display = free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            time.sleep(0.1)
        env = {
            **os.environ,
            "DISPLAY": f":{display}",
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home),
            "XDG_DATA_HOME": str(home),
            "XDG_STATE_HOME": str(home),
            "A11Y_LAUNCHER": BUS_LAUNCHER,
            "A11Y_APP_PYTHON": sys.executable,
            "A11Y_MAIN": str(REPO / "main.py"),
            "A11Y_PLAN": str(plan),
            "A11Y_READER_PYTHON": SYSTEM_PYTHON,
            "A11Y_SCRIPT": str(Path(__file__).resolve()),
            "A11Y_WAIT": "25",
        }
        result = subprocess.run(
            ["dbus-run-session", "--", "bash", "-c", SESSION],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait(5)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        return 2, (result.stdout + result.stderr).strip()[-1500:]
    return 0, json.loads(lines[-1])


def judge(track: str, found: dict[str, list[str]], need_findings: bool) -> bool:
    ok = True
    print(f"{track}:")
    for kind in KINDS:
        names = found.get(kind, [])
        bad = [n for n in names if UNSPEAKABLE.search(n)]
        if not names and (kind != "finding" or need_findings):
            print(f"  FAIL {kind}s: none found on screen")
            ok = False
            continue
        example = next((n for n in names if n not in bad), "")
        print(
            f"  {'FAIL' if bad else 'ok  '} {kind}s: {len(names) - len(bad)} of {len(names)} named"
            + (f", e.g. {example!r}" if example else "")
        )
        for name in bad:
            print(f"       not speakable: {name!r}")
        ok = ok and not bad
    return ok


def main(argv: list[str]) -> int:
    if argv[:1] == ["--read"]:
        return read_tree(float(argv[1]) if len(argv) > 1 else 20.0)
    tracks = argv or list(TRACKS)
    unknown = [t for t in tracks if t not in TRACKS]
    if unknown:
        print(f"a11y: unknown track {', '.join(unknown)} (tracks: {', '.join(TRACKS)})")
        return 2
    missing = missing_tools()
    if missing:
        print(
            f"a11y: missing {', '.join(missing)} (Debian: apt-get install -y {' '.join(missing)})"
        )
        return 2
    all_ok = True
    with tempfile.TemporaryDirectory() as folder:
        for track in tracks:
            plan = write_plan(track, Path(folder))
            status, found = read_app(plan, Path(folder))
            if status != 0 or isinstance(found, str):
                print(f"{track}: could not read the app's tree\n{found}")
                return 2
            all_ok = judge(track, found, need_findings=track == "standard-16") and all_ok
    print(
        "every term column, card, catalog row, requirement row and finding has a name"
        if all_ok
        else "some objects have no name a screen reader would speak"
    )
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
