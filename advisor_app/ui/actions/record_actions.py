"""The Plan menu and the cards' context menu: the student's record of a course, the courses entered
from outside the catalog, and the advisor's exceptions. Each change is one undoable edit."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from advisor_app.domain import CourseRecord

if TYPE_CHECKING:
    from advisor_app.ui.main_window import MainWindow


class RecordActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.record_action = self._action("Course &Record…", "Ctrl+R", self.edit_focused_record)
        self.exceptions_action = self._action("&Exceptions…", "Ctrl+Shift+X", self.exceptions)
        self.external_action = self._action(
            "Courses from &Outside the Catalog…", "Ctrl+Shift+O", self.external_courses
        )
        window.grid.record_requested.connect(self.card_menu)
        window.editor.confirm_moving_record = self.confirm_moving_record

    def _action(self, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def populate(self, menu: QMenu) -> None:
        menu.addActions([self.record_action, self.exceptions_action, self.external_action])

    @property
    def actions(self) -> list[QAction]:
        return [self.record_action, self.exceptions_action, self.external_action]

    # ------------------------------------------------------------------ the student's record
    def edit_focused_record(self) -> None:
        focused = self.window.grid.focused()
        if focused is None:
            self.window.statusBar().showMessage("Select a card in the term grid first", 3000)
            return
        self.edit_record(*focused)

    def edit_record(self, term_id: str, entry: str) -> None:
        from advisor_app.ui.dialogs.record_dialog import RecordDialog

        document = self.window.document
        track = document.catalog.tracks.get(document.plan.track)
        term = track.term(term_id) if track else None
        undergraduate = bool(term and term.level == "undergraduate")
        dialog = RecordDialog(
            entry, document.plan.record(term_id, entry), undergraduate, self.window
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.editor.set_record(term_id, entry, dialog.record)
            self.window.grid.focus_card(term_id, entry)

    def card_menu(self, term_id: str, entry: str, where: QPoint) -> None:
        editor = self.window.editor
        record = self.window.document.plan.record(term_id, entry)
        menu = QMenu(self.window)
        menu.addAction("Mark &Completed…", lambda: self.edit_record(term_id, entry)).setEnabled(
            not record.completed
        )
        menu.addAction(
            "Mark &In Progress",
            lambda: editor.set_record(term_id, entry, CourseRecord("in-progress", record.grade)),
        ).setEnabled(record.status != "in-progress")
        menu.addAction(
            "Mark &Planned", lambda: editor.set_record(term_id, entry, CourseRecord())
        ).setEnabled(record.status != "planned")
        menu.addAction("Course &Record…", lambda: self.edit_record(term_id, entry))
        menu.addSeparator()
        menu.addAction("&Remove from the Plan", lambda: editor.remove(entry, term_id))
        for action in menu.actions():
            if self.window.document.plan.locked:
                action.setEnabled(False)
        menu.exec(where)

    def confirm_moving_record(self, entry: str, record: CourseRecord) -> bool:
        """A completed (or started) course is part of the record: moving or removing it asks."""
        done = "completed" if record.completed else "in progress"
        answer = QMessageBox.question(
            self.window,
            "Change the student's record?",
            f"{entry} is marked {done}{', grade ' + record.grade if record.grade else ''}. "
            "Moving or removing it changes the student's record. Go ahead?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ exceptions, entered courses
    def exceptions(self) -> None:
        from advisor_app.ui.dialogs.exceptions_dialog import ExceptionsDialog

        ExceptionsDialog(self.window.document, self.window.editor, self.window).exec()

    def external_courses(self) -> None:
        from advisor_app.ui.dialogs.external_courses_dialog import ExternalCoursesDialog

        ExternalCoursesDialog(self.window.document, self.window.editor, self.window).exec()
