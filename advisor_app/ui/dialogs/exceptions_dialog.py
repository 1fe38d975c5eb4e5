"""Plan > Exceptions…: the advisor's exceptions (substitute, waive a course, count a course toward
a requirement, accept a finding), each added, edited or removed as one undoable edit."""

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Decision
from advisor_app.domain.plan import APPLY, SUBSTITUTE, WAIVE_COURSE, WAIVE_FINDING
from advisor_app.rules import describe
from advisor_app.rules.findings import RULE_TITLES
from advisor_app.ui.dialogs.list_editor import ListEditorDialog, row
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor

KINDS = (
    (SUBSTITUTE, "Substitute a course in a requirement"),
    (WAIVE_COURSE, "Waive a course from a requirement"),
    (APPLY, "Count a course toward a requirement"),
    (WAIVE_FINDING, "Accept a finding"),
)


class ExceptionsDialog(ListEditorDialog):
    def __init__(self, document: PlanDocument, editor: PlanEditor, parent: QWidget | None = None):
        super().__init__(
            document,
            editor,
            "The advisor's exceptions",
            "Decisions that change how the rules count this plan. Each needs a reason and is "
            "printed in the PDF. An exception that no longer applies is marked; remove it.",
            parent,
        )
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 22)
        self.refresh()

    def items(self) -> list[QListWidgetItem]:
        track = self.document.catalog.tracks.get(self.document.plan.track)
        labels = {r.id: r.label for r in track.requirements} if track else {}
        # Why each unused exception no longer applies, from its finding ("…: AIPI 561 is in the
        # plan itself").
        unused = {
            f.fix.exception: f.message.rsplit("no longer applies: ", 1)[-1]
            for f in self.document.report.findings
            if f.rule == "exception.unused" and f.fix is not None
        }
        rows = []
        for decision in self.document.plan.exceptions:
            text = f"{describe(decision, labels)}\n    Reason: {decision.reason}"
            if decision in unused:
                text += f"\n    No longer applies ({unused[decision]}): remove it"
            item = row(text, decision)
            if decision in unused:
                item.setForeground(QBrush(QColor("#9a5b00")))
            rows.append(item)
        return rows

    def add(self) -> None:
        form = ExceptionForm(self.document, None, self)
        if form.exec() == QDialog.DialogCode.Accepted and form.decision is not None:
            self.editor.add_exception(form.decision)

    def edit(self) -> None:
        old = self.current()
        if old is None or self._read_only():
            return
        form = ExceptionForm(self.document, old, self)
        if form.exec() == QDialog.DialogCode.Accepted and form.decision is not None:
            self.editor.replace_exception(old, form.decision)

    def remove(self) -> None:
        decision = self.current()
        if decision is not None:
            self.editor.remove_exception(decision)


class ExceptionForm(QDialog):
    """One exception: its kind, the fields that kind needs, and the reason (required)."""

    def __init__(
        self, document: PlanDocument, decision: Decision | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.decision: Decision | None = None
        self.setWindowTitle("Edit exception" if decision else "Add exception")
        catalog = document.catalog
        plan = document.plan
        track = catalog.tracks.get(plan.track)
        requirements = track.requirements if track else ()
        planned = sorted({catalog.canonical(e) for _, e in plan.entries()})
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(label, kind)
        self.requirement = QComboBox()
        self.replace_with = QComboBox()
        self.replace_with.addItem("(no replacement)", "")
        for requirement in requirements:
            self.requirement.addItem(requirement.label, requirement.id)
            if requirement.kind != "all-of":
                self.replace_with.addItem(requirement.label, requirement.id)
        self.course = _code_box(planned + sorted(_required_courses(requirements)))
        self.with_course = _code_box(planned)
        self.rule = QComboBox()
        for rule, title in sorted(RULE_TITLES.items(), key=lambda item: item[1]):
            self.rule.addItem(title, rule)
        for requirement in requirements:
            self.rule.addItem(f"Requirement: {requirement.label}", f"req.{requirement.id}")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            "Why: the director's approval, a test-out, prior coursework…"
        )
        self.problem = QLabel()
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow("&Kind", self.kind)
        self.form.addRow("&Requirement", self.requirement)
        self.form.addRow("&Course", self.course)
        self.form.addRow("&In its place", self.with_course)
        self.form.addRow("Needs one more &of", self.replace_with)
        self.form.addRow("&Finding", self.rule)
        self.form.addRow("Rea&son", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if decision is not None:
            self._show(decision)
        self._kind_changed()

    def _show(self, decision: Decision) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(decision.kind)))
        _select(self.requirement, decision.requirement)
        _select(self.replace_with, decision.replace_with)
        _select(self.rule, decision.rule)
        self.course.setCurrentText(decision.course)
        self.with_course.setCurrentText(decision.with_course)
        self.reason.setText(decision.reason)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        shown = {
            SUBSTITUTE: (self.requirement, self.course, self.with_course),
            WAIVE_COURSE: (self.requirement, self.course, self.replace_with),
            APPLY: (self.requirement, self.course),
            WAIVE_FINDING: (self.rule, self.course),
        }[kind]
        for field in (
            self.requirement,
            self.course,
            self.with_course,
            self.replace_with,
            self.rule,
        ):
            self.form.setRowVisible(field, field in shown)
        if kind == WAIVE_COURSE and self.replace_with.currentIndex() == 0:
            _select(self.replace_with, "technical-electives")

    def accept(self) -> None:
        kind = self.kind.currentData()
        reason = self.reason.text().strip()
        catalog = self.document.catalog
        course = (
            catalog.canonical(self.course.currentText())
            if self.course.currentText().strip()
            else ""
        )
        with_course = (
            catalog.canonical(self.with_course.currentText())
            if self.with_course.currentText().strip()
            else ""
        )
        missing = []
        if kind in (SUBSTITUTE, WAIVE_COURSE, APPLY) and not course:
            missing.append("the course")
        if kind == SUBSTITUTE and not with_course:
            missing.append("the course in its place")
        if not reason:
            missing.append("a reason")
        if missing:
            self.problem.setText("Give " + " and ".join(missing) + ".")
            return
        if kind == WAIVE_FINDING:
            self.decision = Decision(kind, reason, course=course, rule=self.rule.currentData())
        else:
            self.decision = Decision(
                kind,
                reason,
                requirement=self.requirement.currentData(),
                course=course,
                with_course=with_course if kind == SUBSTITUTE else "",
                replace_with=self.replace_with.currentData() if kind == WAIVE_COURSE else "",
            )
        super().accept()


def _code_box(codes: list[str]) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(list(dict.fromkeys(codes)))
    box.setCurrentText("")
    return box


def _required_courses(requirements: object) -> set[str]:
    return {c for r in requirements for c in r.courses}  # type: ignore[attr-defined]


def _select(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)
