"""Waive a finding: the reason is required, and an empty one is said, not silently dropped."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from advisor_app.rules import Finding

REASON_NEEDED = "Give a reason: it is printed with the plan, for the record."


class WaiveDialog(QDialog):
    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Waive '{finding.title}'")
        layout = QVBoxLayout(self)
        about = QLabel(f"<b>{finding.title}</b><br>{finding.message}")
        about.setWordWrap(True)
        layout.addWidget(about)
        prompt = QLabel("&Reason for waiving (printed on the plan):")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for waiving")
        self.reason.setPlaceholderText("e.g. Tested out: AP exam score 5")
        prompt.setBuddy(self.reason)
        self.problem = QLabel(REASON_NEEDED)
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Waive")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda _t: self.problem.hide())
        for widget in (prompt, self.reason, self.problem, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.problem.show()
            self.reason.setFocus()
            return
        super().accept()

    @classmethod
    def ask(cls, finding: Finding, parent: QWidget | None = None) -> str | None:
        """The reason given, or None when the advisor cancelled."""
        dialog = cls(finding, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.reason.text().strip() if accepted else None
