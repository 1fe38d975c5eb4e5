"""Screenshots for docs/ at 1280x800 (offscreen, no display): the window showing the changes since
the last approved revision, a what-if copy on the 12-month track, and Compare Plans with three
plans (the plan, its what-if copy, and a 24-month online plan from a file).

python scripts/whatif_screenshots.py [OUT_FOLDER]      (default: docs/)
"""

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# A 1920x1080 offscreen monitor: on the default 800x800 screen the window is sized to fit it.
os.environ.setdefault(
    "QT_QPA_PLATFORM", f"offscreen:configfile={REPO / 'tests/ui/offscreen-screen.json'}"
)
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

SIZE = (1280, 800)


def main() -> int:
    from msgspec.structs import replace
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from revision_page import revision_two

    from advisor_app.catalog import open_catalog
    from advisor_app.domain import edits
    from advisor_app.domain.track_mapping import map_to_track
    from advisor_app.plans import save_plan
    from advisor_app.ui.main_window import MainWindow
    from tests.plans_for_tests import filled_template

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet((REPO / "resources" / "style.qss").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    database = open_catalog()
    catalog = database.catalog
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        # Revision 2 was approved; revision 3 moves AIPI 540 and chooses another elective.
        plan = edits.start_revision(revision_two(catalog))
        plan = edits.move(plan, "AIPI 571", "spring-1", "fall-2")
        plan = edits.replace_entry(plan, "spring-1", "STA 663", "ECE 682D")
        path = Path(folder) / "Priya-Raman.json"
        save_plan(plan, path)
        window = MainWindow(database, plan, path, settings)
        window.resize(*SIZE)
        window.show()
        window.changes.list.setCurrentRow(0)
        app.processEvents()
        window.grab().save(str(out / "changes.png"))

        mapping = map_to_track(catalog, plan, catalog.tracks["accelerated-12"])
        copy = window.what_if.open_copy(mapping)
        copy.resize(*SIZE)
        app.processEvents()
        copy.grab().save(str(out / "what-if.png"))

        online = Path(folder) / "Priya-online.json"
        save_plan(
            replace(filled_template(catalog, "online-24"), student_name="Priya Raman"), online
        )
        compare = window.what_if.compare()
        compare.add_file(online, 2)
        compare.resize(1240, 760)
        compare.table.setCurrentIndex(compare.model.index(4, 0))
        app.processEvents()
        compare.grab().save(str(out / "compare.png"))
        for w in (window, copy):
            w.document.undo_stack.setClean()
            w.close()
    print(f"saved {out / 'changes.png'}, {out / 'what-if.png'}, {out / 'compare.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
