"""A new plan: track, start year, student and advisor (the start screen and File > New Plan)."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.edits import from_template
from advisor_app.plans.limits import LIMITS


class NewPlanForm(QWidget):
    def __init__(self, catalog: Catalog, start_year: int | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.track = QComboBox()
        self.track.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for track in catalog.tracks.values():
            self.track.addItem(track.name, track.id)
            self.track.setItemData(
                self.track.count() - 1, track.description, Qt.ItemDataRole.ToolTipRole
            )
        self.start_year = QSpinBox()
        self.start_year.setRange(1900, 2200)
        self.start_year.setValue(start_year or date.today().year)
        self.student = QLineEdit()
        self.student.setMaxLength(LIMITS.name_chars)  # what a plan file may hold
        self.student.setPlaceholderText("Full name")
        self.advisor = QLineEdit()
        self.advisor.setMaxLength(LIMITS.name_chars)  # what a plan file may hold
        self.advisor.setPlaceholderText("Full name")
        self.from_template = QCheckBox("Start from the track's cohort schedule")
        self.from_template.setChecked(True)
        for label, field in (
            ("&Track", self.track),
            ("Start &year", self.start_year),
            ("&Student", self.student),
            ("&Advisor", self.advisor),
        ):
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(label, field)
        form.addRow("", self.from_template)

    def plan(self) -> Plan:
        track = self.catalog.tracks[self.track.currentData()]
        year = self.start_year.value()
        names = (self.student.text().strip(), "", self.advisor.text().strip())
        if self.from_template.isChecked():
            return from_template(track, year, *names)
        return Plan(
            track=track.id, start_year=year, terms={}, student_name=names[0], advisor_name=names[2]
        )


class NewPlanDialog(QDialog):
    def __init__(self, catalog: Catalog, start_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New plan")
        layout = QVBoxLayout(self)
        self.form = NewPlanForm(catalog, start_year)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        create = buttons.button(QDialogButtonBox.StandardButton.Ok)
        create.setText("Create Plan")
        create.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.track.setFocus()

    @classmethod
    def ask(cls, catalog: Catalog, start_year: int, parent: QWidget | None = None) -> Plan | None:
        dialog = cls(catalog, start_year, parent)
        return dialog.form.plan() if dialog.exec() == QDialog.DialogCode.Accepted else None
