"""Screenshot of the window holding a full 16-month plan, for the README (offscreen, no display).

python scripts/screenshot.py [OUT.png]
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from advisor_app.catalog import open_catalog
    from advisor_app.domain.edits import move
    from advisor_app.ui.main_window import MainWindow
    from tests.plans_for_tests import meeting_plan

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "window.png"
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet((REPO / "resources" / "style.qss").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    database = open_catalog()
    plan = meeting_plan(database.catalog, "standard-16")
    plan = move(plan, "AIPI 540", "spring-1", "fall-1")  # show a live finding with its fix
    settings = QSettings(
        str(Path(os.environ.get("TMPDIR", "/tmp")) / "aipi-screenshot.ini"),
        QSettings.Format.IniFormat,
    )
    settings.clear()
    window = MainWindow(database, plan, None, settings)
    window.resize(1700, 1000)
    window.show()
    window.requirements.findings.setCurrentRow(0)
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"saved {out}")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
