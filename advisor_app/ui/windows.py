"""More than one plan window: open a plan (a what-if copy, an unsaved copy) in a window of its
own beside the others, and list the windows that are open (for Compare Plans)."""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from advisor_app.domain import Plan

if TYPE_CHECKING:
    from advisor_app.ui.main_window import MainWindow

WHAT_IF_SUFFIX = " (what-if)"

# Windows opened here have no parent (each is a top-level window of its own): keep a reference
# so Python does not collect them, and let go of it when the window is closed.
_kept: list["MainWindow"] = []


def open_plan_window(
    source_window: "MainWindow", plan: Plan, path: Path | None = None, what_if: bool = False
) -> "MainWindow":
    """A new window holding `plan` (from `path`, or unsaved), sharing the source window's catalog
    and settings, shown beside it. A what-if copy is titled "<source name> (what-if)" until it is
    saved under a name of its own. It is not autosaved: the autosave file belongs to the first
    window of the process."""
    from advisor_app.ui.main_window import MainWindow

    window = MainWindow(source_window.database, plan, path, source_window.settings)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if what_if:
        source = source_window.document.path
        name = source.stem if source else source_window.untitled_name.removesuffix(WHAT_IF_SUFFIX)
        window.untitled_name = f"{name}{WHAT_IF_SUFFIX}"
        window.document.path_changed.emit()  # the window retitles itself
    _kept.append(window)
    window.destroyed.connect(lambda _object=None, w=window: _forget(w))
    offset = source_window.fontMetrics().height() * 2
    window.move(source_window.pos() + QPoint(offset, offset))
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def _forget(window: "MainWindow") -> None:
    if window in _kept:
        _kept.remove(window)


def open_windows() -> list["MainWindow"]:
    """Every plan window that is open, in the order they were opened."""
    from advisor_app.ui.main_window import MainWindow

    app = QApplication.instance()
    widgets = app.topLevelWidgets() if isinstance(app, QApplication) else []
    return [w for w in widgets if isinstance(w, MainWindow) and w.isVisible()]
