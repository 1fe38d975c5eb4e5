"""Start-up: QApplication, catalog, the plan to open, and the main window."""

import logging
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from advisor_app.catalog import CatalogError, open_catalog
    from advisor_app.domain.edits import from_template
    from advisor_app.logs import configure_logging
    from advisor_app.plans import PlanFileError, load_plan
    from advisor_app.plans.autosave import AutosaveStore, default_autosave_dir

    app = QApplication.instance() or QApplication(["AIPI Advisor"])
    app.setOrganizationName("AIPI")
    app.setApplicationName("AIPI Advisor")
    stylesheet = Path(__file__).resolve().parents[1] / "resources" / "style.qss"
    if stylesheet.is_file():
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    log_file = configure_logging()
    try:
        database = open_catalog()
    except CatalogError as error:
        logging.getLogger("advisor_app").error("catalog unavailable: %s", error)
        QMessageBox.critical(None, "AIPI Advisor: catalog unavailable", str(error))
        return 2
    from advisor_app.ui.main_window import MainWindow
    from advisor_app.ui.safety import CrashHandler, offer_recovery

    plan, path, problem = None, None, None
    if argv:
        candidate = Path(argv[0])
        try:
            plan = load_plan(candidate)
            path = candidate if candidate.suffix.lower() == ".json" else None
        except PlanFileError as error:
            problem = str(error)
    if plan is None:
        track = next(iter(database.catalog.tracks.values()))
        from datetime import date

        plan = from_template(track, date.today().year)
    store = AutosaveStore(default_autosave_dir())
    window = MainWindow(database, plan, path, QSettings(), autosave=store)
    CrashHandler(window, log_file).install()
    if argv and problem is None:
        window.files.remember(Path(argv[0]))  # Open Recent lists it, as if opened in the app
    else:
        window.show_start_page()
    window.show()
    if problem:
        window.show_error(
            "Cannot open plan",
            f"{problem}\n\nA new plan is open instead; the file was not changed.",
        )
    offer_recovery(window, store)
    return int(app.exec())
