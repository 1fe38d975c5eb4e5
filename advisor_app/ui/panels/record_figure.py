"""The header's "Completed: 9 of 30 units": the student's record at a glance."""

from PySide6.QtWidgets import QLabel

from advisor_app.rules import completed_units
from advisor_app.ui.document import PlanDocument


class CompletedUnits(QLabel):
    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self.document = document
        self.setObjectName("planStatus")
        self.setAccessibleName("Units completed")
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        catalog = self.document.catalog
        done = completed_units(catalog, self.document.plan)
        text = f"Completed: {done:g} of {catalog.total_units:g} units"
        if self.text() != text:
            self.setText(text)
            self.setAccessibleDescription(text)
