"""'Changes since revision N was approved', in the requirements panel: what this revision changed
(courses added, removed, moved; records; exceptions; track; start year) since the last sign-off.
Selecting a change of a course highlights its card in the grid. Hidden before any sign-off."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from advisor_app.domain.diff import Change, approved_baseline, diff_plans, revision_as_plan
from advisor_app.rules import Finding
from advisor_app.rules.findings import RULE_TITLES
from advisor_app.ui.document import PlanDocument

MARKS = {
    "course-added": "+",
    "course-removed": "−",
    "course-moved": "→",
    "record-changed": "~",
    "exception-added": "+",
    "exception-removed": "−",
}


class ChangesSinceApproval(QWidget):
    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self.document = document
        self.setAccessibleName("Changes since the last approved revision")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setAccessibleName("Changes since the last approved revision")
        self.heading.setBuddy(self.list)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.changes: list[Change] = []
        self.list.currentRowChanged.connect(self._highlight)
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        plan = self.document.plan
        baseline = approved_baseline(plan)
        self.setVisible(baseline is not None)
        if baseline is None:
            self.changes = []
            self.list.clear()
            return
        old = revision_as_plan(baseline, plan)
        self.changes = diff_plans(self.document.catalog, old, plan, RULE_TITLES)
        when = f" on {baseline.approved_on}" if baseline.approved_on else ""
        count = f"{len(self.changes)}" if self.changes else "none"
        self.heading.setText(
            f"Changes since revision {baseline.revision} was approved{when}: {count}"
        )
        self.list.blockSignals(True)
        self.list.clear()
        for change in self.changes:
            item = QListWidgetItem(f"{MARKS.get(change.kind, '•')} {change.message}")
            item.setToolTip(change.message)
            self.list.addItem(item)
        if not self.changes:
            self.list.addItem(f"None yet: the plan is as revision {baseline.revision} was approved")
        self.list.blockSignals(False)
        self.list.setAccessibleDescription(self.heading.text())

    def _highlight(self, row: int) -> None:
        change = self.changes[row] if 0 <= row < len(self.changes) else None
        if change is None or not change.course or not change.to_term:
            self.document.highlight(None)
            return
        # The grid highlights the cards a finding names: name the changed card the same way.
        self.document.highlight(
            Finding("change", "info", change.message, (change.course,), change.to_term)
        )


def attach_changes(panel: QWidget, document: PlanDocument) -> ChangesSinceApproval:
    """Put the changes at the top of the requirements panel (in its splitter when it has one)."""
    changes = ChangesSinceApproval(document)
    splitter = panel.findChild(QSplitter)
    if splitter is not None:
        splitter.insertWidget(0, changes)
        splitter.setStretchFactor(0, 0)
    else:
        layout = panel.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, changes)
    changes.list.setMinimumHeight(changes.fontMetrics().height() * 4)
    changes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return changes
