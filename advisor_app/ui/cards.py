"""Course cards: a category stripe, code, title and units, and a badge for the card's findings."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from advisor_app.ui.models import (
    CodeRole,
    ColourRole,
    HighlightRole,
    InPlanRole,
    SeverityRole,
    TitleRole,
    UnitsRole,
)

BADGE_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#1565c0"}
BADGE_GLYPHS = {"error": "!", "warning": "!", "info": "i"}


def wrap_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Word-wrap `text` into at most `max_lines` lines, the last one elided if the rest won't fit."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if len(lines) == max_lines - 1 and words:
            line = metrics.elidedText(
                f"{line} {' '.join(words)}", Qt.TextElideMode.ElideRight, width
            )
            words = []
        lines.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    return lines


class CardDelegate(QStyledItemDelegate):
    """Sizes follow the font, so cards grow with the system's text size instead of clipping."""

    def __init__(self, parent: object = None, show_in_plan: bool = False) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.show_in_plan = show_in_plan

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(metrics.averageCharWidth() * 24, metrics.height() * 3 + 14)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        highlighted = bool(index.data(HighlightRole))
        in_plan = self.show_in_plan and bool(index.data(InPlanRole))
        background = QColor("#eef3fb") if selected else QColor("#f4f4f4" if in_plan else "#ffffff")
        border = QColor("#1f5fa8") if selected else QColor("#c9ced6")
        if highlighted:
            border = QColor("#ef8f00")
        painter.setPen(QPen(border, 3 if highlighted else (2 if selected else 1)))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        stripe = QRect(rect.left(), rect.top(), 7, rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(index.data(ColourRole) or "#999999"))
        painter.drawRoundedRect(stripe, 3, 3)

        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        text_left = rect.left() + 14
        badge_size = line + 2
        severity = index.data(SeverityRole) or ""
        text_right = rect.right() - (badge_size + 10 if severity else 8)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#7a7a7a") if in_plan else QColor("#1a1a1a"))
        units = index.data(UnitsRole) or 0
        units_text = ("✓ in plan  " if in_plan else "") + f"{units:g} u"
        # The code gives way to the units: a long placeholder label is elided, never overlapped.
        code_width = text_right - text_left - metrics.horizontalAdvance(units_text) - 6
        code = QFontMetrics(bold).elidedText(
            str(index.data(CodeRole) or ""), Qt.TextElideMode.ElideRight, max(code_width, 0)
        )
        painter.drawText(
            QRect(text_left, rect.top() + 5, text_right - text_left, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            code,
        )
        painter.setFont(font)
        painter.setPen(QColor("#555555"))
        painter.drawText(
            QRect(text_left, rect.top() + 5, text_right - text_left, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            units_text,
        )
        painter.setPen(QColor("#7a7a7a") if in_plan else QColor("#333333"))
        title_rect = QRect(
            text_left, rect.top() + 5 + line, text_right - text_left, rect.height() - line - 8
        )
        for number, text in enumerate(
            wrap_lines(str(index.data(TitleRole) or ""), metrics, title_rect.width(), 2)
        ):
            painter.drawText(
                QRect(
                    title_rect.left(), title_rect.top() + number * line, title_rect.width(), line
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        if severity:
            badge = QRect(rect.right() - badge_size - 5, rect.top() + 5, badge_size, badge_size)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BADGE_COLOURS[severity]))
            painter.drawEllipse(badge)
            painter.setPen(QColor("white"))
            painter.setFont(bold)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, BADGE_GLYPHS[severity])
        painter.restore()
