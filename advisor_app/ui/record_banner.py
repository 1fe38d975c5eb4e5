"""The banner above the plan saying what the open file is: a verified signed-off record (green,
naming the trusted signer and date), approved but not signed (amber), or a PDF that failed
verification, open as an editable copy (red, with the reasons). Only a verified record is shown
as the record."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from advisor_app.export.opening import APPROVED_UNSIGNED, INVALID, RECORD, RecordStatus, status_of
from advisor_app.ui.document import PlanDocument

#: Reasons listed in the banner itself; the rest are one click away.
SHOWN_REASONS = 2


class RecordBanner(QFrame):
    revision_requested = Signal()  # the user asked to start a new revision

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.status = status_of(document.plan)
        self.setObjectName("recordBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("recordBannerText")
        self.details_button = QPushButton("All Reasons…")
        self.details_button.clicked.connect(self.show_reasons)
        self.revision_button = QPushButton("Start New Revision")
        self.revision_button.clicked.connect(self.revision_requested)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(lambda: self.show_status(status_of(document.plan)))
        row.addWidget(self.label, 1)
        for button in (self.details_button, self.revision_button, self.dismiss_button):
            row.addWidget(button)
        document.plan_changed.connect(self.refresh)
        self.refresh()

    @property
    def state(self) -> str:
        return str(self.property("state") or "")

    def show_status(self, status: RecordStatus) -> None:
        """What the file just opened (or exported) is; the banner follows the plan from here."""
        self.status = status
        self.refresh()

    def refresh(self) -> None:
        plan, status = self.document.plan, self.status
        if status.kind == RECORD and plan == status.record:
            self._show(
                "record",
                f"Signed-off record, revision {plan.revision}: approved on {plan.approved_on} "
                f"and signed by {status.signer} (trusted certificate). Read-only.",
            )
        elif status.kind == INVALID:
            what = (
                "Not a valid signed-off record"
                if status.claimed_approval
                else "This draft PDF does not verify"
            )
            self._show(
                "invalid",
                f"{what}: {self._reasons()}. Open as an editable copy (draft, revision "
                f"{plan.revision}); Save asks for a new .json file.",
            )
        elif plan.locked:
            signed = ", not signed"
            if status.kind == APPROVED_UNSIGNED and status.signer:
                signed = f" and signed by {status.signer}, but the PDF does not verify"
                signed += f" ({self._reasons()})" if status.reasons else ""
            self._show(
                "approved",
                f"Approved on {plan.approved_on or 'an unrecorded date'}{signed}: not a "
                f"signed-off record. Revision {plan.revision} is read-only.",
            )
        else:
            self._show("", "")

    def _reasons(self) -> str:
        reasons = list(self.status.reasons)
        shown = "; ".join(reasons[:SHOWN_REASONS])
        more = len(reasons) - SHOWN_REASONS
        return shown + (f"; and {more} more" if more > 0 else "")

    def _show(self, state: str, text: str) -> None:
        self.setProperty("state", state)
        self.label.setText(text)
        self.setAccessibleName(
            {"record": "Signed-off record", "approved": "Approved, not signed"}.get(
                state, "File failed verification" if state == "invalid" else ""
            )
        )
        self.setAccessibleDescription(text)
        self.revision_button.setVisible(self.document.plan.locked)
        self.details_button.setVisible(bool(state) and len(self.status.reasons) > SHOWN_REASONS)
        self.dismiss_button.setVisible(state == "invalid")
        self.setVisible(bool(state))
        self.style().unpolish(self)
        self.style().polish(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A wrapped label inside a nested layout is given its one-line height; ask for the
        # height its text needs at the width it got, so no line is cut off.
        super().resizeEvent(event)
        needed = self.label.heightForWidth(self.label.width())
        if needed > 0 and self.label.minimumHeight() != needed:
            self.label.setMinimumHeight(needed)

    def show_reasons(self) -> None:
        QMessageBox.information(
            self,
            "Why this PDF is not a record",
            "\n".join(f"• {reason}" for reason in self.status.reasons),
        )
