"""The plan header: student, advisor, track and start year. Edits go through the editor."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor


class PlanHeader(QWidget):
    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.setAccessibleName("Plan header")
        self.student_name = QLineEdit()
        self.student_id = QLineEdit()
        self.advisor_name = QLineEdit()
        self.track = QComboBox()
        for track in document.catalog.tracks.values():
            self.track.addItem(track.name, track.id)
        self.start_year = QSpinBox()
        self.start_year.setRange(1900, 2200)
        self.status = QLabel()
        self.status.setObjectName("planStatus")
        fields = (
            ("Student", self.student_name, "student_name"),
            ("Student ID", self.student_id, "student_id"),
            ("Advisor", self.advisor_name, "advisor_name"),
        )
        # Two rows, label beside field, so every label stays readable on a narrow projector.
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(6)
        for column, (label, edit, field) in enumerate(fields):
            self._labelled(grid, 0, column, label, edit)
            edit.editingFinished.connect(
                lambda e=edit, f=field: self.editor.set_header(**{f: e.text().strip()})
            )
        self._labelled(grid, 1, 0, "Track", self.track)
        self._labelled(grid, 1, 1, "Start year", self.start_year)
        grid.addWidget(self.status, 1, 4, 1, 2)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        chars = self.fontMetrics().averageCharWidth()
        for edit, width in (
            (self.student_name, 18),
            (self.student_id, 10),
            (self.advisor_name, 18),
        ):
            edit.setMinimumWidth(chars * width)
        self.track.activated.connect(lambda _i: self.editor.change_track(self.track.currentData()))
        self.start_year.editingFinished.connect(
            lambda: self.editor.set_header(start_year=self.start_year.value())
        )
        document.plan_changed.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _labelled(grid: QGridLayout, row: int, pair: int, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(text)
        grid.addWidget(label, row, pair * 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(field, row, pair * 2 + 1)

    def refresh(self) -> None:
        plan = self.document.plan
        for edit, value in (
            (self.student_name, plan.student_name),
            (self.student_id, plan.student_id),
            (self.advisor_name, plan.advisor_name),
        ):
            if edit.text() != value:
                edit.setText(value)
        index = self.track.findData(plan.track)
        self.track.blockSignals(True)
        self.track.setCurrentIndex(index)
        self.track.blockSignals(False)
        self.start_year.blockSignals(True)
        self.start_year.setValue(plan.start_year)
        self.start_year.blockSignals(False)
        self.status.setText(
            f"Approved {plan.approved_on}, revision {plan.revision}"
            if plan.locked
            else f"Draft, revision {plan.revision}"
        )
        for edit in (self.student_name, self.student_id, self.advisor_name):
            edit.setReadOnly(plan.locked)
        self.track.setEnabled(not plan.locked)
        self.start_year.setReadOnly(plan.locked)
