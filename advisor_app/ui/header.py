"""The plan header: student, advisor, track and start year. Edits go through the editor."""

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
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
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        for label, edit, field in fields:
            form = QFormLayout()
            form.addRow(label, edit)
            edit.setAccessibleName(label)
            edit.editingFinished.connect(
                lambda e=edit, f=field: self.editor.set_header(**{f: e.text().strip()})
            )
            row.addLayout(form, 2)
        form = QFormLayout()
        form.addRow("Track", self.track)
        self.track.setAccessibleName("Track")
        row.addLayout(form, 3)
        form = QFormLayout()
        form.addRow("Start year", self.start_year)
        self.start_year.setAccessibleName("Start year")
        row.addLayout(form, 1)
        row.addWidget(self.status)
        chars = self.fontMetrics().averageCharWidth()
        for edit, width in (
            (self.student_name, 22),
            (self.student_id, 12),
            (self.advisor_name, 22),
        ):
            edit.setMinimumWidth(chars * width)
        self.track.activated.connect(lambda _i: self.editor.change_track(self.track.currentData()))
        self.start_year.editingFinished.connect(
            lambda: self.editor.set_header(start_year=self.start_year.value())
        )
        document.plan_changed.connect(self.refresh)
        self.refresh()

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
        self.status.setText("Approved" if plan.status == "approved" else "Draft")
