"""The user's settings file, read only when it is a file of a settings file's size.

Qt reads the settings file as QSettings is made: a FIFO there hangs the start, a link to a device
has that device replaced by a regular file when settings are saved, and a gigabyte file is read
whole. Such a file is left as it is, and this session's settings are kept in memory only.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

# Window state, splitters, a few folders and 8 recent files take a few kilobytes.
MAX_SETTINGS_BYTES = 1_000_000


def user_settings_path() -> Path:
    """Where Qt keeps the user's settings on Linux (its native format there is this INI file)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    organization = QCoreApplication.organizationName()
    return Path(folder) / organization / f"{QCoreApplication.applicationName()}.conf"


def settings_file_problem(path: Path) -> str | None:
    """Why the file at path cannot be read as settings, or None when it can (or is not there).
    The path comes last: a status bar cuts a long line on the right."""
    try:
        found = os.stat(path)  # through a link: the target is what Qt reads and replaces
    except FileNotFoundError:
        return None  # a first start; a dangling link's target is made as a file
    except (OSError, ValueError) as error:
        return f"the settings file cannot be read ({getattr(error, 'strerror', None) or error}): {path}"
    if not stat.S_ISREG(found.st_mode):
        return f"the settings file is not a regular file: {path}"
    if found.st_size > MAX_SETTINGS_BYTES:
        return f"the settings file is over {MAX_SETTINGS_BYTES:,} bytes: {path}"
    return None


def settings_unsaved_reason(path: Path) -> str | None:
    """Why settings read from path cannot be saved there (Qt's own save fails without a word)."""
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent  # a first start: the folder the file would be made in
    if os.access(existing, os.W_OK):
        return None
    kind = "file" if existing == path else "folder"
    return f"the settings {kind} is read-only: {existing}"


def open_user_settings() -> tuple[QSettings, str | None]:
    """The user's settings, and why they last only this session (None when they are saved)."""
    if not sys.platform.startswith("linux"):  # the registry or a plist, kept by Qt
        return QSettings(), None
    path = user_settings_path()
    problem = settings_file_problem(path)
    if problem is None:  # read as usual; saved unless the file or its folder is read-only
        unsaved = settings_unsaved_reason(path)
        message = f"Settings are not saved: {unsaved}" if unsaved else None
        return QSettings(str(path), QSettings.Format.IniFormat), message
    logging.getLogger("advisor_app").warning("settings kept for this session only: %s", problem)
    # No file name: values set are kept and read back in memory, and nothing is written.
    return QSettings("", QSettings.Format.IniFormat), f"Settings are not saved: {problem}"
