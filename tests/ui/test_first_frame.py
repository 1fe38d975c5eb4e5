"""What the window leaves until its first frame is on the screen: it is done then, before the
user's first key, and not before the frame."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from advisor_app.ui.first_frame import AfterFirstFrame
from advisor_app.ui.main_window import MainWindow
from tests.plans_for_tests import filled_template

CTRL = Qt.KeyboardModifier.ControlModifier


class PaintLog(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def test_the_work_comes_after_the_first_frame_and_once(qtbot):
    label = QLabel("a window")
    qtbot.addWidget(label)
    log: list[str] = []
    painted = PaintLog(log)
    label.installEventFilter(painted)
    AfterFirstFrame(label, lambda: log.append("work"))
    label.show()
    assert log == []  # not at show(): the frame has not been drawn yet
    qtbot.waitUntil(lambda: "work" in log)
    assert log[0] == "paint" and log.count("work") == 1
    label.update()
    qtbot.wait(50)
    assert log.count("work") == 1  # later frames do not call it again


def ctrl_z_claimed(field) -> bool:
    """Whether `field` keeps Ctrl+Z from the window (asked as Qt asks, through its filters)."""
    claim = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, CTRL)
    claim.ignore()
    QApplication.sendEvent(field, claim)
    return claim.isAccepted()


def test_the_window_settles_once_painted(qtbot, catalog_db, settings):
    """The shortcut guard watches the fields, and the side panels get their narrowest widths,
    once the first frame is drawn (measuring every code of a large catalog is a sixteenth of the
    start-up; no key or drag can come before the frame)."""
    plan = filled_template(catalog_db.catalog, "standard-16")
    window = MainWindow(catalog_db, plan, None, settings)
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    field = window.header.student_name
    window.show()
    assert ctrl_z_claimed(field)  # a line edit claims Ctrl+Z for itself until it is watched
    qtbot.waitUntil(lambda: not ctrl_z_claimed(field))
    chars = window.fontMetrics().averageCharWidth()
    narrowest = window.catalog_panel.minimum_list_width() + 16
    # At least these (Qt may hold a dock to more: its own layout's minimum, with some fonts).
    assert window.catalog_dock.minimumWidth() >= max(24 * chars, narrowest)
    assert window.requirements_dock.minimumWidth() >= 30 * chars


# Loaded by nothing the first frame needs: the log's rotation (on the first record), the
# socket module (the lock's host name comes from uname), importlib.abc (the PDF export's import
# hook is duck-typed), the PDF and signing stack.
NOT_BEFORE_FIRST_FRAME = (
    "logging.handlers",
    "socket",
    "importlib.abc",
    "reportlab",
    "pyhanko",
    "cryptography",
)


def test_the_start_loads_nothing_the_first_frame_does_not_need(tmp_path):
    import sys

    from advisor_app.catalog import open_catalog
    from advisor_app.plans import save_plan
    from tests.conftest import REPO
    from tests.packaging.startup import time_to_first_paint, user_folders
    from tests.plans_for_tests import meeting_plan

    database = open_catalog()
    save_plan(meeting_plan(database.catalog, "online-24"), tmp_path / "plan.json")
    database.close()
    command = [sys.executable, "-X", "importtime", str(REPO / "main.py"), "plan.json"]
    start = time_to_first_paint(command, user_folders(tmp_path / "home"), tmp_path)
    imported = {line.rsplit("|", 1)[-1].strip() for line in start.messages if "|" in line}
    assert "advisor_app.ui.main_window" in imported  # the log is whole
    assert not {name for name in imported if name.startswith(NOT_BEFORE_FIRST_FRAME)}
