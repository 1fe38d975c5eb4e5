"""Autosave: unsaved work copied to the user's data folder, offered back after a crash.

Each running window owns one file, `autosave-<pid>.json`, holding the plan and the file it came
from. A clean exit (or saving the plan) removes it, so a file left behind by a process that is no
longer running is work a crash would otherwise have lost.
"""

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from msgspec import Struct

from advisor_app.domain import Plan
from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.files import plan_to_dict
from advisor_app.plans.limits import LIMITS
from advisor_app.plans.parsing import plan_from_dict
from advisor_app.plans.processes import process_running
from advisor_app.plans.reading import read_bounded
from advisor_app.plans.writing import write_atomically

AUTOSAVE_FORMAT = "aipi-autosave"
# The plan (at most a plan file's limit) with a few lines about it, written in compact JSON.
MAX_AUTOSAVE_BYTES = 2 * LIMITS.file_bytes
log = logging.getLogger(__name__)


def default_autosave_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("AIPI Advisor", "AIPI")) / "autosave"


class Autosaved(Struct, frozen=True):
    """Work found in the autosave folder: the plan, the file it came from, when it was saved."""

    plan: Plan
    source: Path | None
    saved_at: str
    file: Path
    source_digest: str = ""  # SHA-256 of the source file as the window last read or wrote it


class AutosaveStore:
    def __init__(self, folder: Path, pid: int | None = None, window_number: int = 0) -> None:
        self.folder = folder
        self.pid = os.getpid() if pid is None else pid
        # A second window of the same process keeps its own copy.
        extra = f"-{window_number}" if window_number else ""
        self.file = folder / f"autosave-{self.pid}{extra}.json"

    def write(self, plan: Plan, source: Path | None, source_digest: str = "") -> None:
        """Copy the plan aside, atomically. Raises PlanFileError when the folder is unusable."""
        envelope = {
            "format": AUTOSAVE_FORMAT,
            "version": 1,
            "pid": self.pid,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "source": str(source) if source else None,
            "source_digest": source_digest,
            "plan": plan_to_dict(plan),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PlanFileError(f"{self.folder}: cannot autosave there ({error})") from None
        data = json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(self.file, data, keep_backup=False)

    def discard(self, item: Autosaved | None = None) -> None:
        target = item.file if item else self.file
        try:
            target.unlink(missing_ok=True)
        except OSError as error:  # a stale copy is harmless: say so in the log, go on
            log.warning("could not remove autosave %s: %s", target, error)

    def pending(self) -> list[Autosaved]:
        """Work left by processes no longer running, newest first. Unreadable copies are skipped
        (and logged), never fatal: recovery must not be the thing that crashes."""
        found: list[Autosaved] = []
        try:
            files = sorted(self.folder.glob("autosave-*.json"))
        except OSError:
            return []
        for file in files:
            item = self._read(file)
            if item is not None:
                found.append(item)
        return sorted(found, key=lambda item: item.saved_at, reverse=True)

    def _read(self, file: Path) -> Autosaved | None:
        try:
            # A plan and a few lines about it: bounded, and never a pipe or a device waited on.
            data: Any = json.loads(read_bounded(file, MAX_AUTOSAVE_BYTES).decode("utf-8"))
            if not isinstance(data, dict) or data.get("format") != AUTOSAVE_FORMAT:
                raise ValueError("not an autosave file")
            pid = data.get("pid")
            if pid == self.pid or (type(pid) is int and process_running(pid)):
                return None  # our own, or another open window's: not lost work
            digest = data.get("source_digest")
            saved_at = data.get("saved_at", "")
            return Autosaved(
                source_digest=digest if isinstance(digest, str) else "",
                plan=plan_from_dict(data.get("plan")),
                source=_source_path(data.get("source")),
                saved_at=saved_at[:40] if isinstance(saved_at, str) else "",
                file=file,
            )
        except (OSError, ValueError, PlanFileError, RecursionError) as error:
            log.warning("ignoring unreadable autosave %s: %s", file, error)
            return None


def _source_path(value: Any) -> Path | None:
    """The plan file the work came from, if `value` can name one: the autosave is a file anyone
    with the user's rights can write, and a name with a NUL or a part longer than any file system
    allows stopped the window when the work was recovered. Otherwise the work comes back untitled."""
    if not isinstance(value, str) or not value or "\0" in value or len(value) > 4096:
        return None
    path = Path(value)
    try:
        too_long = any(len(os.fsencode(part)) > 255 for part in path.parts)
    except UnicodeError:  # a lone surrogate: no file is named so
        return None
    return path if path.is_absolute() and not too_long else None
