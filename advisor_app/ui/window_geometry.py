"""The window's size and place: fits the screen the first time, restored and clamped after that."""

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow

PREFERRED = QSize(1600, 1000)
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"


def _screen(window: QMainWindow) -> QScreen | None:
    centre = window.frameGeometry().center()
    return QGuiApplication.screenAt(centre) or window.screen() or QGuiApplication.primaryScreen()


def clamp(rect: QRect, available: QRect) -> QRect:
    """`rect` made no larger than `available` and moved inside it."""
    width = min(rect.width(), available.width())
    height = min(rect.height(), available.height())
    left = max(available.left(), min(rect.left(), available.right() - width + 1))
    top = max(available.top(), min(rect.top(), available.bottom() - height + 1))
    return QRect(left, top, width, height)


def fit_to_screen(window: QMainWindow) -> None:
    """Keep the whole window, frame included, on the screen it is on."""
    screen = _screen(window)
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    margins = frame.size() - window.geometry().size()
    inside = clamp(frame, available)
    if inside != frame:
        window.resize(inside.size() - margins)
        window.move(inside.topLeft())


def first_geometry(available: QRect) -> tuple[QRect, bool]:
    """The first window: the preferred size where it fits, else the whole screen (maximised)."""
    if available.width() < PREFERRED.width() or available.height() < PREFERRED.height():
        return QRect(available), True
    rect = QRect(0, 0, PREFERRED.width(), PREFERRED.height())
    rect.moveCenter(available.center())
    return rect, False


def restore(window: QMainWindow, settings: QSettings) -> bool:
    """Restore the saved size, place and panels; True when there was a saved layout."""
    geometry = settings.value(GEOMETRY_KEY)
    state = settings.value(STATE_KEY)
    restored = isinstance(geometry, QByteArray) and not geometry.isEmpty()
    if restored:
        window.restoreGeometry(geometry)
        fit_to_screen(window)  # a screen smaller than last time, or gone
    else:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            rect, maximised = first_geometry(screen.availableGeometry())
            window.setGeometry(rect)
            if maximised:  # shown maximised: the window manager fits the frame in too
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    return restored


def save(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState())
