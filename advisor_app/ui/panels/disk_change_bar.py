"""A quiet bar above the plan: the file changed on disk, went away, or is open read-only.

Never modal: it appears in the middle of a meeting and waits until someone has a moment.
"""

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

CHANGED, MISSING, READ_ONLY = "changed", "missing", "read-only"


class DiskChangeBar(QFrame):
    reload_requested = Signal()
    compare_requested = Signal()
    edit_requested = Signal()
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("diskChangeBar")
        self.state = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # names come from other people's files
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.reload_button = self._button(row, "Reload", self.reload_requested)
        self.compare_button = self._button(row, "Compare…", self.compare_requested)
        self.edit_button = self._button(row, "Edit…", self.edit_requested)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Hide this message")
        close.setAccessibleName("Hide this message")
        close.clicked.connect(self._dismiss)
        row.addWidget(close)
        self.hide()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def _button(self, row: QHBoxLayout, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(signal)
        row.addWidget(button)
        return button

    def _show(self, state: str, text: str) -> None:
        self.state = state
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.setAccessibleName(text)
        self.reload_button.setVisible(state == CHANGED)
        self.compare_button.setVisible(state == CHANGED)
        self.edit_button.setVisible(state == READ_ONLY)
        self.show()

    def show_changed(self, name: str, when: str, can_reload: bool = True) -> None:
        at = f" at {when}" if when else ""
        self._show(CHANGED, f"Changed on disk{at}: {name} was saved from elsewhere.")
        self.reload_button.setEnabled(can_reload)
        self.reload_button.setToolTip(
            "" if can_reload else "The file on disk cannot be read as a plan: see Compare"
        )

    def show_missing(self, name: str) -> None:
        self._show(
            MISSING,
            f"{name} was deleted or moved away. Your plan is still open here; "
            "saving will ask where to put it.",
        )

    def show_read_only(self, text: str) -> None:
        self._show(READ_ONLY, text)

    def clear(self) -> None:
        self.state = ""
        self.hide()
