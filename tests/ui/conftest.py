import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# The window is sized to its screen: give the offscreen platform an advisor's monitor (1920x1080,
# no fake window frames) rather than its default 800x800. Set before the QApplication exists.
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = (
        f"offscreen:configfile={Path(__file__).with_name('offscreen-screen.json')}"
    )

import pytest
from PySide6.QtCore import QSettings

from advisor_app.ui.main_window import MainWindow
from tests.plans_for_tests import filled_template

REPO = Path(__file__).resolve().parents[2]
# The offscreen platform says this whenever a dialog opens; there is nothing to fix in the app.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def styled(qapp):
    """The app's own stylesheet, as the app sets it (restored after the test)."""
    before = qapp.styleSheet()
    qapp.setStyleSheet((REPO / "resources" / "style.qss").read_text(encoding="utf-8"))
    yield qapp
    qapp.setStyleSheet(before)


@pytest.fixture
def settings(tmp_path):
    """Tests never touch the user's real settings."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, catalog_db, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    # An unexpected dialog would block a test: fail loudly instead.
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: pytest.fail(f"unexpected question {a[1:3]}")
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: pytest.fail(f"unexpected warning {a[1:3]}")
    )
    plan = filled_template(catalog_db.catalog, "standard-16")
    win = MainWindow(catalog_db, plan, None, settings)
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.show()
    return win


@pytest.fixture
def start_app(qapp, tmp_path, monkeypatch) -> Iterator[Callable[..., MainWindow]]:
    """app.main as a user starts the app, in a home folder of its own and without the event
    loop: start_app(*argv) returns the window it showed. Every such window is closed after."""
    import advisor_app.app as app_module

    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "home"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs its own
    stylesheet = qapp.styleSheet()
    windows: list[MainWindow] = []

    def run() -> int:  # instead of the event loop: note the window main() opened
        shown = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        windows.extend(w for w in shown if w not in windows)
        return 0

    monkeypatch.setattr(qapp, "exec", run)

    def start(*argv: str) -> MainWindow:
        assert app_module.main(list(argv)) == 0
        return windows[-1]

    yield start
    qapp.setStyleSheet(stylesheet)
    for window in windows:
        window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()
