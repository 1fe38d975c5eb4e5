"""Benchmark: the window's memory after an advising session with a signed export and a Chinese
student name (goal: resident memory at most 150 MB), on the real catalog and on the generated
10,000-course catalog.

    python bench/bench_memory.py [--big PATH]     (PATH from bench/make_big_catalog.py)

The session runs in its own process, as the app does: the window opens a 24-month plan for
王小明, searches the catalog, moves a card, signs the plan off with a test certificate (the PDF
drawn, signed and checked in the export's child process), opens the signed PDF again (checked in
a child too), and repaints. Its resident memory (VmRSS, and the peak VmHWM) is read from outside,
from /proc, while the window is still open.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL_MB = 150.0

SESSION = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    work = Path(sys.argv[2])
    from PySide6.QtCore import QModelIndex, QSettings, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox
    app = QApplication(["AIPI Advisor"])
    def refused(_parent, title, text, *_rest):
        print("refused", title, text.replace(chr(10), " "), flush=True)
        sys.exit(1)
    QMessageBox.warning = refused  # a dialog would wait for a click that never comes
    from advisor_app.catalog import open_catalog
    from advisor_app.export.signing import read_certificate_file
    from advisor_app.locations import resources_dir
    from advisor_app.ui.main_window import MainWindow
    from tests.plans_for_tests import meeting_plan
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    database = open_catalog()
    plan = meeting_plan(database.catalog, "online-24", "王小明 (Wang Xiaoming)")
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(database, plan, None, settings)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.catalog_panel.search.setText("ai")
    app.processEvents()
    source, target = window.grid.column("fall-2").model, window.grid.column("spring-2").model
    data = source.mimeData([source.index(source.entries.index("AIPI 530"))])
    target.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    window.document.undo_stack.undo()
    app.processEvents()
    certificate = read_certificate_file(work / "advisor.p12", b"bench")
    assert window.exports.approve_and_export(certificate, work / "signed.pdf")
    window.document.undo_stack.setClean()
    assert window.files.open_path(work / "signed.pdf", confirmed=True)
    window.repaint()
    app.processEvents()
    loaded = sorted({n.split(".")[0] for n in sys.modules} & {"reportlab", "pyhanko", "pypdf"})
    print("ready", ",".join(loaded), flush=True)
    sys.stdin.readline()  # measured from outside meanwhile
    window.document.undo_stack.setClean()
    """
)


def status_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def session(catalog: str | None) -> tuple[float, float, str]:
    from advisor_app.export.certificates import create_self_signed_certificate

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        create_self_signed_certificate(work / "advisor.p12", "Dr. Jon Reifschneider", b"bench")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if catalog:
            env["AIPI_CATALOG"] = catalog
        process = subprocess.Popen(
            [sys.executable, "-c", SESSION, str(REPO), str(work)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert process.stdout is not None and process.stdin is not None
        line = process.stdout.readline()
        if not line.startswith("ready"):
            process.kill()
            raise SystemExit(f"the session failed: {line!r}")
        rss, peak = status_mb(process.pid)
        process.stdin.write("\n")
        process.stdin.close()
        process.wait(timeout=60)
        return rss, peak, line.split(" ", 1)[1].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", default="/tmp/big.sqlite", help="the 10,000-course catalog")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    ok = True
    catalogs = [("real catalog", None)]
    if Path(args.big).is_file():
        catalogs.append(("10,000 courses", args.big))
    else:
        print(f"(no {args.big}: python bench/make_big_catalog.py {args.big} makes it)")
    for label, catalog in catalogs:
        rss, peak, loaded = session(catalog)
        passed = rss <= GOAL_MB
        ok &= passed
        print(
            f"window memory after a signed export with a CJK name ({label}): RSS {rss:.0f} MB "
            f"(peak {peak:.0f} MB); PDF libraries in the window: {loaded or 'none'}; "
            f"goal at most {GOAL_MB:.0f} MB: {'PASS' if passed else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
