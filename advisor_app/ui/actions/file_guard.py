"""Never overwrite an edit this window has not seen.

The guard follows the window's plan file: it holds the file's lock (plans.locks), watches the
file and its folder for changes, and before a save compares the file's content hash with the
one this window last read or wrote (plans.plan_file). The decisions are the core's; this module
only asks the user and carries out the answer.
"""

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from advisor_app.domain import Plan
from advisor_app.plans import PlanFileError
from advisor_app.plans.changes import describe_changes
from advisor_app.plans.locks import HeldLock, PlanLock, acquire, clear, holder, lock_file_for
from advisor_app.plans.plan_file import (
    DiskChange,
    PlanFile,
    beside,
    change_on_disk,
    keep_theirs,
    read_plan_file,
)
from advisor_app.ui.dialogs.lock_dialog import LockAnswer, LockDialog
from advisor_app.ui.dialogs.save_conflict_dialog import Choice, Conflict, SaveConflictDialog
from advisor_app.ui.panels.disk_change_bar import DiskChangeBar

if TYPE_CHECKING:
    from advisor_app.ui.document import PlanDocument
    from advisor_app.ui.main_window import MainWindow

SETTLE_MS = 200  # a save is several file events (temporary, rename, backup): check once after
# Change notifications do not cross the network (a shared folder on a server): look every few
# seconds too; a look is a stat, and the content is hashed only when the stat differs.
POLL_MS = 4000


class PlanFileGuard(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.lock: PlanLock | None = None
        self.change: DiskChange | None = None
        self._claimed: tuple[Path, PlanLock | None, str] | None = None
        self._dismissed: tuple[bool, str] | None = None
        self.written = False  # whether this window last wrote the file (or read it)
        self.note = ""  # said after the next save: where their version was kept
        self.bar = DiskChangeBar()
        self.bar.reload_requested.connect(self.reload)
        self.bar.compare_requested.connect(self.compare)
        self.bar.edit_requested.connect(self.request_edit)
        self.bar.dismissed.connect(self._bar_dismissed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_event)
        self.watcher.directoryChanged.connect(self._file_event)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.check_disk)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self._stat: tuple[int, int, int] | None = None
        if window.document.path is not None:
            self.follow(window.document.path)

    @property
    def document(self) -> "PlanDocument":
        return self.window.document

    # ------------------------------------------------------------------ opening: the lock
    def claim(self, path: Path) -> bool:
        """Before `path` opens in this window: take its lock, or ask what to do when someone
        else has it open. False when the user cancelled."""
        if self.lock is not None and self.lock.file == lock_file_for(path):
            self._claimed = (path, self.lock, "")
            return True
        result = acquire(path)
        while isinstance(result, HeldLock):
            answer = LockDialog(path.name, result, self.window).ask()
            if answer is LockAnswer.CANCEL:
                return False
            if answer is LockAnswer.READ_ONLY:
                who = "another window" if result.this_process else result.owner.describe()
                reason = (
                    f"Read-only: {path.name} is open in {who}. Your changes cannot be made "
                    "here; choose Edit… once it is closed there."
                    if result.this_process
                    else f"Read-only: {path.name} is open by {who}. Choose Edit… once they "
                    "have closed it."
                )
                self._claimed = (path, None, reason)
                return True
            if answer is LockAnswer.ANYWAY:
                self._claimed = (path, None, "")
                return True
            clear(result)
            result = acquire(path)
        self._claimed = (path, result, "")
        return True

    def request_edit(self) -> None:
        """From a read-only window: take the lock now if it is free (or if the user says so)."""
        path = self.document.path
        if path is None or not self.claim(path):
            return
        self.follow(path, self.document.on_disk)
        if not self.document.read_only:
            self.window.statusBar().showMessage(f"{path.name} can be edited now", 5000)

    # ------------------------------------------------------------------ following the file
    def ask_if_in_use(self) -> bool:
        """At start-up, for the plan given on the command line: when someone else has it open,
        say who and ask (False: the user cancelled)."""
        path = self.document.path
        if path is None or self.lock is not None:
            return True
        if not self.claim(path):
            return False
        self.follow(path, self.document.on_disk)
        return True

    def follow(
        self, path: Path | None, disk: PlanFile | None = None, written: bool = False
    ) -> None:
        """The window now shows the plan of `path` (None: no file); `disk` is what was read from
        or written to it, when known. Moves the lock and the watch with it."""
        claimed = self._claimed if self._claimed and path == self._claimed[0] else None
        self._claimed = None
        before = self.document.on_disk.path if self.document.on_disk else None
        lock: PlanLock | None = None
        if claimed is not None:
            lock, self.document.read_only = claimed[1], claimed[2]
        elif path is not None and self.lock is not None and self.lock.file == lock_file_for(path):
            lock = self.lock  # the same file (saved again, reloaded): keep the lock
        elif path is not None:
            taken = acquire(path)  # recovery, Save As, Keep Both, reload: no question, just try
            lock = taken if isinstance(taken, PlanLock) else None
        if claimed is None and (path is None or lock is not None or path != before):
            self.document.read_only = ""  # a reloaded read-only plan stays read-only
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock
        if path is not None and (disk is None or disk.path != path):
            try:
                disk = read_plan_file(path)
            except PlanFileError:  # unreadable now: the first save asks
                disk = PlanFile(path, "", None)
        self.document.on_disk = disk
        self.written = written
        if written and self.note:
            self.window.statusBar().showMessage(f"Saved {path}; {self.note}", 8000)
        self.change, self._dismissed, self.note = None, None, ""
        self._watch(path)
        self._refresh_bar()
        self.document.path_changed.emit()  # the title shows "(read-only)"

    def release(self) -> None:
        """The window closes: let go of the lock and the watch."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self._watch(None)

    def _watch(self, path: Path | None) -> None:
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        self._stat = _stat(path)
        if path is None:
            self.poll.stop()
            return
        self.poll.start()
        real = Path(os.path.realpath(path))
        if real.parent.is_dir():
            self.watcher.addPath(str(real.parent))  # sees the file come back, or be renamed in
        if real.is_file():
            self.watcher.addPath(str(real))

    def _file_event(self, _path: str) -> None:
        self.settle.start()

    def _poll(self) -> None:
        known = self.document.on_disk
        stat = _stat(known.path if known else None)
        if stat != self._stat:
            self.check_disk()

    def check_disk(self) -> None:
        known = self.document.on_disk
        self._stat = _stat(known.path if known else None)
        if known is not None:
            real = os.path.realpath(known.path)
            # An atomic save replaces the file: the watch went with the old one; watch the new.
            if real not in self.watcher.files() and os.path.isfile(real):
                self.watcher.addPath(real)
        self.change = change_on_disk(known) if known is not None else None
        self._refresh_bar()

    def _refresh_bar(self) -> None:
        change = self.change
        if change is not None and (change.missing, change.digest) == self._dismissed:
            self.bar.hide()
        elif change is not None and change.missing:
            self.bar.show_missing(Path(change.path).name)
        elif change is not None:
            self.bar.show_changed(change.path.name, _time(change), change.plan is not None)
        elif self.document.read_only:
            self.bar.show_read_only(self.document.read_only)
        else:
            self.bar.clear()

    def _bar_dismissed(self) -> None:
        if self.change is not None:
            self._dismissed = (self.change.missing, self.change.digest)

    # ------------------------------------------------------------------ saving
    def save_target(self) -> Path | None:
        """Where Save writes; None when it must ask (no file yet, read-only, or gone)."""
        path = self.document.path
        if path is None or self.document.read_only:
            return None
        known = self.document.on_disk
        if known is not None and known.path == path:
            change = change_on_disk(known)
            if change is not None and change.missing:
                return None
        return path

    def save_as_caption(self) -> str:
        path = self.document.path
        if path is not None and self.document.read_only:
            return f"Save a copy ({path.name} is open read-only)"
        if path is not None and self.save_target() is None:
            return f"{path.name} was deleted or moved away: save the plan where?"
        return "Save plan"

    def before_save(self, path: Path) -> Path | bool:
        """Where to save, after asking if the file changed since this window read or wrote it:
        `path`, a copy beside it (Keep Both); or True/False when nothing is to be saved here
        (their version was reloaded / the user cancelled)."""
        known = self.document.on_disk
        if known is None or os.path.realpath(known.path) != os.path.realpath(path):
            held = holder(path) if os.path.lexists(path) else None
            if held is not None and not (self.lock and self.lock.file == held.file):
                self.window.show_error(
                    "Plan in use",
                    f"{path.name} is open: {held.owner.describe()}. Save under another name.",
                )
                return False
            return path
        if self.document.read_only:
            self.window.show_error(
                "Plan open read-only", f"{path.name} is open read-only. Save under another name."
            )
            return False
        change = change_on_disk(known)
        if change is None or change.missing:  # unchanged, or gone: nothing to overwrite
            return path
        return self.resolve(change, saving=True)

    def compare(self) -> None:
        """The bar's Compare: the same question as on save, asked now."""
        known = self.document.on_disk
        change = change_on_disk(known) if known is not None else None
        if change is None or change.missing:
            self.check_disk()
            return
        target = self.resolve(change, saving=False)
        if isinstance(target, Path):
            self.window.files.save_to(target)

    def reload(self) -> None:
        """The bar's Reload: their version here (yours, if unsaved, in a what-if window)."""
        known = self.document.on_disk
        change = change_on_disk(known) if known is not None else None
        if change is None or change.missing:
            self.check_disk()
        elif change.plan is None:
            self.window.show_error("Cannot reload", f"{change.path.name}: {change.problem}")
        else:
            self._reload_theirs(change)

    def resolve(self, change: DiskChange, saving: bool) -> Path | bool:
        document = self.document
        known = document.on_disk
        assert known is not None  # a change is a change from what this window knew
        today = date.today()
        try:
            yours_copy, theirs_copy = (
                beside(change.path, "yours", today),
                beside(change.path, "theirs", today),
            )
        except PlanFileError as error:
            self.window.show_error("Cannot save plan", str(error))
            return False
        choice = SaveConflictDialog(
            self._conflict(change, known, yours_copy, theirs_copy, saving), self.window
        ).ask()
        if choice is Choice.RELOAD and change.plan is not None:
            self._reload_theirs(change)
            return True
        if choice is Choice.KEEP_BOTH:
            return yours_copy
        if choice is Choice.OVERWRITE:
            try:
                kept = keep_theirs(change.path, today)
            except PlanFileError as error:
                self.window.show_error("Cannot save plan", f"{error}\n\nNothing was saved.")
                return False
            # Theirs is safe beside it: this window has now seen the version it replaces.
            document.on_disk = PlanFile(change.path, change.digest, change.plan)
            self.note = f"their version is kept as {kept.name}"
            return change.path
        return False

    def _conflict(
        self, change: DiskChange, known: PlanFile, yours: Path, theirs: Path, saving: bool
    ) -> Conflict:
        catalog, plan = self.document.catalog, self.document.plan
        base = known.plan
        if base is None:  # the version this window started from is not known (recovered work)
            lines = describe_changes(plan, change.plan, catalog) if change.plan else []
            mine: list[str] | None = None
            heading = "How the file on disk differs from yours"
        else:
            lines = describe_changes(base, change.plan, catalog) if change.plan else []
            mine = describe_changes(base, plan, catalog)
            heading = "Changed on disk"
        return Conflict(
            name=change.path.name,
            since="since this window last saved it" if self.written else "since you opened it",
            when=_time(change),
            theirs=lines,
            yours=mine,
            yours_copy=yours.name,
            theirs_copy=theirs.name,
            problem=change.problem,
            saving=saving,
            theirs_heading=heading,
        )

    def _reload_theirs(self, change: DiskChange) -> None:
        theirs: Plan | None = change.plan
        assert theirs is not None
        document = self.document
        if document.modified and document.plan != theirs:
            from advisor_app.ui.windows import open_plan_window

            open_plan_window(self.window, document.plan, what_if=True)
            note = "; your version is in a new window, unsaved"
        else:
            note = ""
        disk = PlanFile(change.path, change.digest, theirs)
        self.window.files.load_into_window(theirs, change.path, disk)
        self.window.statusBar().showMessage(f"Reloaded {change.path.name}{note}", 8000)


def _stat(path: Path | None) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns) if info else None


def _time(change: DiskChange) -> str:
    when = change.modified_at
    if when is None:
        return ""
    return f"{when:%H:%M}" if when.date() == date.today() else f"{when:%Y-%m-%d %H:%M}"
