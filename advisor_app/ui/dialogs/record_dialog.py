"""A course's record: planned, in progress, or completed with a grade; for a 4+1 course taken as an
undergraduate, whether it also counts toward the bachelor's degree."""

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import CourseRecord
from advisor_app.domain.plan import ENTRY_STATUSES, GRADES

STATUS_LABELS = {"planned": "&Planned", "in-progress": "&In progress", "completed": "&Completed"}


class RecordDialog(QDialog):
    def __init__(
        self,
        title: str,
        record: CourseRecord,
        undergraduate: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Record: {title}")
        self.record = record
        self.buttons_by_status: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for status in ENTRY_STATUSES:
            button = QRadioButton(STATUS_LABELS[status])
            button.setChecked(record.status == status)
            group.addButton(button)
            row.addWidget(button)
            self.buttons_by_status[status] = button
        self.grade = QComboBox()
        self.grade.addItem("(no grade yet)", "")
        for grade in GRADES:
            self.grade.addItem(grade, grade)
        self.grade.setCurrentIndex(max(0, self.grade.findData(record.grade)))
        self.bachelors = QCheckBox("Also counts toward the bachelor's degree")
        self.bachelors.setChecked(bool(record.counts_for_undergraduate))
        self.bachelors.setVisible(undergraduate)
        form = QFormLayout()
        form.addRow("Status", row)
        form.addRow("&Grade", self.grade)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if undergraduate:
            note = QLabel(
                "4+1: a graduate course taken as an undergraduate counts toward the MEng only "
                "with a B or better, and never also toward the bachelor's."
            )
            note.setWordWrap(True)
            layout.addWidget(self.bachelors)
            layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.undergraduate = undergraduate

    def accept(self) -> None:
        status = next(s for s, b in self.buttons_by_status.items() if b.isChecked())
        counts = self.bachelors.isChecked() if self.undergraduate else None
        self.record = CourseRecord(status, self.grade.currentData(), counts)
        super().accept()
