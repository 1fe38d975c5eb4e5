"""The open plan as a QObject: the current Plan, its file, its findings, and the undo stack."""

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from advisor_app.domain import Catalog, Plan, edits
from advisor_app.plans.plan_file import PlanFile
from advisor_app.rules import Finding, Report, check


class PlanDocument(QObject):
    plan_changed = Signal()  # the plan and its report were replaced
    path_changed = Signal()
    modified_changed = Signal(bool)
    highlight_changed = Signal()
    edit_refused = Signal(str)  # why an edit was not made (an approved plan is read-only)

    def __init__(self, catalog: Catalog, plan: Plan, path: Path | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._plan = plan
        self._path = path
        self.report: Report = check(catalog, plan)
        self.highlighted: set[tuple[str, str]] = set()
        self.on_disk: PlanFile | None = None  # the file as last read or written (its hash)
        self.read_only = ""  # why the file was opened read-only (someone else has it open)
        self.untitled_name = "Untitled plan"

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        name = self._path.name if self._path else self.untitled_name
        return f"{name} (read-only)" if self.read_only else name

    def set_path(self, path: Path) -> None:
        self._path = path
        self.path_changed.emit()

    def mark_saved(self) -> None:
        self.undo_stack.setClean()

    def replace_plan(self, plan: Plan) -> None:
        """Called by undo commands only: every user edit goes through `edit`."""
        self._plan = plan
        self.report = check(self.catalog, plan)
        self.highlighted = {h for h in self.highlighted if h[0] in plan.terms}
        self.plan_changed.emit()

    def edit(self, text: str, plan: Plan, merge_key: int = -1) -> bool:
        """Push the edit as one undo step; False when nothing changed or the plan is read-only."""
        if plan == self._plan:
            return False
        if self.read_only:
            self.edit_refused.emit(self.read_only)
            self.plan_changed.emit()
            return False
        if not edits.allowed(self._plan, plan):
            self.edit_refused.emit(
                f"This plan was approved on {self._plan.approved_on or 'sign-off'} and is"
                " read-only. Start a new revision (Edit > Start New Revision) to change it."
            )
            self.plan_changed.emit()  # views redraw the unchanged plan over a refused gesture
            return False
        self.undo_stack.push(PlanEditCommand(self, text, self._plan, plan, merge_key))
        return True

    def findings_for(self, term_id: str, entry: str) -> list[Finding]:
        code = self.catalog.canonical(entry)
        # Load findings are about a whole term: its column shows them, not each of its cards.
        return [
            f
            for f in self.report.findings
            if code in f.courses and f.term in (None, term_id) and not f.rule.startswith("load.")
        ]

    def highlight(self, finding: Finding | None) -> None:
        self.highlighted = set()
        if finding is not None:
            for term_id, entry in self._plan.entries():
                code = self.catalog.canonical(entry)
                if (code in finding.courses and finding.term in (None, term_id)) or (
                    finding.term == term_id and not finding.courses
                ):
                    self.highlighted.add((term_id, entry))
        self.highlight_changed.emit()


class PlanEditCommand(QUndoCommand):
    """One edit: the plan before and after. Plans are immutable, so undo is a swap."""

    def __init__(
        self, document: PlanDocument, text: str, before: Plan, after: Plan, merge_key: int
    ) -> None:
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def id(self) -> int:
        return self.merge_key

    def mergeWith(self, other: QUndoCommand) -> bool:  # typing of typed text: one undo step
        if not isinstance(other, PlanEditCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.document.replace_plan(self.after)

    def undo(self) -> None:
        self.document.replace_plan(self.before)
