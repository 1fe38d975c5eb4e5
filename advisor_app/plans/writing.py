"""Writing a file so that a crash leaves the old version or the new one, whole, and so that the
file stays what it was: its permissions, its group, and the link that points to it."""

import contextlib
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from advisor_app.plans.errors import PlanFileError

# A temporary file older than this beside a target is what a killed save left behind.
STALE_SECONDS = 60
# The longest file name most file systems take (bytes); a temporary name adds up to 14 to the
# target's, so it is made from at most TEMP_STEM_BYTES of it.
NAME_MAX = 255
TEMP_STEM_BYTES = 200


def write_atomically(
    path: Path, data: bytes, keep_backup: bool = True, follow_links: bool = True
) -> None:
    """Write `data` to `path` atomically.

    The bytes go to a temporary file beside the target, are flushed to disk, and replace the
    target in one rename. A symlink is followed: the file it points to is replaced, the link
    stays. The target's permissions and group are kept (a new file gets the user's umask, not
    0600). The previous version is kept as `<name>.bak`. Temporary files a killed save left
    beside the target are removed.

    With `follow_links` False a link is refused, not followed: for names the app makes up in a
    folder others may write (export-all's PDFs), where a planted link would aim the write at
    any file the user can write.
    """
    if not follow_links and path.is_symlink():
        raise PlanFileError(f"{path}: is a symbolic link; not replaced")
    path = _follow_links(path)
    _refuse_what_is_not_a_file(path)
    directory = path.parent if str(path.parent) else Path(".")
    stem = _temp_stem(path.name)
    _remove_stale_temporaries(directory, stem)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise PlanFileError(f"{directory}: no such folder") from None
    except PermissionError:
        raise PlanFileError(f"{directory}: folder is read-only (permission denied)") from None
    except OSError as error:
        raise PlanFileError(f"{directory}: cannot write there ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_ownership(path, Path(temp_name))
        if keep_backup and path.is_file() and len(os.fsencode(path.name)) + 4 <= NAME_MAX:
            _keep_backup(path, stem)  # (a name too long for ".bak" keeps no backup)
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise PlanFileError(f"{path}: could not be saved ({error.strerror or error})") from None


def _refuse_what_is_not_a_file(path: Path) -> None:
    """A device, a pipe or a socket is never replaced by a file (`-o /dev/null` as root would
    replace the system's), nor is a folder."""
    try:
        mode = path.stat().st_mode
    except OSError:  # not there (a new file), or said by the save itself
        return
    if stat.S_ISDIR(mode):
        raise PlanFileError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise PlanFileError(f"{path}: is a device, a pipe or a socket, not a file: not replaced")


def _temp_stem(name: str) -> str:
    """`name`, cut to TEMP_STEM_BYTES (whole characters): what temporary names are made of."""
    while len(os.fsencode(name)) > TEMP_STEM_BYTES:
        name = name[:-1]
    return name


def _follow_links(path: Path) -> Path:
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path))
    except OSError as error:
        raise PlanFileError(f"{path}: cannot follow the link ({error.strerror})") from None


def _copy_ownership(target: Path, temp: Path) -> None:
    """The new file gets the old one's permission bits and group, or, for a new file, the
    permissions the user's umask gives (mkstemp's 0600 would lock colleagues out)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        os.chmod(temp, 0o666 & ~_umask())
        return
    os.chmod(temp, stat.S_IMODE(info.st_mode))
    if hasattr(os, "chown"):
        # Not a member of that group: keep ours, never fail the save for it.
        with contextlib.suppress(OSError):
            os.chown(temp, -1, info.st_gid)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale_temporaries(directory: Path, stem: str) -> None:
    now = time.time()
    try:
        leftovers = [
            *directory.glob(f".{_escape_glob(stem)}.*.tmp"),
            directory / f".{stem}.bak.tmp",
        ]
    except OSError:
        return
    for leftover in leftovers:
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:  # gone already, or not ours to remove: never fail a save for it
            continue


def _escape_glob(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _keep_backup(path: Path, stem: str) -> None:
    """Make `<name>.bak` the current version, atomically too: a crash leaves the old backup or
    the new one, whole. A hard link costs no copy; where links are not supported, copy first."""
    backup = path.with_name(path.name + ".bak")
    staged = path.with_name(f".{stem}.bak.tmp")
    staged.unlink(missing_ok=True)
    try:
        try:
            os.link(path, staged)
        except OSError:
            shutil.copy2(path, staged)
        os.replace(staged, backup)
    except OSError:
        staged.unlink(missing_ok=True)
        raise
