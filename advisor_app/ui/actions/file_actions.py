"""File menu: new, open, save, save as, recent files, and the unsaved-changes prompt."""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from advisor_app.export.opening import (
    OpenedPlan,
    RecordStatus,
    is_pdf,
    open_plan_file,
    opened_pdf,
    status_of,
)
from advisor_app.plans import PlanFileError, parse_plan
from advisor_app.plans.plan_file import PlanFile, write_plan_file
from advisor_app.ui.script_fonts import add_missing_script_fonts, needs_script_fonts

if TYPE_CHECKING:
    from advisor_app.ui.main_window import MainWindow

MAX_RECENT = 8
MAX_PATH_CHARS = 4096  # PATH_MAX on Linux


def plausible_path(value: object) -> bool:
    """Whether a path read from the settings could name a file (text, no NUL, not huge)."""
    return isinstance(value, str) and 0 < len(value) <= MAX_PATH_CHARS and "\0" not in value


PLAN_FILTER = "AIPI plans (*.json *.pdf);;All files (*)"


class FileActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.recent_menu = QMenu("Open &Recent", window)

    def _add(
        self,
        menu: QMenu,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: object,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(
                shortcut
                if isinstance(shortcut, QKeySequence.StandardKey | QKeySequence)
                else QKeySequence(shortcut)
            )
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def populate(self, menu: QMenu) -> None:
        self._add(menu, "&New Plan…", QKeySequence.StandardKey.New, self.new_plan)
        self._add(menu, "&Open…", QKeySequence.StandardKey.Open, self.open_dialog)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        self.save_action = self._add(menu, "&Save", QKeySequence.StandardKey.Save, self.save)
        self.save_as_action = self._add(
            menu, "Save &As…", QKeySequence("Ctrl+Shift+S"), self.save_as
        )
        menu.addSeparator()
        self.quit_action = self._add(
            menu, "&Quit", QKeySequence.StandardKey.Quit, self.window.close
        )
        self._refresh_recent()

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        value = self.window.settings.value("files/recent", [])
        if isinstance(value, str):  # one entry comes back as a string from some settings backends
            value = [value]
        if not isinstance(value, list):
            return []
        # The settings file is the user's to edit: 100,000 entries made a menu item each (10 s to
        # show the window, minutes to quit). The first few that can name a file are kept.
        return [str(v) for v in value if plausible_path(v)][:MAX_RECENT]

    def folder(self) -> str:
        """Where file dialogs open: the plan's folder, else the last folder used, else the user's
        Documents (never the folder the app was started from, which may be its own)."""
        path = self.window.document.path
        if path is not None:
            return str(path.parent)
        last = self.window.settings.value("files/lastFolder", "")
        if last and plausible_path(last):
            return str(last)
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def remember(self, path: Path) -> None:
        """Open Recent lists it (opened, saved, or given on the command line)."""
        path = path.resolve()
        self.window.settings.setValue("files/lastFolder", str(path.parent))
        files = [str(path)] + [f for f in self.recent_files() if f != str(path)]
        self.window.settings.setValue("files/recent", files[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for name in files:
            action = self.recent_menu.addAction(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_path(Path(n)))
        self.recent_menu.setEnabled(bool(files))

    # ------------------------------------------------------------------ commands
    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user chose to save or discard it."""
        if not self.window.document.modified:
            return True
        answer = QMessageBox.question(
            self.window,
            "Unsaved changes",
            "This plan has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_plan(self) -> None:
        if not self.confirm_discard():
            return
        document = self.window.document
        from advisor_app.ui.dialogs.new_plan_dialog import NewPlanDialog  # when first asked for

        plan = NewPlanDialog.ask(document.catalog, document.plan.start_year, self.window)
        if plan is not None:
            self.load_into_window(plan, None)

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        name, _ = QFileDialog.getOpenFileName(self.window, "Open plan", self.folder(), PLAN_FILTER)
        if name:
            self.open_path(Path(name), confirmed=True)

    def open_path(self, path: Path, confirmed: bool = False) -> bool:
        if not confirmed and not self.confirm_discard():
            return False
        try:  # a PDF is verified first; only a verified record opens as the record
            opened = self._read(path)
        except PlanFileError as error:
            self.window.show_error("Cannot open plan", str(error))
            return False
        if opened is None:
            self.window.statusBar().showMessage(f"Opening {path.name} cancelled", 6000)
            return False
        # A plan file is locked, watched and saved to; a PDF is a record: no lock, no saving.
        if opened.path is not None and not self.window.guard.claim(path):
            return False
        self.load_into_window(opened.plan, opened.path, opened.disk, opened.status)
        self.remember(path)
        return True

    def _read(self, path: Path) -> OpenedPlan | None:
        """The file as the window opens it; None when the user cancelled the PDF's check.

        A PDF is verified in a child process (export/job.py), with a progress dialog: pypdf and
        pyHanko never load into the window, and a large PDF cannot freeze it."""
        if not is_pdf(path):
            return open_plan_file(self.window.document.catalog, path)
        from advisor_app.export.trust import user_trust_dir

        request = {
            "action": "open",
            "catalog": str(self.window.database.path),
            "path": str(path),
            "user_trust_dir": str(user_trust_dir()),
        }
        from advisor_app.ui.actions.child_job import run_job  # QProcess: on first use

        result = run_job(self.window, "Opening the PDF", request)
        if result is None:
            return None
        if not result.get("ok"):
            raise PlanFileError(str(result.get("message")))
        plan = parse_plan(str(result["plan"]))
        reasons = [str(reason) for reason in result.get("reasons", ())]
        return opened_pdf(
            plan, str(result["state"]), str(result["signer"]), reasons, bool(result["signed"])
        )

    def load_into_window(
        self,
        plan: object,
        path: Path | None,
        disk: PlanFile | None = None,
        status: RecordStatus | None = None,
    ) -> None:
        document = self.window.document
        if needs_script_fonts(plan):  # a plan opened before the first frame
            add_missing_script_fonts()
        document.undo_stack.clear()
        document.replace_plan(plan)  # type: ignore[arg-type]
        document.undo_stack.setClean()
        document._path = path  # the document's path, set without an undo step
        self.window.guard.follow(path, disk)  # its lock, its watch, its content hash
        document.path_changed.emit()
        self.window.lock_banner.show_status(status or status_of(document.plan))
        self.window.leave_start_page()

    def save(self) -> bool:
        path = self.window.guard.save_target()  # None: read-only, or the file went away
        return self.save_to(path) if path else self.save_as()

    def save_as(self) -> bool:
        document = self.window.document
        stem = document.path.stem if document.path else None
        suggested = (stem or document.plan.student_name or "plan").replace(" ", "-") + ".json"
        folder = self.folder()
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.window.guard.save_as_caption(),
            str(Path(folder) / suggested) if folder else suggested,
            "AIPI plans (*.json)",
        )
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        document = self.window.document
        target = self.window.guard.before_save(path)  # changed on disk? asks first
        if not isinstance(target, Path):
            return target
        try:
            disk = write_plan_file(document.plan, target)
        except PlanFileError as error:
            self.window.show_error(
                "Cannot save plan", f"{error}\n\nThe plan is still open; nothing was lost."
            )
            return False
        document.set_path(target)
        document.mark_saved()
        self.remember(target)
        self.window.statusBar().showMessage(f"Saved {target}", 4000)
        self.window.guard.follow(target, disk, written=True)
        return True
