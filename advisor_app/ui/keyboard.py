"""The window's shortcuts work from any of its fields.

A focused text field claims some keys for itself before the window's shortcuts see them (QLineEdit
takes Ctrl+E, Ctrl+Z and Ctrl+Y; the notes take Ctrl+Z). This filter lets the window's own
shortcuts win in its fields, except that a field with typing of its own to undo or redo keeps
Ctrl+Z / Ctrl+Y for that typing.
"""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

UNDO_KEYS = ("Ctrl+Z",)
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")
WINDOW_KEYS = ("Ctrl+E", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+N", "Ctrl+O", "Ctrl+F", "Ctrl+Q")


def _sequence(event: QKeyEvent) -> str:
    combined = event.keyCombination()
    return QKeySequence(combined).toString(QKeySequence.SequenceFormat.PortableText)


def _line_edit(widget: QObject) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


class ShortcutGuard(QObject):
    """Watches the text fields of one window: `watch` the window, and again after adding fields.
    The window watches itself once it has painted (looking through its widgets from Python is a
    fiftieth of the start-up, and no key can come before the first frame)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.keys = {QKeySequence(k).toString() for k in (*UNDO_KEYS, *REDO_KEYS, *WINDOW_KEYS)}

    def watch(self, window: QWidget) -> None:
        for kind in TEXT_FIELDS:  # looked for by kind in Qt, not every widget seen from Python
            for field in window.findChildren(kind):
                field.installEventFilter(self)  # once: Qt does not install a filter twice

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        assert isinstance(event, QKeyEvent)
        key = _sequence(event)
        if key not in self.keys:
            return False
        edit = _line_edit(watched)
        if edit is not None and not edit.isReadOnly():
            if key in UNDO_KEYS and edit.isUndoAvailable():
                return False  # the field's own typing is undone first
            if key in REDO_KEYS and edit.isRedoAvailable():
                return False
        # Not accepted: the window's shortcut fires instead of the field's own key binding.
        event.ignore()
        return True
