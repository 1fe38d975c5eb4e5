"""Where the app's own read-only files are: `data/` (the catalog) and `resources/` (stylesheet,
fonts, icons).

From a source checkout they sit beside the package. In a PyInstaller bundle (`sys.frozen`) they
sit in the bundle's own folder, which PyInstaller names in `sys._MEIPASS`. Both places
are read-only as far as the app is concerned: whatever it writes goes to the user's folders
(platformdirs), never here (the bundle may live in /opt or Program Files).
"""

import sys
from pathlib import Path


def is_bundled() -> bool:
    """True in the desktop bundle, whose files belong to the installation, not to the user."""
    return bool(getattr(sys, "frozen", False) and getattr(sys, "_MEIPASS", None))


def app_root() -> Path:
    """The folder holding `data/` and `resources/`."""
    if is_bundled():
        return Path(getattr(sys, "_MEIPASS"))  # noqa: B009 (PyInstaller's, unknown to mypy)
    return Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    return app_root() / "data"


def resources_dir() -> Path:
    return app_root() / "resources"
