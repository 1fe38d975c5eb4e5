"""The main window: catalog, term grid, requirements; menus, files, undo, settings."""

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.catalog import CatalogDatabase
from advisor_app.domain import Plan
from advisor_app.plans.autosave import AutosaveStore
from advisor_app.ui import window_geometry
from advisor_app.ui.actions.export_actions import ExportActions
from advisor_app.ui.actions.file_actions import FileActions
from advisor_app.ui.actions.file_guard import PlanFileGuard
from advisor_app.ui.actions.record_actions import RecordActions
from advisor_app.ui.actions.view_actions import ViewActions
from advisor_app.ui.actions.whatif_actions import WhatIfActions
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.first_frame import AfterFirstFrame
from advisor_app.ui.grid.term_grid import TermGrid
from advisor_app.ui.keyboard import ShortcutGuard
from advisor_app.ui.panels.catalog_panel import CatalogPanel
from advisor_app.ui.panels.changes_panel import attach_changes
from advisor_app.ui.panels.cost_estimate import CostEstimateLine
from advisor_app.ui.panels.header import PlanHeader
from advisor_app.ui.panels.record_figure import CompletedUnits
from advisor_app.ui.panels.requirements_panel import RequirementsPanel
from advisor_app.ui.record_banner import RecordBanner
from advisor_app.ui.safety import Autosaver
from advisor_app.ui.script_fonts import add_missing_script_fonts, needs_script_fonts
from advisor_app.ui.user_settings import open_user_settings

if TYPE_CHECKING:
    from advisor_app.ui.panels.start_page import StartPage

# Narrowest the side panels go, in average characters: the catalog is then a list of codes.
DOCK_MIN_CHARS = {"catalogDock": 24, "requirementsDock": 30}
# Their first widths, as shares of the window, within these bounds (average characters).
DOCK_SHARES = {"catalogDock": (0.19, 30, 52), "requirementsDock": (0.23, 40, 66)}
NARROW_SCREEN_CHARS = 170  # below this many average characters, the catalog starts collapsed


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
        if needs_script_fonts(plan):  # before any widget lays out its name; else after the frame
            add_missing_script_fonts()
        self.database = database
        self.settings = settings or open_user_settings()[0]
        self.document = PlanDocument(database.catalog, plan, path)
        self.editor = PlanEditor(self.document)
        self.normal_font = self.font()
        self.setObjectName("mainWindow")
        self.setMinimumSize(560, 400)  # fits a 1280x800 screen at 200 % scale
        self.header = PlanHeader(self.document, self.editor)
        self.completed_units = CompletedUnits(self.document)
        self.header.add_figure(self.completed_units)
        self.grid = TermGrid(self.document, self.editor)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.lock_banner = RecordBanner(self.document)
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.header)
        self.cost_estimate = CostEstimateLine(self.document)
        layout.addWidget(self.cost_estimate)
        layout.addWidget(self.grid, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(centre)
        self._start_page: StartPage | None = None  # made when first shown (most open a plan)
        self.setCentralWidget(self.pages)
        self.catalog_panel = CatalogPanel(database, self.document, self.editor)
        self.requirements = RequirementsPanel(self.document, self.editor)
        self.changes = attach_changes(self.requirements, self.document)
        self.catalog_dock = self._dock(
            "catalogDock", "Catalog", self.catalog_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.requirements_dock = self._dock(
            "requirementsDock",
            "Requirements",
            self.requirements,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Plan status")
        self.statusBar().addPermanentWidget(self.status_label)
        self.requirements.status_changed.connect(self._show_status)
        self.catalog_panel.course_added.connect(self.grid.select_card)
        self.catalog_panel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.files = FileActions(self)
        self.guard = PlanFileGuard(self)  # the file's lock, its watch, and the save question
        layout.insertWidget(0, self.guard.bar)
        self.exports = ExportActions(self)
        self.what_if = WhatIfActions(self)
        self.views = ViewActions(self)
        self.records = RecordActions(self)
        self.autosaver = Autosaver(self, autosave) if autosave else None
        self.lock_banner.revision_requested.connect(self._start_revision_from_banner)
        self._build_menus()
        self.shortcut_guard = ShortcutGuard(self)
        self.document.edit_refused.connect(self._edit_refused)
        self.document.path_changed.connect(self._update_title)
        self.document.modified_changed.connect(self._update_title)
        self._update_title()
        self._show_status(self.requirements.findings_heading.text().removeprefix("Findings: "))
        self._set_tab_order()
        self._restored = window_geometry.restore(self, self.settings)
        self._shown_once = False
        self.hidden_for_start: list[QDockWidget] = []  # the panels the start page put away

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _update_dock_minimums(self) -> None:
        chars = self.fontMetrics().averageCharWidth()
        self.catalog_dock.setMinimumWidth(
            max(chars * DOCK_MIN_CHARS["catalogDock"], self.catalog_panel.minimum_list_width() + 16)
        )
        self.requirements_dock.setMinimumWidth(chars * DOCK_MIN_CHARS["requirementsDock"])

    def _first_dock_widths(self) -> None:
        """Side panels sized to the window, so the grid keeps most of a laptop's width."""
        chars = self.fontMetrics().averageCharWidth()
        width = self.width()
        docks = [self.catalog_dock, self.requirements_dock]
        sizes = []
        for dock in docks:
            share, low, high = DOCK_SHARES[dock.objectName()]
            sizes.append(int(max(low * chars, min(high * chars, share * width))))
        self.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)
        if width < NARROW_SCREEN_CHARS * chars:
            self.catalog_dock.hide()  # View > Show Catalog (Ctrl+1) brings it back
            if self.catalog_dock in self.hidden_for_start:
                self.hidden_for_start.remove(self.catalog_dock)
            self.statusBar().showMessage(
                "The catalog is hidden to give the terms room: Ctrl+1 shows it", 8000
            )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if not self.isMaximized():
                window_geometry.fit_to_screen(self)  # the frame is known only once shown
            if not self._restored:
                self._first_dock_widths()
            AfterFirstFrame(self, self.settle)
            if not self.on_start_page:
                # The keyboard starts in the plan, not in the student's name (where a first
                # key would replace it).
                self.grid.focus_first()

    def settle(self) -> None:
        """What the window needs before the user's first key or drag, but not for its first
        frame: the shortcut guard's watch over the fields, the narrowest the side panels go
        (measuring every code of a 10,000-course catalog takes a sixteenth of the start-up), and
        fonts for names in scripts the desktop has none for (ui/script_fonts.py)."""
        self.shortcut_guard.watch(self)
        self._update_dock_minimums()
        add_missing_script_fonts()  # for names typed or opened later

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._shown_once:
            self._update_dock_minimums()

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
        # Ctrl+Shift+Z everywhere, and Ctrl+Y as on Windows: both redo.
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
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
        self.find_action = self._action(edit, "&Find Course", "Ctrl+F", self.find_course)
        edit.addSeparator()
        edit.addAction(self.exports.revision_action)
        plan_menu = menu.addMenu("&Plan")
        self.records.populate(plan_menu)
        view = menu.addMenu("&View")
        self.views.populate(view)
        self.what_if.populate(file_menu, view)
        self.plan_actions = [
            undo,
            redo,
            self.move_previous_action,
            self.move_next_action,
            self.remove_action,
            self.find_action,
            self.files.save_action,
            self.files.save_as_action,
            self.exports.export_action,
            self.exports.sign_off_action,
            self.views.presentation_action,
            *self.views.panel_actions,
            *self.records.actions,
        ]

    def _action(self, menu: object, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _set_tab_order(self) -> None:
        """Header, then the terms left to right, the catalog, the requirements, the notes."""
        header = self.header
        chain: list[QWidget] = [
            header.student_name,
            header.student_id,
            header.advisor_name,
            header.track,
            header.start_year,
            self.grid,
            self.catalog_panel.search,
            self.catalog_panel.category,
            self.catalog_panel.season,
            self.catalog_panel.view,
            self.catalog_panel.more_button,  # skipped while hidden
            self.catalog_panel.target,
            self.catalog_panel.add_button,
            self.requirements.checklist,
            self.requirements.findings,
            self.requirements.fix_button,
            self.requirements.waive_button,
            self.requirements.unwaive_button,
            self.requirements.notes,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def find_course(self) -> None:
        if self.catalog_dock.isHidden():
            self.catalog_dock.show()
        self.catalog_panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.catalog_panel.search.selectAll()

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

    # ------------------------------------------------------------------ start page
    @property
    def on_start_page(self) -> bool:
        return self._start_page is not None and self.pages.currentWidget() is self._start_page

    @property
    def start_page(self) -> "StartPage":
        if self._start_page is None:
            from advisor_app.ui.panels.start_page import StartPage

            page = self._start_page = StartPage(self.database.catalog)
            self.pages.addWidget(page)
            page.plan_created.connect(lambda plan: self.files.load_into_window(plan, None))
            page.open_requested.connect(self.files.open_dialog)
            page.recent_chosen.connect(lambda name: self.files.open_path(Path(name)))
            self.shortcut_guard.watch(page)  # the window's shortcuts reach past its fields
        return self._start_page

    def show_start_page(self) -> None:
        self.start_page.show_recent(self.files.recent_files())
        self.pages.setCurrentWidget(self.start_page)
        docks = (self.catalog_dock, self.requirements_dock)
        self.hidden_for_start = [d for d in docks if not d.isHidden()]
        for dock in docks:
            dock.hide()
        for action in self.plan_actions:
            action.setEnabled(False)
        self.status_label.hide()  # no plan yet: no findings to count
        self.start_page.form.track.setFocus()

    def leave_start_page(self) -> None:
        if not self.on_start_page:
            return
        self.pages.setCurrentIndex(0)
        for dock in self.hidden_for_start:
            dock.show()
        self.hidden_for_start = []
        for action in self.plan_actions:
            action.setEnabled(True)
        self.status_label.show()
        self.grid.focus_first()

    # ------------------------------------------------------------------ approval
    def _start_revision_from_banner(self) -> None:
        # The banner (and its button) goes away: send the focus to the grid, not to the next
        # field (the student's name, which would be selected and replaced by the next key).
        self.grid.focus_first()
        self.exports.start_revision()
        self.header.student_name.deselect()

    def _edit_refused(self, reason: str) -> None:
        self.statusBar().showMessage(reason, 6000)

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setAccessibleDescription(text)
        if not self.isVisible():  # nothing to tell yet (and the window starts without QAccessible)
            return
        from PySide6.QtGui import QAccessible, QAccessibleEvent

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

    # ------------------------------------------------------------------ layout and closing
    def save_layout(self) -> None:
        if self.views.presenting:
            self.views.presentation_action.setChecked(False)  # remember the normal layout
        window_geometry.save(self, self.settings)

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
