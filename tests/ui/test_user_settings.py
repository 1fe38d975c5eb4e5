"""The user's settings file is read only when it is a file of a settings file's size: a FIFO
there hung every start, and a link to a device had the device replaced when settings were saved."""

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from advisor_app.ui import user_settings
from advisor_app.ui.user_settings import (
    MAX_SETTINGS_BYTES,
    open_user_settings,
    settings_file_problem,
    user_settings_path,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="INI file on Linux")


def test_a_regular_file_a_link_to_one_or_none_at_all_is_used(tmp_path):
    real = tmp_path / "real.conf"
    real.write_text("[window]\nfolder=/home/ada\n", encoding="utf-8")
    link = tmp_path / "dotfiles.conf"
    link.symlink_to(real)
    assert settings_file_problem(real) is None
    assert settings_file_problem(link) is None
    assert settings_file_problem(tmp_path / "first-start.conf") is None


def test_anything_else_is_named_and_left_alone(tmp_path):
    fifo = tmp_path / "fifo.conf"
    os.mkfifo(fifo)
    device = tmp_path / "device.conf"
    device.symlink_to("/dev/null")
    huge = tmp_path / "huge.conf"
    with huge.open("wb") as file:
        file.truncate(MAX_SETTINGS_BYTES + 1)
    loop = tmp_path / "loop.conf"
    loop.symlink_to(loop)
    assert settings_file_problem(fifo) == f"the settings file is not a regular file: {fifo}"
    assert settings_file_problem(device) == f"the settings file is not a regular file: {device}"
    assert settings_file_problem(tmp_path) == (
        f"the settings file is not a regular file: {tmp_path}"
    )
    assert settings_file_problem(huge) == f"the settings file is over 1,000,000 bytes: {huge}"
    assert "cannot be read" in str(settings_file_problem(loop))


def test_the_path_is_the_one_qt_used_before(qapp, tmp_path, monkeypatch):
    """Settings saved by earlier versions (QSettings() in the native format) are still found."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert user_settings_path() == tmp_path / qapp.organizationName() / (
        f"{qapp.applicationName()}.conf"
    )
    settings, problem = open_user_settings()
    assert problem is None and settings.fileName() == str(user_settings_path())


def test_settings_that_cannot_be_read_last_the_session_and_write_nothing(tmp_path, monkeypatch):
    fifo = tmp_path / "settings.conf"
    os.mkfifo(fifo)
    monkeypatch.setattr(user_settings, "user_settings_path", lambda: fifo)
    settings, problem = open_user_settings()
    assert problem == f"Settings are not saved: the settings file is not a regular file: {fifo}"
    settings.setValue("window/folder", "/home/ada")
    settings.sync()
    assert settings.value("window/folder") == "/home/ada"  # kept for the session
    assert fifo.is_fifo() and sorted(tmp_path.iterdir()) == [fifo]


def test_the_window_starts_over_a_fifo_and_says_so(qapp, start_app):
    """app.main with a FIFO as the settings file: it hung before the window was made."""
    qapp.setOrganizationName("AIPI")
    qapp.setApplicationName("AIPI Advisor")
    fifo = user_settings_path()  # in the start_app's own home
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    window = start_app()
    message = window.statusBar().currentMessage()
    assert message == f"Settings are not saved: the settings file is not a regular file: {fifo}"
    window.close()  # saves the window's geometry: into memory, not the FIFO
    assert fifo.is_fifo() and isinstance(window.settings, QSettings)
    assert window.settings.fileName() == ""


def test_a_read_only_file_or_folder_is_read_and_said_unsaved(tmp_path, monkeypatch):
    """Qt reads a read-only settings file and fails to save it without a word: say so."""
    folder = tmp_path / "AIPI"
    folder.mkdir()
    path = folder / "AIPI Advisor.conf"
    path.write_text("[files]\nlastFolder=/home/ada\n", encoding="utf-8")
    read_only = {path}  # root may write anywhere: the permission is what os.access reports
    monkeypatch.setattr(os, "access", lambda p, _mode: Path(p) not in read_only)
    monkeypatch.setattr(user_settings, "user_settings_path", lambda: path)
    settings, problem = open_user_settings()
    assert settings.value("files/lastFolder") == "/home/ada"  # read as usual
    assert problem == f"Settings are not saved: the settings file is read-only: {path}"
    read_only = {folder}
    first_start = folder / "new" / "AIPI Advisor.conf"  # no file yet: its folder is asked
    monkeypatch.setattr(user_settings, "user_settings_path", lambda: first_start)
    assert open_user_settings()[1] == (
        f"Settings are not saved: the settings folder is read-only: {folder}"
    )
    read_only = set()
    assert open_user_settings()[1] is None
