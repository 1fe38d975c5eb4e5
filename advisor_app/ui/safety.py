"""Nothing lost, nothing silent: autosave on idle, recovery after a crash, and the exception hook."""

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from advisor_app.catalog import CatalogError
from advisor_app.plans import PlanFileError
from advisor_app.plans.autosave import AutosaveStore
from advisor_app.plans.plan_file import PlanFile

if TYPE_CHECKING:
    from advisor_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)
IDLE_MS = 3000  # autosave after this much quiet, so typing is never interrupted by disk writes


class Autosaver(QObject):
    """Copies unsaved work aside after a few idle seconds; removes the copy once it is saved."""

    autosaved = Signal(str)  # the autosave file's path

    def __init__(self, window: "MainWindow", store: AutosaveStore, idle_ms: int = IDLE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.save_now)
        window.document.plan_changed.connect(self.timer.start)
        window.document.modified_changed.connect(self._modified_changed)

    def _modified_changed(self, modified: bool) -> None:
        if not modified:  # saved (or undone back to the saved plan): the copy is not needed
            self.timer.stop()
            self.store.discard()

    def save_now(self) -> None:
        document = self.window.document
        if not document.modified:
            self.store.discard()
            return
        try:
            disk = document.on_disk  # which version of the file this work started from
            digest = disk.digest if disk and disk.path == document.path else ""
            self.store.write(document.plan, document.path, digest)
        except PlanFileError as error:  # autosave must never interrupt the meeting
            log.warning("autosave failed: %s", error)
            return
        self.autosaved.emit(str(self.store.file))

    def discard(self) -> None:
        self.timer.stop()
        self.store.discard()


def offer_recovery(window: "MainWindow", store: AutosaveStore) -> bool:
    """After a crash, offer the newest autosaved work; True when it was recovered."""
    pending = store.pending()
    if not pending:
        return False
    item = pending[0]
    plan = item.plan
    who = f"{plan.student_name}'s plan" if plan.student_name else "An untitled plan"
    where = f" (from {item.source})" if item.source else ""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved work?")
    box.setText(
        f"AIPI Advisor closed before this work was saved:\n\n{who}{where}, "
        f"autosaved {item.saved_at.replace('T', ' ')}.\n\nRecover it?"
    )
    recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Decide Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.exec()
    clicked = box.clickedButton()
    if clicked is discard:
        store.discard(item)
        return False
    if clicked is not recover:
        return False
    source = item.source if item.source and item.source.suffix.lower() == ".json" else None
    # The file as it was when the work was autosaved: a change since then is asked about on save.
    # Without it ("" digest), the file's first save asks before replacing whatever is there now.
    disk = PlanFile(source, item.source_digest) if source else None
    window.files.load_into_window(plan, source, disk)
    window.document.undo_stack.resetClean()  # recovered work is unsaved work
    store.discard(item)
    window.statusBar().showMessage("Recovered unsaved work: save it to keep it", 8000)
    return True


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashHandler:
    """sys.excepthook for the window: log the error, autosave, say so, keep running."""

    def __init__(self, window: "MainWindow", log_file: Path | None) -> None:
        self.window = window
        self.log_file = log_file
        self._handling = False
        self._catalog_said = False
        self.previous: ExceptHook = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, error, tb)
            return
        if isinstance(error, CatalogError):  # a course damaged inside, met when first read
            self._catalog_damaged(error)
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        if self._handling:  # an error while reporting an error: the log has it, stop there
            return
        self._handling = True
        try:
            autosaver = self.window.autosaver
            if autosaver is not None:
                autosaver.save_now()
            self.show(kind, error, tb)
        finally:
            self._handling = False

    def _catalog_damaged(self, error: CatalogError) -> None:
        """Said once, in the catalog's own words (which course, what to do): not a bug of the
        app's, and a damaged course met at every repaint must not stack a dialog each time."""
        log.error("catalog damaged: %s", error)
        if self._catalog_said:
            return
        self._catalog_said = True
        QMessageBox.warning(
            self.window,
            "AIPI Advisor: catalog damaged",
            f"{error}\n\nThe plan is still open: save it, then start the app again with a "
            "good catalog.",
        )

    def show(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        where = f"The details are in the log:\n{self.log_file}" if self.log_file else ""
        saved = (
            "Your plan has been autosaved and is still open."
            if self.window.autosaver is not None
            else "Your plan is still open."
        )
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setText(f"AIPI Advisor hit an unexpected error: {kind.__name__}: {error}")
        box.setInformativeText(f"{saved} Save your work, and please report this.\n\n{where}")
        box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
        box.exec()
