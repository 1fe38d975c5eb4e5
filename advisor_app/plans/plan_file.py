"""The plan file as a window last read or wrote it, and what is on disk now.

A window remembers the SHA-256 of the bytes it last read or wrote. Before saving over the file,
and whenever the folder says the file changed, it compares that with what is on disk: times can
lie (a sync tool restores them, a copy keeps them), content does not.
"""

import hashlib
import os
import shutil
from datetime import date, datetime
from pathlib import Path

from msgspec import Struct

from advisor_app.domain import Plan
from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.files import plan_from_bytes, read_plan_bytes, save_plan

MAX_COPIES_A_DAY = 100


class PlanFile(Struct, frozen=True):
    """What a window last read from or wrote to `path`."""

    path: Path
    digest: str  # SHA-256 of the bytes; "" when no version of the file was ever seen
    plan: Plan | None = None  # the plan those bytes hold, when known


class DiskChange(Struct, frozen=True):
    """The file on disk is no longer what the window last read or wrote."""

    path: Path
    missing: bool  # deleted or moved away
    digest: str = ""
    plan: Plan | None = None  # their plan, when it can be read
    problem: str = ""  # why their file cannot be read as a plan, when it cannot
    modified_at: datetime | None = None


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_plan_file(path: Path) -> PlanFile:
    """Read a plan, remembering the exact bytes read (one read: no gap for a change to slip in)."""
    raw = read_plan_bytes(path)
    return PlanFile(path, digest_of(raw), plan_from_bytes(raw, path.name))


def write_plan_file(plan: Plan, path: Path) -> PlanFile:
    """Save atomically (plans.save_plan) and remember what was written."""
    return PlanFile(path, save_plan(plan, path), plan)


def change_on_disk(known: PlanFile) -> DiskChange | None:
    """None while the file holds what the window last read or wrote; otherwise what it holds."""
    path = known.path
    try:
        raw = read_plan_bytes(path)
    except PlanFileError as error:
        if not os.path.lexists(path) or not path.exists():  # gone, or a link to nothing
            return DiskChange(path, missing=True) if known.digest else None
        return DiskChange(path, missing=False, problem=str(error), modified_at=_mtime(path))
    digest = digest_of(raw)
    if digest == known.digest:
        return None
    try:
        return DiskChange(path, False, digest, plan_from_bytes(raw, path.name), "", _mtime(path))
    except PlanFileError as error:
        return DiskChange(path, False, digest, None, str(error), _mtime(path))


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except (OSError, ValueError, OverflowError):
        return None


def beside(path: Path, whose: str, day: date) -> Path:
    """A free name beside `path` for one version of it: `NAME (yours 2026-11-25).json`, then
    `NAME (yours 2026-11-25 2).json`, …"""
    for number in range(1, MAX_COPIES_A_DAY + 1):
        extra = f" {number}" if number > 1 else ""
        candidate = path.with_name(f"{path.stem} ({whose} {day.isoformat()}{extra}).json")
        if not os.path.lexists(candidate):
            return candidate
    raise PlanFileError(f"{path.parent}: too many copies of {path.name} today; tidy the folder")


def keep_theirs(path: Path, day: date) -> Path:
    """Copy the file on disk, byte for byte, to `NAME (theirs DATE).json` beside it, before it
    is overwritten. Created exclusively: an existing file is never replaced."""
    target = beside(path, "theirs", day)
    try:
        source = path.open("rb")
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file (nothing to keep)") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    with source:
        try:
            copy = target.open("xb")
        except OSError as error:
            raise PlanFileError(
                f"{target}: cannot be written ({error.strerror or error})"
            ) from None
        try:
            with copy:
                shutil.copyfileobj(source, copy)
                copy.flush()
                os.fsync(copy.fileno())
        except OSError as error:
            target.unlink(missing_ok=True)  # ours: created just now
            raise PlanFileError(
                f"{target}: could not be written ({error.strerror or error})"
            ) from None
    return target
