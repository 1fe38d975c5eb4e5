"""PySide6's signature support (about 130 KB of Python kept inside libshiboken) is compiled from
source at every start of every PySide program: some 50 ms of the window's cold start. When the
folder `shiboken6/files.dir` exists, PySide imports those modules from it instead (its own
SBK_EMBED=0 switch), and Python keeps their bytecode like any other module's.

The app writes that folder once, when its window has been up a while: unpacked into a private
folder, compiled, then renamed into place in one step, so a PySide program starting meanwhile
sees either no folder or a whole one. The folder carries the size and time of the shiboken
libraries it came from, and is removed before PySide is imported when they differ (an upgrade),
so an old copy is never loaded by a new PySide. A read-only installation simply keeps the slower
start. Nothing here imports PySide.
"""

import contextlib
import importlib.util
import logging
import os
import shutil
import sys
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_NAME = "files.dir"  # the name PySide looks for (signature_bootstrap.find_incarnated_files)
STAMP_NAME = "written-by-aipi-advisor"


def shiboken_folder() -> Path | None:
    """The installed shiboken6 package's folder, found without importing it."""
    try:
        spec = importlib.util.find_spec("shiboken6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.has_location:
        return None  # not installed as files (a frozen bundle): nothing to do
    return Path(spec.origin).resolve().parent


def libraries_fingerprint(folder: Path) -> str:
    """Which shiboken build `folder` holds: name, size and time of its compiled libraries."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".so" or ".so." in path.name or path.suffix == ".pyd":
            with contextlib.suppress(OSError):
                stat = path.stat()
                parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def remove_if_stale(folder: Path | None = None) -> None:
    """Before PySide is imported: remove an unpacked folder this app wrote for other libraries."""
    folder = folder or shiboken_folder()
    if folder is None:
        return
    unpacked = folder / FOLDER_NAME
    try:
        stamp = (unpacked / STAMP_NAME).read_text(encoding="utf-8")
    except OSError:
        return  # none, or not ours (someone set SBK_EMBED=0 by hand): leave it as it is
    if stamp == libraries_fingerprint(folder):
        return
    aside = folder / f"{FOLDER_NAME}.stale-{os.getpid()}"
    try:
        unpacked.rename(aside)  # one step: nobody imports from a half-removed folder
    except OSError as error:
        log.info("could not set aside the stale %s: %s", unpacked, error)
        return
    shutil.rmtree(aside, ignore_errors=True)


def write_unpacked(folder: Path | None = None) -> bool:
    """After PySide is imported: unpack its embedded support modules into `files.dir`, compiled,
    if that folder is missing and can be written. True when it was written."""
    folder = folder or shiboken_folder()
    support = sys.modules.get("shibokensupport")
    archive = getattr(getattr(support, "__loader__", None), "zfile", None)
    if folder is None or archive is None or (folder / FOLDER_NAME).exists():
        return False  # not embedded (already unpacked), or an unknown way of embedding
    target = folder / FOLDER_NAME
    private = folder / f"{FOLDER_NAME}.{os.getpid()}.tmp"
    try:
        members = [name for name in archive.namelist() if name.endswith(".py")]
        archive.extractall(path=private, members=members)
        (private / STAMP_NAME).write_text(libraries_fingerprint(folder), encoding="utf-8")
        _compile(private, target)
        private.rename(target)
    except (OSError, ValueError, RuntimeError) as error:  # read-only, or another start was first
        log.info("PySide's support modules not unpacked: %s", error)
        shutil.rmtree(private, ignore_errors=True)
        return False
    return True


def _compile(private: Path, target: Path) -> None:
    import compileall

    # Compiled as if already at `target` (the name tracebacks show); the sources keep their
    # times, so the bytecode stays valid after the rename.
    if not compileall.compile_dir(private, ddir=str(target), quiet=2, workers=1):
        raise RuntimeError("a support module did not compile")
