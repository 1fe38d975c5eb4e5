"""The findings list: each finding whole, its plain title in bold, the message, then its fix.

Rows are as tall as their wrapped text at the list's current width, so no entry is cut before its
"Fix:" line. Rule ids appear only in tooltips.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from advisor_app.rules import Finding

SEVERITY_MARKS = {"error": "✗", "warning": "⚠", "info": "ℹ"}
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}
SEVERITY_COLOURS = {"error": "#b71c1c", "warning": "#8a5200", "info": "#1a4f8b"}
HIGH_CONTRAST = {"error": "#8b0000", "warning": "#5c3300", "info": "#0b2e59"}
PADDING = 6
FindingRole = Qt.ItemDataRole.UserRole


def finding_parts(finding: Finding) -> tuple[str, str, str]:
    """Title line, message and fix line, as a person reads them."""
    title = f"{SEVERITY_MARKS[finding.severity]} {finding.title}"
    if finding.waived:
        title += " (waived)"
    message = finding.message
    if message.startswith(f"{finding.title}: "):  # a requirement's message repeats its label
        message = message[len(finding.title) + 2 :]
    fix = f"Fix: {finding.fix.description}" if finding.fix else ""
    return title, message, fix


def finding_key(finding: Finding) -> tuple[object, ...]:
    """What stays the same about a finding from one edit to the next."""
    return (finding.rule, finding.courses, finding.term, finding.requirement)


class FindingDelegate(QStyledItemDelegate):
    def __init__(self, view: "FindingsList") -> None:
        super().__init__(view)
        self.view = view
        self.high_contrast = False  # presentation mode: darker colours, bold text

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        title, body, fix = QFont(base), QFont(base), QFont(base)
        title.setBold(True)
        body.setBold(self.high_contrast)
        fix.setItalic(True)
        fix.setBold(self.high_contrast)
        return title, body, fix

    def _blocks(
        self, option: QStyleOptionViewItem, finding: Finding, width: int
    ) -> list[tuple[QFont, str, QRect]]:
        blocks = []
        top = 0
        for font, text in zip(self._fonts(option.font), finding_parts(finding), strict=True):
            if not text:
                continue
            bounds = QFontMetrics(font).boundingRect(
                QRect(0, 0, max(width, 10), 100_000), Qt.TextFlag.TextWordWrap, text
            )
            blocks.append((font, text, QRect(0, top, width, bounds.height())))
            top += bounds.height() + 1
        return blocks

    def _text_width(self) -> int:
        return self.view.viewport().width() - 2 * PADDING - 6

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        finding = index.data(FindingRole)
        if not isinstance(finding, Finding):
            return super().sizeHint(option, index)
        blocks = self._blocks(option, finding, self._text_width())
        height = (blocks[-1][2].bottom() if blocks else 0) + 2 * PADDING + 1
        return QSize(self._text_width(), height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        finding = index.data(FindingRole)
        if not isinstance(finding, Finding):
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colours = HIGH_CONTRAST if self.high_contrast else SEVERITY_COLOURS
        colour = QColor(colours[finding.severity])
        painter.fillRect(rect, QColor("#dbe8f7") if selected else QColor("white"))
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), colour)
        painter.setPen(QColor("#eef0f3"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor("#0b2e59"))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        left = rect.left() + PADDING + 6
        for number, (font, text, block) in enumerate(
            self._blocks(option, finding, rect.width() - 2 * PADDING - 6)
        ):
            painter.setFont(font)
            painter.setPen(
                colour if number == 0 else QColor("#1a1a1a" if self.high_contrast else "#333333")
            )
            painter.drawText(
                block.translated(left, rect.top() + PADDING),
                int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft),
                text,
            )
        painter.restore()


class FindingsList(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("findingsList")
        self.setAccessibleName("Findings")
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-measured at the new width
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.delegate = FindingDelegate(self)
        self.setItemDelegate(self.delegate)
        self._shown: list[Finding] = []

    def set_high_contrast(self, on: bool) -> None:
        self.delegate.high_contrast = on
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

    def current_finding(self) -> Finding | None:
        item = self.currentItem()
        finding = item.data(FindingRole) if item else None
        return finding if isinstance(finding, Finding) else None

    def show_findings(self, findings: list[Finding], keep: Finding | None) -> Finding | None:
        """Replace the rows; select the finding matching `keep` again, and return it."""
        if findings == self._shown:  # an edit that changed no finding: nothing to rebuild
            return self._select(keep)
        self._shown = list(findings)
        self.blockSignals(True)
        self.clear()
        kept = None
        for finding in findings:
            title, message, fix = finding_parts(finding)
            spoken = f"{SEVERITY_WORDS[finding.severity]}: {finding.title}. {message}"
            row = QListWidgetItem(f"{title}\n{message}" + (f"\n{fix}" if fix else ""))
            row.setData(FindingRole, finding)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, spoken + (f" {fix}" if fix else ""))
            row.setToolTip(f"{finding.message}\n(rule {finding.rule})")
            self.addItem(row)
            if keep is not None and finding_key(finding) == finding_key(keep):
                self.setCurrentItem(row)
                kept = finding
        if kept is None:
            self.setCurrentRow(-1)
        self.blockSignals(False)
        return kept

    def _select(self, keep: Finding | None) -> Finding | None:
        """Select the row of the finding matching `keep` (none when there is none), as a rebuild
        would, without rebuilding."""
        key = finding_key(keep) if keep is not None else None
        row = next(
            (n for n, f in enumerate(self._shown) if key is not None and finding_key(f) == key),
            -1,
        )
        if self.currentRow() != row:
            self.blockSignals(True)
            self.setCurrentRow(row)
            self.blockSignals(False)
        return self._shown[row] if row >= 0 else None
