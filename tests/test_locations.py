"""Where the app finds its own files (source tree or bundle), and what --version says."""

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import advisor_app
from advisor_app import locations
from advisor_app.about import version_line
from advisor_app.catalog import default_catalog_path, default_source_dir
from advisor_app.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_source_tree_locations():
    assert not locations.is_bundled()
    assert locations.data_dir() == REPO / "data"
    assert (locations.resources_dir() / "style.qss").is_file()
    assert default_source_dir() == REPO / "data" / "catalog"


@pytest.fixture
def bundled(monkeypatch, tmp_path):
    """What PyInstaller's bootloader sets: sys.frozen, and sys._MEIPASS naming the bundle."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("AIPI_CATALOG", raising=False)
    return tmp_path


def test_bundle_locations(bundled):
    assert locations.is_bundled()
    assert locations.app_root() == bundled
    assert default_catalog_path() == bundled / "data" / "catalog.sqlite"
    assert locations.resources_dir() == bundled / "resources"


def test_frozen_without_bundle_folder_is_the_source_tree(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert locations.app_root() == REPO


def test_bundled_catalog_is_never_rebuilt_in_place(bundled, capsys):
    assert main(["catalog", "build"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--output PATH" in err
    assert not (bundled / "data").exists()


def test_catalog_build_into_an_unwritable_place_is_one_line(capsys, tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("a file, not a folder")
    assert main(["catalog", "build", "--output", str(target / "c.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write there" in err


def test_version_has_one_source():
    assert importlib.metadata.version("aipi-advisor") == advisor_app.__version__


def test_version_line(catalog):
    line = version_line("aipi-advisor")
    assert line == f"aipi-advisor {advisor_app.__version__} (catalog {catalog.version})"
    assert re.fullmatch(r"aipi-advisor \d+\.\d+\.\d+ \(catalog [\w.-]+\)", line)


def test_version_line_without_catalog(tmp_path):
    line = version_line("advisor-app", tmp_path / "missing.sqlite")
    assert line == f"advisor-app {advisor_app.__version__} (catalog unavailable)"


def test_cli_version(capsys, catalog, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert (
        capsys.readouterr().out
        == f"advisor-app {advisor_app.__version__} (catalog {catalog.version})\n"
    )
    with pytest.raises(SystemExit):
        main(["--catalog", str(tmp_path / "none.sqlite"), "--version"])
    assert capsys.readouterr().out.endswith("(catalog unavailable)\n")


def test_window_version_needs_no_display(catalog):
    """`main.py --version` answers before Qt is imported: no display, no platform plugin."""
    probe = (
        "import runpy, sys; sys.argv = ['main.py', '--version']\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\n"
        "assert 'PySide6' not in sys.modules, 'Qt was imported'\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env["QT_QPA_PLATFORM"] = "no-such-platform"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"aipi-advisor {advisor_app.__version__} (catalog {catalog.version})\n"
