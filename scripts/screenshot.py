"""Screenshots of the planning window in a real X server (Xvfb), as advisors' screens show it.

    python scripts/screenshot.py [--out DIR] [NAME ...]

Each picture runs the app in its own Xvfb screen of the advisor's size (1280x800 laptop,
1920x1080 monitor, 150 % and 200 % scale, presentation mode), with fresh settings, so the window
is sized the way a first launch sizes it. Needs Xvfb (Debian: apt-get install xvfb libxcb-cursor0).
Without NAME, makes them all; `--list` names them.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# name: (screen, QT_SCALE_FACTOR, track, what to show). A first launch sizes the window to a
# laptop's screen; on the 1920x1080 monitor it opens at 1600x1000, shown here maximised.
SHOTS = {
    "window-1280x800-16month": ("1280x800", "1", "standard-16", "finding"),
    "window-1280x800-online24": ("1280x800", "1", "online-24", "finding"),
    "window-1280x800-4plus1": ("1280x800", "1", "bse-meng", "finding"),
    "window-1920x1080": ("1920x1080", "1", "standard-16", "maximised"),
    "window-presentation": ("1280x800", "1", "standard-16", "presentation"),
    "window-1280x800-scale150": ("1280x800", "1.5", "standard-16", "finding"),
    "window-1920x1080-scale200": ("1920x1080", "2", "online-24", "finding"),
    "start-screen-1280x800": ("1280x800", "1", "standard-16", "start"),
}


def child(spec: dict[str, str]) -> int:
    """Inside the X server: build the window as a first launch would, then grab the screen."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from advisor_app.catalog import open_catalog
    from advisor_app.domain.edits import move
    from advisor_app.ui.main_window import MainWindow
    from tests.plans_for_tests import meeting_plan

    app = QApplication.instance() or QApplication(["AIPI Advisor"])
    app.setStyleSheet((REPO / "resources" / "style.qss").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    database = open_catalog()
    plan = meeting_plan(database.catalog, spec["track"])
    if spec["track"] == "standard-16":
        plan = move(plan, "AIPI 540", "spring-1", "fall-1")  # a live finding with its fix
    settings = QSettings(spec["settings"], QSettings.Format.IniFormat)
    window = MainWindow(database, plan, None, settings)
    if spec["show"] == "start":
        window.show_start_page()
    if spec["show"] == "maximised":  # no window manager in Xvfb: fill the screen by hand
        window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()

    def stage() -> None:
        if spec["show"] == "presentation":
            window.views.presentation_action.setChecked(True)
        if spec["show"] in ("finding", "presentation", "maximised"):
            window.requirements.findings.setCurrentRow(0)

    def grab() -> None:
        screen = app.primaryScreen()
        frame = window.frameGeometry().intersected(screen.geometry())
        # The window as the X server shows it (the whole screen when it fills it).
        picture = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        ok = picture.save(spec["out"])
        print(("saved " if ok else "could not save ") + spec["out"])
        window.document.undo_stack.setClean()
        window.close()
        app.quit()

    QTimer.singleShot(600, stage)
    QTimer.singleShot(1800, grab)
    app.exec()
    return 0


def free_display() -> int:
    number = 90
    while Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return number


def shoot(name: str, out_dir: Path) -> bool:
    screen, scale, track, show = SHOTS[name]
    display = free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):  # up to five seconds for the server's socket
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            time.sleep(0.1)
        with tempfile.TemporaryDirectory() as home:
            spec = {
                "out": str(out_dir / f"{name}.png"),
                "track": track,
                "show": show,
                "settings": str(Path(home) / "settings.ini"),
            }
            env = {
                **os.environ,
                "DISPLAY": f":{display}",
                "QT_QPA_PLATFORM": "xcb",
                "QT_SCALE_FACTOR": scale,
                "HOME": home,
                "XDG_CONFIG_HOME": home,
                "XDG_DATA_HOME": home,
                "XDG_STATE_HOME": home,
            }
            result = subprocess.run(
                [sys.executable, __file__, "--child", json.dumps(spec)],
                env=env,
                cwd=REPO,
                timeout=60,
                text=True,
                capture_output=True,
            )
        print(result.stdout.strip() or f"{name}: no picture")
        if result.returncode != 0:
            print(result.stderr.strip()[-2000:], file=sys.stderr)
        return result.returncode == 0
    finally:
        server.terminate()
        server.wait(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="which pictures (default: all)")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder (default: docs/)")
    parser.add_argument("--list", action="store_true", help="name the pictures and stop")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(json.loads(args.child))
    if args.list:
        for name, (screen, scale, track, show) in SHOTS.items():
            print(f"{name}: {screen} at scale {scale}, {track}, {show}")
        return 0
    if shutil.which("Xvfb") is None:
        print("screenshot: Xvfb is missing (Debian: apt-get install xvfb libxcb-cursor0)")
        return 2
    unknown = [n for n in args.names if n not in SHOTS]
    if unknown:
        print(f"screenshot: no picture named {', '.join(unknown)} (see --list)")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    results = [shoot(name, args.out) for name in (args.names or list(SHOTS))]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
