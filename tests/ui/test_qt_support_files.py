"""PySide's support modules, unpacked once for faster starts (advisor_app/ui/qt_support_files.py),
tried on a stand-in shiboken folder: the installed one is never touched by the tests."""

import importlib.util
import io
import os
import sys
import types
import zipfile
from pathlib import Path

import pytest

from advisor_app.ui import qt_support_files as support

SOURCES = {
    "signature_bootstrap.py": "VALUE = 1\n",
    "shibokensupport/__init__.py": "",
    "shibokensupport/signature/loader.py": "def load():\n    return 'loaded'\n",
    "shibokensupport/README.txt": "not a module\n",
}


@pytest.fixture
def shiboken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shiboken6 folder with two libraries, and an embedded support archive in sys.modules."""
    folder = tmp_path / "shiboken6"
    folder.mkdir()
    (folder / "Shiboken.abi3.so").write_bytes(b"module")
    (folder / "libshiboken6.abi3.so.6.11").write_bytes(b"library")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, text in SOURCES.items():
            archive.writestr(name, text)
    loader = types.SimpleNamespace(zfile=zipfile.ZipFile(data))
    embedded = types.ModuleType("shibokensupport")
    embedded.__loader__ = loader
    monkeypatch.setitem(sys.modules, "shibokensupport", embedded)
    return folder


def test_unpacks_compiles_and_stamps_once(shiboken: Path) -> None:
    assert support.write_unpacked(shiboken)
    unpacked = shiboken / support.FOLDER_NAME
    assert (unpacked / "shibokensupport/signature/loader.py").read_text() == SOURCES[
        "shibokensupport/signature/loader.py"
    ]
    assert not (unpacked / "shibokensupport/README.txt").exists()  # modules only
    compiled = list((unpacked / "shibokensupport/signature/__pycache__").glob("loader.*.pyc"))
    assert len(compiled) == 1
    stamp = (unpacked / support.STAMP_NAME).read_text()
    assert stamp == support.libraries_fingerprint(shiboken) and "Shiboken.abi3.so:6:" in stamp
    assert sorted(p.name for p in shiboken.iterdir()) == [  # no private folder left behind
        "Shiboken.abi3.so",
        support.FOLDER_NAME,
        "libshiboken6.abi3.so.6.11",
    ]
    assert not support.write_unpacked(shiboken)  # there already


def test_the_unpacked_modules_load_from_their_bytecode(shiboken: Path) -> None:
    assert support.write_unpacked(shiboken)
    source = shiboken / support.FOLDER_NAME / "shibokensupport/signature/loader.py"
    spec = importlib.util.spec_from_file_location("unpacked_loader", source)
    assert spec is not None and spec.loader is not None
    assert spec.cached is not None and Path(spec.cached).is_file()
    code = spec.loader.get_code("unpacked_loader")  # type: ignore[attr-defined]
    assert code is not None and code.co_filename == str(source)  # compiled for where it is
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.load() == "loaded"


def test_a_folder_for_other_libraries_is_removed_before_import(shiboken: Path) -> None:
    assert support.write_unpacked(shiboken)
    support.remove_if_stale(shiboken)
    assert (shiboken / support.FOLDER_NAME).is_dir()  # the same libraries: kept
    (shiboken / "libshiboken6.abi3.so.6.11").write_bytes(b"an upgraded library")
    support.remove_if_stale(shiboken)
    assert sorted(p.name for p in shiboken.iterdir()) == [
        "Shiboken.abi3.so",
        "libshiboken6.abi3.so.6.11",
    ]


def test_a_folder_someone_else_unpacked_is_left_alone(shiboken: Path) -> None:
    theirs = shiboken / support.FOLDER_NAME
    theirs.mkdir()
    (theirs / "signature_bootstrap.py").write_text("# SBK_EMBED=0 by hand\n")
    support.remove_if_stale(shiboken)
    assert (theirs / "signature_bootstrap.py").is_file()
    assert not support.write_unpacked(shiboken)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_installation_keeps_the_slower_start(shiboken: Path) -> None:
    shiboken.chmod(0o555)
    try:
        assert not support.write_unpacked(shiboken)
        assert not (shiboken / support.FOLDER_NAME).exists()
    finally:
        shiboken.chmod(0o755)


def test_a_private_folder_that_cannot_be_renamed_is_cleaned_up(
    shiboken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def another_start_was_first(self: Path, target: Path) -> None:
        raise OSError(39, "Directory not empty")

    monkeypatch.setattr(Path, "rename", another_start_was_first)
    assert not support.write_unpacked(shiboken)
    assert sorted(p.name for p in shiboken.iterdir()) == [
        "Shiboken.abi3.so",
        "libshiboken6.abi3.so.6.11",
    ]


def test_nothing_is_done_without_an_embedded_archive(
    shiboken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "shibokensupport", types.ModuleType("shibokensupport"))
    assert not support.write_unpacked(shiboken)
    assert not (shiboken / support.FOLDER_NAME).exists()


def test_the_installed_shiboken_is_found_without_importing_anything_new() -> None:
    folder = support.shiboken_folder()
    assert folder is not None and (folder / "__init__.py").is_file()
