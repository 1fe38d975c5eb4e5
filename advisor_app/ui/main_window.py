"""The main window: catalog, term grid, requirements; menus, files, undo, settings."""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from advisor_app.catalog import CatalogDatabase
from advisor_app.domain import Plan
from advisor_app.plans.autosave import AutosaveStore
from advisor_app.ui.actions.export_actions import ExportActions
from advisor_app.ui.actions.file_actions import FileActions
from advisor_app.ui.actions.file_guard import PlanFileGuard
from advisor_app.ui.actions.whatif_actions import WhatIfActions
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.grid.term_grid import TermGrid
from advisor_app.ui.panels.catalog_panel import CatalogPanel
from advisor_app.ui.panels.changes_panel import attach_changes
from advisor_app.ui.panels.cost_estimate import CostEstimateLine
from advisor_app.ui.panels.header import PlanHeader
from advisor_app.ui.panels.requirements_panel import RequirementsPanel
from advisor_app.ui.record_banner import RecordBanner
from advisor_app.ui.safety import Autosaver


class MainWindow(QMainWindow):
    def __init__(
        self,
        database: CatalogDatabase,
        plan: Plan,
        path: Path | None = None,
        settings: QSettings | None = None,
        autosave: AutosaveStore | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.settings = settings or QSettings()
        self.document = PlanDocument(database.catalog, plan, path)
        self.editor = PlanEditor(self.document)
        self.setObjectName("mainWindow")
        self.setMinimumSize(900, 560)
        self.header = PlanHeader(self.document, self.editor)
        self.grid = TermGrid(self.document, self.editor)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        self.lock_banner = RecordBanner(self.document)
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.header)
        self.cost_estimate = CostEstimateLine(self.document)
        layout.addWidget(self.cost_estimate)
        layout.addWidget(self.grid, 1)
        self.setCentralWidget(centre)
        self.catalog_panel = CatalogPanel(database, self.document, self.editor)
        self.requirements = RequirementsPanel(self.document, self.editor)
        self.changes = attach_changes(self.requirements, self.document)
        self._dock(
            "catalogDock", "Catalog", self.catalog_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self._dock(
            "requirementsDock",
            "Requirements",
            self.requirements,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Plan status")
        self.statusBar().addPermanentWidget(self.status_label)
        self.requirements.status_changed.connect(self._show_status)
        self.files = FileActions(self)
        self.guard = PlanFileGuard(self)  # the file's lock, its watch, and the save question
        layout.insertWidget(0, self.guard.bar)
        self.exports = ExportActions(self)
        self.what_if = WhatIfActions(self)
        self.autosaver = Autosaver(self, autosave) if autosave else None
        self.lock_banner.revision_requested.connect(self.exports.start_revision)
        self._build_menus()
        self.document.edit_refused.connect(self._edit_refused)
        self.document.path_changed.connect(self._update_title)
        self.document.modified_changed.connect(self._update_title)
        self._update_title()
        self._show_status(self.requirements.findings_heading.text().removeprefix("Findings: "))
        self._restore_layout()

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setMinimumWidth(
            widget.fontMetrics().averageCharWidth() * (44 if "requirements" in name else 34)
        )
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.files.populate(file_menu)
        self.exports.populate_file_menu(file_menu, self.files.quit_action)
        edit = menu.addMenu("&Edit")
        stack = self.document.undo_stack
        undo = stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        self.move_previous_action = self._action(
            edit, "Move Card to &Previous Term", "Ctrl+[", lambda: self.move_focused(-1)
        )
        self.move_next_action = self._action(
            edit, "Move Card to &Next Term", "Ctrl+]", lambda: self.move_focused(1)
        )
        self.remove_action = self._action(
            edit, "&Remove Card", "Ctrl+Backspace", self.remove_focused
        )
        self._action(
            edit, "&Add Selected Course to Term", "Ctrl+Return", self.catalog_panel.add_selected
        )
        edit.addSeparator()
        self._action(edit, "&Find Course", "Ctrl+F", self.catalog_panel.search.setFocus)
        edit.addSeparator()
        edit.addAction(self.exports.revision_action)
        view = menu.addMenu("&View")
        for dock in self.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())
        self.what_if.populate(file_menu, view)

    def _action(self, menu: object, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def move_focused(self, step: int) -> None:
        focused = self.grid.focused()
        if focused is None:
            self.statusBar().showMessage("Select a card in the term grid first", 3000)
            return
        term_id, entry = focused
        target = self.editor.move_by(entry, term_id, step)
        if target:
            self.grid.focus_card(target, entry)

    def remove_focused(self) -> None:
        focused = self.grid.focused()
        if focused:
            self.editor.remove(focused[1], focused[0])

    def _edit_refused(self, reason: str) -> None:
        self.statusBar().showMessage(reason, 6000)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setAccessibleDescription(text)
        # Screen readers hear the new findings summary after every edit.
        QAccessible.updateAccessibility(
            QAccessibleEvent(self.status_label, QAccessible.Event.NameChanged)
        )

    def _update_title(self) -> None:
        name = self.document.display_name
        student = self.document.plan.student_name
        self.setWindowTitle(
            f"{name}{'*' if self.document.modified else ''}"
            f"{' – ' + student if student else ''} – AIPI Advisor"
        )

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1500, 900)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self.save_layout()
        if self.autosaver:  # saved, or the user chose to discard: nothing left to recover
            self.autosaver.discard()
        self.guard.release()
        event.accept()

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)
