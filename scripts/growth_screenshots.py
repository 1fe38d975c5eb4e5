"""Pictures of the window as it grows, in a real X server (Xvfb) at 1280x800:

- export-progress-1280x800: Sign Off running (the PDF drawn, signed and checked in its child
  process) for a student with a Chinese name; the progress dialog over the window;
- catalog-10000-1280x800: the catalog panel on the generated 10,000-course catalog, a search
  showing its first page ("50 of 1,000+ matches") and Show more.

    python scripts/growth_screenshots.py [--out DIR] [--big PATH]

Needs Xvfb (Debian: apt-get install xvfb libxcb-cursor0); the big catalog comes from
bench/make_big_catalog.py (default /tmp/big.sqlite).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts.screenshot import free_display  # noqa: E402


def child(spec: dict[str, str]) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from advisor_app.catalog import open_catalog
    from advisor_app.export.certificates import create_self_signed_certificate
    from advisor_app.export.signing import read_certificate_file
    from advisor_app.ui.main_window import MainWindow
    from tests.plans_for_tests import meeting_plan

    app = QApplication.instance() or QApplication(["AIPI Advisor"])
    app.setStyleSheet((REPO / "resources" / "style.qss").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    database = open_catalog(Path(spec["catalog"]) if spec["catalog"] else None)
    home = Path(spec["home"])
    plan = meeting_plan(database.catalog, "online-24", "王小明 (Wang Xiaoming)")
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(database, plan, None, settings)
    window.show()

    def grab() -> None:
        screen = app.primaryScreen()
        ok = screen.grabWindow(0).save(spec["out"])
        print(("saved " if ok else "could not save ") + spec["out"])

    def finish() -> None:
        window.document.undo_stack.setClean()
        window.close()
        app.quit()

    if spec["what"] == "export":
        certificate_path = home / "advisor.p12"
        create_self_signed_certificate(certificate_path, plan.advisor_name, b"shot")
        certificate = read_certificate_file(certificate_path, b"shot")

        def sign() -> None:
            QTimer.singleShot(1200, grab)  # while the child draws and signs
            window.exports.approve_and_export(certificate, home / "signed.pdf")
            QTimer.singleShot(300, finish)

        QTimer.singleShot(800, sign)
    else:
        window.catalog_dock.show()
        panel = window.catalog_panel

        def search() -> None:
            panel.search.setFocus()
            panel.search.setText("learning")
            panel.view.setCurrentIndex(panel.model.index(2))

        QTimer.singleShot(600, search)
        QTimer.singleShot(1500, grab)
        QTimer.singleShot(1700, finish)
    app.exec()
    return 0


def shoot(name: str, what: str, catalog: str, out_dir: Path) -> bool:
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
            __import__("time").sleep(0.1)
        with tempfile.TemporaryDirectory() as home:
            spec = {"out": str(out_dir / f"{name}.png"), "what": what, "catalog": catalog}
            spec["home"] = home
            env = {
                **os.environ,
                "DISPLAY": f":{display}",
                "QT_QPA_PLATFORM": "xcb",
                "HOME": home,
                "XDG_CONFIG_HOME": home,
                "XDG_DATA_HOME": home,
                "XDG_STATE_HOME": home,
            }
            result = subprocess.run(
                [sys.executable, __file__, "--child", json.dumps(spec)],
                env=env,
                cwd=REPO,
                timeout=120,
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
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    parser.add_argument("--big", default="/tmp/big.sqlite")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(json.loads(args.child))
    if shutil.which("Xvfb") is None:
        print("growth_screenshots: Xvfb is missing (apt-get install xvfb libxcb-cursor0)")
        return 2
    if not Path(args.big).is_file():
        print(f"growth_screenshots: no {args.big}; python bench/make_big_catalog.py {args.big}")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    done = [
        shoot("export-progress-1280x800", "export", "", args.out),
        shoot("catalog-10000-1280x800", "catalog", args.big, args.out),
    ]
    return 0 if all(done) else 1


if __name__ == "__main__":
    sys.exit(main())
