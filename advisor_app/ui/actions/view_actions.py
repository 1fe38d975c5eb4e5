"""View menu: show or hide each panel, and Presentation Mode for the projector."""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from advisor_app.locations import resources_dir

if TYPE_CHECKING:
    from advisor_app.ui.main_window import MainWindow

PRESENTATION_SCALE = 1.4
PRESENTATION_QSS = resources_dir() / "presentation.qss"  # in the source tree or the bundle
PANEL_SHORTCUTS = {"catalogDock": "Ctrl+1", "requirementsDock": "Ctrl+2"}


class ViewActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.panel_actions: list[QAction] = []
        for dock in (window.catalog_dock, window.requirements_dock):
            action = dock.toggleViewAction()
            action.setText(f"Show &{dock.windowTitle()}")
            action.setShortcut(QKeySequence(PANEL_SHORTCUTS.get(dock.objectName(), "")))
            self.panel_actions.append(action)
        self.presentation_action = QAction("&Presentation Mode", window)
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence("F11"))
        self.presentation_action.setToolTip(
            "Larger text for a projector, the notes and student id hidden; F11 or Esc to leave"
        )
        self.presentation_action.toggled.connect(self.set_presentation)
        self.leave_shortcut = QShortcut(QKeySequence("Esc"), window)
        self.leave_shortcut.setEnabled(False)
        self.leave_shortcut.activated.connect(lambda: self.presentation_action.setChecked(False))
        self._saved_state = Qt.WindowState.WindowNoState
        self._catalog_was_shown = True

    def populate(self, menu: QMenu) -> None:
        menu.addActions(self.panel_actions)
        menu.addSeparator()
        menu.addAction(self.presentation_action)

    @property
    def presenting(self) -> bool:
        return self.presentation_action.isChecked()

    def set_presentation(self, on: bool) -> None:
        window = self.window
        self.leave_shortcut.setEnabled(on)
        window.header.set_student_id_shown(not on)
        window.requirements.notes_box.setVisible(not on)
        window.requirements.set_high_contrast(on)
        if on:
            self._saved_state = window.windowState()
            self._catalog_was_shown = not window.catalog_dock.isHidden()
            window.catalog_dock.hide()  # the room sees the plan; Ctrl+1 brings the catalog back
            # Widgets under a stylesheet take their font from it, not from setFont: the larger
            # size goes in the window's stylesheet, relative to the system's own size.
            size = window.normal_font.pointSizeF() * PRESENTATION_SCALE
            extra = (
                PRESENTATION_QSS.read_text(encoding="utf-8") if PRESENTATION_QSS.is_file() else ""
            )
            window.setStyleSheet(f"QWidget {{ font-size: {size:.1f}pt; }}\n{extra}")
            window.setWindowState(self._saved_state | Qt.WindowState.WindowFullScreen)
            window.statusBar().showMessage("Presentation mode: F11 or Esc to leave", 5000)
        else:
            window.setStyleSheet("")
            if self._catalog_was_shown:
                window.catalog_dock.show()
            window.setWindowState(self._saved_state & ~Qt.WindowState.WindowFullScreen)
            window.statusBar().showMessage("Presentation mode off", 3000)
