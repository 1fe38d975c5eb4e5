"""At start, PySide does not read the source of the modules loaded before Qt: it would find no
`__feature__` in them (run in a fresh process: in the test process Qt is loaded first)."""

import json
import os
import subprocess
import sys

from tests.conftest import REPO

# Runs app.main in a fresh process, noting which modules PySide reads once the app has loaded Qt.
START = """
import json, os, sys
import advisor_app.app as app_module

skip = app_module._skip_feature_scan
noted = {"before_qt": [], "read": [], "shown": False}

def skip_and_watch(loaded_before_qt):
    skip(loaded_before_qt)
    noted["before_qt"] = list(loaded_before_qt)
    features = sys.modules["shibokensupport.feature"]
    read = features._mod_uses_pyside

    def reading(module):
        noted["read"].append(module.__name__)
        return read(module)

    features._mod_uses_pyside = reading
    from PySide6.QtWidgets import QApplication

    def run(*_):
        noted["shown"] = any(w.isVisible() for w in QApplication.topLevelWidgets())
        print(json.dumps(noted), flush=True)  # os._exit flushes nothing
        os._exit(0)

    QApplication.exec = run

app_module._skip_feature_scan = skip_and_watch
app_module.main([])
"""


def test_modules_loaded_before_qt_are_not_read_again(tmp_path):
    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **{name: str(home) for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")},
        "XDG_STATE_HOME": str(home),
    }
    done = subprocess.run(
        [sys.executable, "-c", START],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    noted = json.loads(done.stdout.splitlines()[-1])
    assert noted["shown"]  # the start screen, as always
    assert "advisor_app.rules" in noted["before_qt"] and "datetime" in noted["before_qt"]
    assert not set(noted["read"]) & set(noted["before_qt"])
    assert "advisor_app.ui.main_window" in noted["read"]  # modules loaded after Qt still are
