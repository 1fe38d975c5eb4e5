"""Work a window's first frame does not need, done as soon as that frame is on the screen."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstFrame(QObject):
    """Calls `then` once, right after `window` has painted and shown its first frame.

    A top-level window paints on an update request; a zero timer set while that request is
    handled fires once the frame is drawn and flushed. (A zero timer set at `show()` fires
    before: the first update request is posted later.)
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._then)
        return False
