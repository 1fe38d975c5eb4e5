"""Start-up: QApplication, catalog, the plan to open, and the main window."""

import gc
import logging
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--version" in argv:  # before Qt: needs no display
        from advisor_app.about import version_line

        if sys.stdout:  # None in a windowed Windows build, which has no console
            sys.stdout.write(version_line("aipi-advisor") + "\n")
        return 0
    # Start-up makes some 40,000 objects (modules, classes, widgets) that nearly all live on:
    # collecting while they are made is eighty passes over them for nothing (about 20 ms).
    gc.disable()
    try:
        # The core first: PySide6 looks at the source of every module imported after it (for its
        # __feature__ switches), which the core, which never imports Qt, need not pay.
        import advisor_app.plans.locks
        import advisor_app.rules  # noqa: F401
        from advisor_app.catalog import CatalogError, open_catalog
        from advisor_app.domain.edits import from_template
        from advisor_app.export.opening import is_pdf, open_plan_file
        from advisor_app.locations import resources_dir
        from advisor_app.logs import configure_logging
        from advisor_app.plans import PlanFileError
        from advisor_app.plans.autosave import AutosaveStore, default_autosave_dir

        loaded_before_qt = list(sys.modules)
        # isort: split
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        _skip_feature_scan(loaded_before_qt)
        app = QApplication.instance() or QApplication(["AIPI Advisor"])
        app.setOrganizationName("AIPI")
        app.setApplicationName("AIPI Advisor")
        # The .desktop entry the window belongs to (its name and icon in a Wayland dock).
        QApplication.setDesktopFileName("aipi-advisor")
        QApplication.setWindowIcon(QIcon(str(resources_dir() / "icons" / "aipi-advisor-256.png")))
        log_file = configure_logging()
        try:
            database = open_catalog()
        except CatalogError as error:
            return _catalog_unavailable(error)
        from advisor_app.ui.main_window import MainWindow
        from advisor_app.ui.safety import CrashHandler, offer_recovery
        from advisor_app.ui.user_settings import open_user_settings

        plan, path, status, problem = None, None, None, None
        # A PDF is verified as File > Open does it, once the window shows: in a child process, with
        # a progress dialog (ui/actions/child_job.py).
        pdf = Path(argv[0]) if argv and is_pdf(Path(argv[0])) else None
        if argv and pdf is None:
            try:
                opened = open_plan_file(database.catalog, Path(argv[0]))
                plan, path, status = opened.plan, opened.path, opened.status
            except PlanFileError as error:
                problem = str(error)
            except CatalogError as error:
                return _catalog_unavailable(error)
        if plan is None:
            track = next(iter(database.catalog.tracks.values()))
            from datetime import date

            plan = from_template(track, date.today().year)
        store = AutosaveStore(default_autosave_dir())
        settings, settings_problem = open_user_settings()
        try:
            window = MainWindow(database, plan, path, settings, autosave=store)
        except CatalogError as error:  # a page of the courses table damaged, met on first read
            return _catalog_unavailable(error)
        # The stylesheet comes once the window is built: one pass then styles its two hundred widgets,
        # where set first it restyled each as it was made and placed (half the window's start-up).
        stylesheet = resources_dir() / "style.qss"
        if stylesheet.is_file():
            app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        if status is not None:
            window.lock_banner.show_status(status)
        CrashHandler(window, log_file).install()
        if argv and problem is None and pdf is None:
            window.files.remember(Path(argv[0]))  # Open Recent lists it, as if opened in the app
        else:
            window.show_start_page()
        window.show()
    finally:
        # What start-up made lives as long as the window: kept out of every later collection
        # (which then scans only what the meeting makes). Its garbage is a few hundred objects.
        gc.freeze()
        gc.enable()
    if path is not None and not window.guard.ask_if_in_use():  # open elsewhere: user cancelled
        return 0
    if problem:
        window.show_error(
            "Cannot open plan",
            f"{problem}\n\nThe start screen is open instead; the file was not changed.",
        )
    offer_recovery(window, store)
    if settings_problem:
        window.statusBar().showMessage(settings_problem, 15000)
    if pdf is not None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: window.files.open_path(pdf, confirmed=True))
    return int(app.exec())


def _skip_feature_scan(loaded_before_qt: list[str]) -> None:
    """Once Qt is loaded, PySide reads the source of every module an import statement names, once,
    to see if it switches on a `__feature__`: 99 modules, 12 ms of the start. The 48 of them loaded
    before Qt cannot have: they are recorded as PySide records such a module (-1), and not read."""
    features = sys.modules.get("shibokensupport.feature")
    recorded = getattr(features, "pyside_feature_dict", None)
    if isinstance(recorded, dict):  # PySide's own table; without it, PySide reads as before
        for name in loaded_before_qt:
            recorded.setdefault(name, -1)


def _catalog_unavailable(error: Exception) -> int:
    """Said in a dialog (and the log) when the catalog cannot be read: the app cannot plan."""
    from PySide6.QtWidgets import QMessageBox

    logging.getLogger("advisor_app").error("catalog unavailable: %s", error)
    QMessageBox.critical(None, "AIPI Advisor: catalog unavailable", str(error))
    return 2
