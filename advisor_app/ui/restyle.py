"""Widgets whose look depends on a property the stylesheet reads: re-read it when it changes."""

from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QWidget


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property (dropState, over, readOnly) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_read_only(widget: QLineEdit | QAbstractSpinBox | QPlainTextEdit, read_only: bool) -> None:
    """Read-only, and looking it (the stylesheet greys [readOnly="true"] fields)."""
    if widget.isReadOnly() != read_only:
        widget.setReadOnly(read_only)
        repolish(widget)
