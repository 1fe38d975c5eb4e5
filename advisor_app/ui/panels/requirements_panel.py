"""The right-hand panel: the requirement checklist, the findings with fixes and waivers, notes."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.rules import Finding, summary
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor

SEVERITY_MARKS = {"error": "✗", "warning": "⚠", "info": "ℹ"}
SEVERITY_COLOURS = {"error": "#b71c1c", "warning": "#9a5b00", "info": "#1a4f8b"}


class RequirementsPanel(QWidget):
    status_changed = Signal(str)

    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.setAccessibleName("Requirements and findings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter)

        checklist_box = QWidget()
        checklist_layout = QVBoxLayout(checklist_box)
        checklist_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Requirements")
        heading.setObjectName("panelHeading")
        self.checklist = QTreeWidget()
        self.checklist.setHeaderLabels(["Requirement", "Progress"])
        self.checklist.setRootIsDecorated(False)
        self.checklist.setAccessibleName("Requirement checklist")
        self.checklist.setWordWrap(True)
        header = self.checklist.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Progress gets a fixed share ("0 of 3 (+4 planned)" wraps); the label takes the rest.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().averageCharWidth() * 13)
        # Long labels wrap rather than elide; rows re-measure when the panel is resized.
        self.checklist.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.checklist.setItemDelegate(WrappingDelegate(self.checklist))
        header.sectionResized.connect(lambda *_: self.checklist.scheduleDelayedItemsLayout())
        self.milestone = QCheckBox("Employer industry project done")
        self.milestone.setAccessibleName("Mark the employer industry project as done")
        self.milestone.toggled.connect(
            lambda done: self.editor.set_milestone("employer-industry-project", done)
        )
        checklist_layout.addWidget(heading)
        checklist_layout.addWidget(self.checklist)
        checklist_layout.addWidget(self.milestone)
        splitter.addWidget(checklist_box)

        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        self.findings_heading = QLabel("Findings")
        self.findings_heading.setObjectName("panelHeading")
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName("Findings")
        self.fix_button = QPushButton("Apply fix")
        self.waive_button = QPushButton("Waive…")
        self.unwaive_button = QPushButton("Remove waiver")
        buttons = QHBoxLayout()
        for button in (self.waive_button, self.unwaive_button):
            buttons.addWidget(button)
        findings_layout.addWidget(self.findings_heading)
        findings_layout.addWidget(self.findings, 1)
        findings_layout.addWidget(self.fix_button)
        findings_layout.addLayout(buttons)
        splitter.addWidget(findings_box)

        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_heading = QLabel("Notes")
        notes_heading.setObjectName("panelHeading")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Advising notes")
        self.notes.setPlaceholderText("Notes from the meeting, saved with the plan…")
        notes_layout.addWidget(notes_heading)
        notes_layout.addWidget(self.notes)
        splitter.addWidget(notes_box)
        splitter.setSizes([300, 320, 120])

        self.findings.currentItemChanged.connect(self._selection_changed)
        self.fix_button.clicked.connect(self.apply_fix)
        self.waive_button.clicked.connect(self.waive)
        self.unwaive_button.clicked.connect(self.unwaive)
        self.notes.textChanged.connect(lambda: self.editor.set_notes(self.notes.toPlainText()))
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def current_finding(self) -> Finding | None:
        item = self.findings.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def refresh(self) -> None:
        report = self.document.report
        plan = self.document.plan
        # Same requirements as before (the usual case after an edit): update rows in place, so only
        # rows whose text changed are measured and repainted again.
        if self.checklist.topLevelItemCount() != len(report.requirements):
            self.checklist.clear()
            self.checklist.addTopLevelItems(
                [QTreeWidgetItem(["", ""]) for _ in report.requirements]
            )
        for position, status in enumerate(report.requirements):
            mark = (
                "✓"
                if status.met
                else (
                    "…"
                    if status.planned
                    else ("ℹ" if status.requirement.severity == "info" else "✗")
                )
            )
            colour = (
                "#1b5e20"
                if status.met
                else (
                    "#9a5b00"
                    if status.planned or status.requirement.severity != "error"
                    else "#b71c1c"
                )
            )
            tip = ", ".join(status.satisfied_by) or "nothing yet"
            if status.missing:
                tip += "; missing: " + ", ".join(status.missing)
            item = self.checklist.topLevelItem(position)
            assert item is not None  # the rows were made above, one per requirement
            _set_if_changed(item, 0, f"{mark} {status.requirement.label}")
            _set_if_changed(item, 1, "waived" if status.waived else status.progress)
            if item.foreground(0).color().name() != colour:
                item.setForeground(0, QBrush(QColor(colour)))
            if item.toolTip(0) != f"Satisfied by: {tip}":
                item.setToolTip(0, f"Satisfied by: {tip}")

        track = self.document.catalog.tracks.get(plan.track)
        online = bool(track and track.mode == "online")
        self.milestone.setVisible(online)
        self.milestone.blockSignals(True)
        self.milestone.setChecked("employer-industry-project" in plan.milestones)
        self.milestone.blockSignals(False)

        previous = self.current_finding()
        self.findings.blockSignals(True)
        self.findings.clear()
        for finding in report.findings:
            text = f"{SEVERITY_MARKS[finding.severity]} {finding.message}"
            if finding.fix:
                text += f"\n    Fix: {finding.fix.description}"
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, finding)
            row.setForeground(QBrush(QColor(SEVERITY_COLOURS[finding.severity])))
            row.setToolTip(f"{finding.rule}")
            self.findings.addItem(row)
            if previous is not None and (finding.rule, finding.courses) == (
                previous.rule,
                previous.courses,
            ):
                self.findings.setCurrentItem(row)
        self.findings.blockSignals(False)
        text = summary(report.findings)
        self.findings_heading.setText(f"Findings: {text}")
        self.findings.setAccessibleDescription(text)
        self.notes.setReadOnly(plan.locked)
        if self.notes.toPlainText() != plan.notes:
            self.notes.blockSignals(True)
            self.notes.setPlainText(plan.notes)
            self.notes.blockSignals(False)
        self._update_buttons()
        self.status_changed.emit(text)

    def _selection_changed(self) -> None:
        self.document.highlight(self.current_finding())
        self._update_buttons()

    def _update_buttons(self) -> None:
        finding = self.current_finding()
        self.fix_button.setEnabled(bool(finding and finding.fix))
        description = finding.fix.description if finding and finding.fix else ""
        metrics = self.fix_button.fontMetrics()
        text = metrics.elidedText(
            f"Apply fix: {description}", Qt.TextElideMode.ElideRight, max(120, self.width() - 40)
        )
        self.fix_button.setText(text if description else "Apply fix")
        self.fix_button.setToolTip(description)
        self.waive_button.setEnabled(
            bool(finding and not finding.waived and finding.severity != "info")
        )
        self.unwaive_button.setEnabled(bool(finding and finding.waived))

    def apply_fix(self) -> None:
        finding = self.current_finding()
        if finding and finding.fix:
            self.editor.apply_fix(finding.fix)

    def waive(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        reason, ok = QInputDialog.getText(
            self, "Waive finding", f"Reason for waiving:\n{finding.message}"
        )
        if ok and reason.strip():
            self.editor.waive(finding, reason)

    def unwaive(self) -> None:
        finding = self.current_finding()
        if finding is not None:
            self.editor.unwaive(finding)


def _set_if_changed(item: QTreeWidgetItem, column: int, text: str) -> None:
    if item.text(column) != text:
        item.setText(column, text)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width (Qt measures one line)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        width = self.view.header().sectionSize(index.column()) - 10
        text = str(index.data() or "")
        if width <= 0 or not text:
            return base
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(base.width(), max(base.height(), bounds.height() + 4))
