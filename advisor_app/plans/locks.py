"""Who has a plan open: a lock file beside it, in the manner of LibreOffice's `.~lock.NAME#`.

The lock names a user, a host, a process id and a time (one JSON line, see docs/plan-format.md).
It is advice between windows, never a barrier: reading a plan, `validate`, `export` and `verify`
ignore it. It is created with O_EXCL, so two windows cannot both take it; any lock file that
cannot be read as ours (empty, garbage, huge, a folder, a pipe) still counts as someone's lock.
A lock left on this host by a process that no longer runs is cleared; one from another host
older than a day may be cleared when the user agrees (`HeldLock.old`).
"""

import contextlib
import getpass
import json
import logging
import os
import platform
import stat
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from advisor_app.domain.struct_fields import methods_on
from advisor_app.plans.processes import MAX_PID, process_running

log = logging.getLogger(__name__)

LOCK_PREFIX = ".~lock."
LOCK_FORMAT = "aipi-lock"
MAX_LOCK_BYTES = 4096
MAX_FIELD_CHARS = 100
OLD_AFTER = timedelta(days=1)

# Lock files this process holds (one per open window): a lock naming our own process id is a
# second window of this program when it is here, and a leftover of a reused id when it is not.
_held_here: set[str] = set()


class LockOwner(Struct, frozen=True):
    user: str
    host: str
    pid: int
    since: datetime | None
    readable: bool = True  # False: a lock file that is not ours to read (its time is the file's)

    def describe(self) -> str:
        when = f" since {self.since:%Y-%m-%d %H:%M}" if self.since else ""
        if not self.readable:
            return f"another program (its lock file cannot be read){when}"
        return f"{self.user or 'someone'} on {self.host or 'an unknown computer'}{when}"


class HeldLock(Struct, frozen=True):
    """Someone else's lock on a plan."""

    file: Path
    owner: LockOwner
    raw: bytes
    this_process: bool = False  # another window of this very program
    now: datetime = field(default_factory=lambda: datetime.now().astimezone())

    # When it was looked at is no part of the lock; its raw bytes are too long to show.
    __eq__, __hash__, __repr__ = methods_on(
        ("file", "owner", "raw", "this_process"), ("file", "owner", "this_process", "now")
    )

    @property
    def same_host(self) -> bool:
        return self.owner.readable and _same_host(self.owner.host, _hostname())

    @property
    def old(self) -> bool:
        """From another host (or unreadable) and more than a day old: may be cleared if the user
        agrees, since that process's liveness cannot be checked from here."""
        since = self.owner.since
        return not self.same_host and since is not None and self.now - since > OLD_AFTER


class PlanLock:
    """Our lock on a plan; `release()` removes the file if it still holds our record."""

    def __init__(self, file: Path, raw: bytes) -> None:
        self.file = file
        self.raw = raw
        self.released = False

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        _held_here.discard(str(self.file))
        found = _read_raw(self.file)
        if found == self.raw:  # someone may have cleared ours and taken it: leave theirs
            with contextlib.suppress(OSError):
                self.file.unlink()


def lock_file_for(path: Path) -> Path:
    """`.~lock.NAME#` beside the plan (beside the file a link points to: one lock per file)."""
    real = Path(os.path.realpath(path))
    return real.with_name(f"{LOCK_PREFIX}{real.name}#")


def me(now: datetime | None = None) -> LockOwner:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or passwd
        user = ""
    since = (now or datetime.now().astimezone()).replace(microsecond=0)
    return LockOwner(_clean(user), _clean(_hostname()), os.getpid(), since)


def acquire(path: Path, now: datetime | None = None) -> PlanLock | HeldLock | None:
    """Take the lock of the plan at `path`.

    Returns our PlanLock; or the HeldLock of whoever has it (after clearing a lock left on this
    host by a process that no longer runs); or None when no lock can be made there (a read-only
    folder, say): the plan opens all the same.
    """
    file = lock_file_for(path)
    for _attempt in range(3):
        owner = me(now)
        raw = _encode(owner)
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            fd = os.open(file, flags, 0o666)  # the umask applies, as to any new file
        except FileExistsError:
            held = read_lock(file, now)
            if held is None:  # removed in between: try again
                continue
            if _abandoned(held):
                log.info("clearing the lock of a process that has ended: %s", file)
                if clear(held):
                    continue
            return held
        except OSError as error:
            log.info("cannot lock %s (%s): opening it without a lock", path, error)
            return None
        try:
            os.write(fd, raw)
        except OSError as error:
            log.info("cannot write the lock %s (%s)", file, error)
            with contextlib.suppress(OSError):
                file.unlink()
            return None
        finally:
            os.close(fd)
        _held_here.add(str(file))
        return PlanLock(file, raw)
    return None


def read_lock(file: Path, now: datetime | None = None) -> HeldLock | None:
    """The lock at `file`, or None when there is none."""
    try:
        info = os.lstat(file)
    except FileNotFoundError:
        return None
    except OSError:
        info = None
    raw = _read_raw(file) if info is not None and stat.S_ISREG(info.st_mode) else None
    owner = _decode(raw or b"") or LockOwner("", "", 0, _file_time(info), readable=False)
    mine = me(now)
    this_process = (
        owner.readable
        and owner.pid == mine.pid
        and _same_host(owner.host, mine.host)
        and str(file) in _held_here
    )
    return HeldLock(file, owner, raw or b"", this_process, now or datetime.now().astimezone())


def holder(path: Path) -> HeldLock | None:
    """Who has the plan at `path` open, if anyone (a process of this host that ended does not)."""
    held = read_lock(lock_file_for(path))
    return None if held is None or _abandoned(held) else held


def clear(held: HeldLock) -> bool:
    """Remove a lock the user agreed to clear, if it is still the one they were shown."""
    current = _read_raw(held.file)
    if current is not None and current != held.raw:
        return False
    try:
        held.file.unlink()
    except FileNotFoundError:
        return True
    except OSError as error:
        log.info("cannot clear the lock %s (%s)", held.file, error)
        return False
    return True


def _abandoned(held: HeldLock) -> bool:
    """A lock of this host whose process has ended (or whose id is ours, in no window of ours)."""
    owner = held.owner
    if not held.same_host or held.this_process:
        return False
    return owner.pid == os.getpid() or not process_running(owner.pid)


def _hostname() -> str:
    # socket.gethostname() by another road: `platform` is loaded already (msgspec's uuid), where
    # `socket` would cost the window's start 6 ms. On POSIX both read uname's node name.
    try:
        return platform.node()
    except OSError:
        return ""


def _same_host(a: str, b: str) -> bool:
    return bool(a) and a.casefold() == b.casefold()


def _clean(text: str) -> str:
    """Printable, one line, bounded: a lock file is written by whoever can write the folder."""
    kept = "".join(c for c in text if not unicodedata.category(c).startswith("C"))
    return kept.strip()[:MAX_FIELD_CHARS]


def _encode(owner: LockOwner) -> bytes:
    data = {
        "format": LOCK_FORMAT,
        "user": owner.user,
        "host": owner.host,
        "pid": owner.pid,
        "since": owner.since.isoformat() if owner.since else "",
    }
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _decode(raw: bytes) -> LockOwner | None:
    if len(raw) > MAX_LOCK_BYTES:
        return None
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
        return None
    user, host, pid, since = (data.get(k) for k in ("user", "host", "pid", "since"))
    if not (isinstance(user, str) and isinstance(host, str) and isinstance(since, str)):
        return None
    if type(pid) is not int or not 0 < pid <= MAX_PID:
        return None
    return LockOwner(_clean(user), _clean(host), pid, _parse_time(since))


def _parse_time(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text[:40])
        # Year 1 or 9999 in local time can leave datetime's range once an offset is applied.
        return when.astimezone() if when.tzinfo is None else when
    except (ValueError, OverflowError):
        return None


def _file_time(info: os.stat_result | None) -> datetime | None:
    if info is None:
        return None
    try:
        return datetime.fromtimestamp(info.st_mtime).astimezone()
    except (OSError, ValueError, OverflowError):
        return None


def _read_raw(file: Path) -> bytes | None:
    """The lock file's bytes (at most MAX_LOCK_BYTES + 1); None when it cannot be read."""
    try:
        # O_NONBLOCK: a pipe planted under the lock's name must not hang the window.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, MAX_LOCK_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
