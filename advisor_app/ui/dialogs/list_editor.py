"""A list of the plan's items with Add…, Edit… and Remove (the advisor's exceptions, the courses
entered from outside the catalog): each change one undoable edit, the list redrawn from the plan."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor


class ListEditorDialog(QDialog):
    """Subclasses fill the list (`items`) and make the edits (`add`, `edit`, `remove`)."""

    def __init__(
        self,
        document: PlanDocument,
        editor: PlanEditor,
        title: str,
        intro: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.editor = editor
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName(title)
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("&Remove")
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        document.plan_changed.connect(self.refresh)

    def items(self) -> list[QListWidgetItem]:
        """The rows to show, each holding its item under Qt.UserRole."""
        raise NotImplementedError

    def add(self) -> None:
        raise NotImplementedError

    def edit(self) -> None:
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        current = self.list.currentRow()
        self.list.clear()
        for item in self.items():
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(min(max(current, 0), self.list.count() - 1))
        self.add_button.setEnabled(not self._read_only())
        self._update_buttons()

    def _read_only(self) -> bool:
        return self.document.plan.locked or bool(getattr(self.document, "read_only", False))

    def _update_buttons(self) -> None:
        chosen = self.current() is not None and not self._read_only()
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def current(self) -> Any:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def row(text: str, value: object) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, value)
    return item
