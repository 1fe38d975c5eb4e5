"""The question asked when a plan being opened is open somewhere else (its lock file says who)."""

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from advisor_app.plans.locks import HeldLock


class LockAnswer(Enum):
    READ_ONLY = "read-only"
    ANYWAY = "anyway"
    CLEAR = "clear"
    CANCEL = "cancel"


class LockDialog(QMessageBox):
    def __init__(self, name: str, held: HeldLock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle("Plan in use")
        # The owner's name comes from a file anyone with the folder can write: plain text only.
        self.setTextFormat(Qt.TextFormat.PlainText)
        if held.this_process:
            self.setText(f"{name} is already open in another window of AIPI Advisor.")
        else:
            self.setText(f"{name} is open: {held.owner.describe()}.")
        advice = (
            "Open it read-only to look without changing it, or open it anyway: if you both "
            "save, AIPI Advisor asks before anyone's changes are overwritten."
        )
        if held.old:
            advice += (
                "\n\nThe lock is more than a day old: that program may have ended without "
                "removing it. Clear the lock if nobody is working on this plan."
            )
        self.setInformativeText(advice)
        read_only = self.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
        anyway = self.addButton("Open Anyway", QMessageBox.ButtonRole.ActionRole)
        self.answers: dict[object, LockAnswer] = {
            read_only: LockAnswer.READ_ONLY,
            anyway: LockAnswer.ANYWAY,
        }
        if held.old:
            clear = self.addButton("Clear Lock and Open", QMessageBox.ButtonRole.DestructiveRole)
            self.answers[clear] = LockAnswer.CLEAR
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.answers[cancel] = LockAnswer.CANCEL
        self.setEscapeButton(cancel)
        self.setDefaultButton(read_only)

    def ask(self) -> LockAnswer:
        self.exec()
        return self.answers.get(self.clickedButton(), LockAnswer.CANCEL)
