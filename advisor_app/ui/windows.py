"""More than one window: a plan opened in a new window beside the one it came from."""

import itertools
from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from advisor_app.domain import Plan
from advisor_app.plans.autosave import AutosaveStore
from advisor_app.ui.main_window import MainWindow

# Windows opened here live until they are closed (nothing else holds them).
_open_windows: set[MainWindow] = set()
_window_numbers = itertools.count(1)  # each window of this process autosaves to its own file


def open_plan_window(
    source_window: MainWindow, plan: Plan, path: Path | None = None, what_if: bool = False
) -> MainWindow:
    """Show `plan` in a new window with the same catalog and settings.

    A what-if window holds an unsaved copy, titled "NAME (what-if)": closing it asks to save.
    """
    store = source_window.autosaver.store if source_window.autosaver else None
    autosave = AutosaveStore(store.folder, window_number=next(_window_numbers)) if store else None
    window = MainWindow(source_window.database, plan, path, source_window.settings, autosave)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_windows.add(window)
    window.destroyed.connect(lambda: _open_windows.discard(window))
    if what_if:
        source = source_window.document
        name = source.path.stem if source.path else source.untitled_name
        window.document.untitled_name = f"{name.removesuffix(' (what-if)')} (what-if)"
        window.document.undo_stack.resetClean()  # unsaved work: closing asks
        window.document.path_changed.emit()
    window.move(source_window.pos() + QPoint(40, 40))
    window.show()
    return window


def open_windows() -> list[MainWindow]:
    """Every plan window that is open (for Compare Plans), in no particular order."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    widgets = app.topLevelWidgets() if isinstance(app, QApplication) else []
    return [w for w in widgets if isinstance(w, MainWindow) and w.isVisible()]
