"""The right-hand panel: the requirement checklist, the findings with fixes and waivers, notes."""

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from advisor_app.ui.panels.findings_list import FindingsList, finding_parts
from advisor_app.ui.restyle import set_read_only

FOUND_ROW = QColor("#fff1d6")  # a requirement row whose finding is selected
ROW_COLOURS = {"met": "#1b5e20", "pending": "#9a5b00", "missing": "#b71c1c"}
HIGH_CONTRAST_ROWS = {"met": "#003300", "pending": "#4d2a00", "missing": "#7a0000"}


class RequirementsPanel(QWidget):
    status_changed = Signal(str)

    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.setAccessibleName("Requirements and findings")
        self.high_contrast = False
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
        self.checklist.setObjectName("checklist")
        self.checklist.setAccessibleName("Requirement checklist")
        self.checklist.setWordWrap(True)
        header = self.checklist.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Progress gets a fixed share ("0 of 3 (+4 planned)" wraps); the label takes the rest.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self._size_progress_column()
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
        self.findings = FindingsList()
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
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes; notes never hold tabs
        self.notes.setAccessibleName("Advising notes")
        self.notes.setPlaceholderText("Notes from the meeting, saved with the plan…")
        notes_layout.addWidget(notes_heading)
        notes_layout.addWidget(self.notes)
        splitter.addWidget(notes_box)
        self.notes_box = notes_box  # hidden in presentation mode
        splitter.setSizes([300, 320, 120])

        self.findings.currentItemChanged.connect(self._selection_changed)
        self.checklist.currentItemChanged.connect(self._requirement_chosen)
        self.fix_button.clicked.connect(self.apply_fix)
        self.waive_button.clicked.connect(self.waive)
        self.unwaive_button.clicked.connect(self.unwaive)
        self.notes.textChanged.connect(lambda: self.editor.set_notes(self.notes.toPlainText()))
        document.plan_changed.connect(self.refresh)
        self.refresh()

    def set_high_contrast(self, on: bool) -> None:
        """Presentation mode: darker rows and findings, for a projector."""
        self.high_contrast = on
        self.findings.set_high_contrast(on)
        self.refresh()

    def _size_progress_column(self) -> None:
        """As wide as the longest progress ("3 of 3 (+1 more)"), at most 40 % of the list: the
        requirement's label takes the rest and wraps."""
        metrics = self.checklist.fontMetrics()
        texts = [
            item.text(1)
            for item in map(self.checklist.topLevelItem, range(self.checklist.topLevelItemCount()))
            if item is not None
        ]
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 14
        low = metrics.averageCharWidth() * 9
        high = max(low, int(self.checklist.viewport().width() * 0.4))
        width = max(low, min(widest, high))
        if self.checklist.header().sectionSize(1) != width:
            self.checklist.header().resizeSection(1, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_progress_column()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_progress_column()  # presentation mode's larger text

    def current_finding(self) -> Finding | None:
        return self.findings.current_finding()

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
            state = (
                "met"
                if status.met
                else (
                    "pending"
                    if status.planned or status.requirement.severity != "error"
                    else "missing"
                )
            )
            colour = (HIGH_CONTRAST_ROWS if self.high_contrast else ROW_COLOURS)[state]
            # In code order, not plan order: moving a course between terms (most edits) leaves
            # the tip as it was, and setting a tip makes the list measure its rows again.
            tip = "Satisfied by: " + (", ".join(sorted(status.satisfied_by)) or "nothing yet")
            if status.missing:
                tip += "; missing: " + ", ".join(status.missing)
            # Plan-wide findings (total units, too few electives) sit on their requirement's row.
            found = [
                f
                for f in report.findings
                if f.requirement == status.requirement.id and not f.waived
            ]
            tip += "".join(f"\n{f.message} (rule {f.rule})" for f in found)
            item = self.checklist.topLevelItem(position)
            assert item is not None  # the rows were made above, one per requirement
            if item.data(0, Qt.ItemDataRole.UserRole) != status.requirement.id:
                # Set only when it changes: every set makes the list measure its rows again.
                item.setData(0, Qt.ItemDataRole.UserRole, status.requirement.id)
            _set_if_changed(item, 0, f"{mark} {status.requirement.label}")
            _set_if_changed(item, 1, "waived" if status.waived else status.progress)
            spoken = f"{status.requirement.label}: {item.text(1)}" + (
                f"; {found[0].severity}: {finding_parts(found[0])[1]}" if found else ""
            )
            if item.data(0, Qt.ItemDataRole.AccessibleTextRole) != spoken:
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spoken)
            if item.foreground(0).color().name() != colour:
                # A colour, not QBrush(colour): choosing among QBrush's constructors makes PySide
                # build the gradient and image types, 3 ms of the window's start.
                item.setForeground(0, QColor(colour))
            if item.toolTip(0) != tip:
                item.setToolTip(0, tip)
                item.setToolTip(1, tip)

        track = self.document.catalog.tracks.get(plan.track)
        online = bool(track and track.mode == "online")
        self.milestone.setVisible(online)
        self.milestone.blockSignals(True)
        self.milestone.setChecked("employer-industry-project" in plan.milestones)
        self.milestone.blockSignals(False)

        previous = self.current_finding()
        kept = self.findings.show_findings(report.findings, previous)
        # The highlight follows the finding: gone when it is fixed, off once it is waived.
        self._mark(kept if kept is not None and not kept.waived else None)
        text = summary(report.findings)
        self.findings_heading.setText(f"Findings: {text}")
        self.findings.setAccessibleDescription(text)
        set_read_only(self.notes, plan.locked)
        if self.notes.toPlainText() != plan.notes:
            self.notes.blockSignals(True)
            self.notes.setPlainText(plan.notes)
            self.notes.blockSignals(False)
        self._update_buttons()
        self._size_progress_column()
        self.status_changed.emit(text)

    def _selection_changed(self) -> None:
        finding = self.current_finding()
        self._mark(finding if finding is not None and not finding.waived else None)
        self._update_buttons()

    def _mark(self, finding: Finding | None) -> None:
        """Highlight the finding's cards in the grid, or its requirement's row here."""
        if finding is not None or self.document.highlighted:
            self.document.highlight(finding)
        wanted = finding.requirement if finding is not None else ""
        for position in range(self.checklist.topLevelItemCount()):
            item = self.checklist.topLevelItem(position)
            assert item is not None
            marked = bool(wanted) and item.data(0, Qt.ItemDataRole.UserRole) == wanted
            brush = QBrush(FOUND_ROW) if marked else QBrush()
            if item.background(0) != brush:
                item.setBackground(0, brush)
                item.setBackground(1, brush)

    def _requirement_chosen(self) -> None:
        """Choosing a requirement row selects its finding, if it has one."""
        item = self.checklist.currentItem()
        requirement = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        for row in range(self.findings.count()):
            finding = self.findings.item(row).data(Qt.ItemDataRole.UserRole)
            if requirement and finding.requirement == requirement and not finding.waived:
                self.findings.setCurrentRow(row)
                return

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
            # The button goes away with the finding: keep the keyboard in the findings, not in
            # whatever widget comes next (the notes).
            self.findings.setFocus(Qt.FocusReason.OtherFocusReason)
            self.editor.apply_fix(finding.fix)

    def waive(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        from advisor_app.ui.dialogs.waive_dialog import WaiveDialog  # when first asked for

        reason = WaiveDialog.ask(finding, self)
        if reason:
            self.editor.waive(finding, reason)
            self.findings.setFocus(Qt.FocusReason.OtherFocusReason)

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
