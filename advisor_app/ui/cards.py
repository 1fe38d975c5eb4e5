"""Course cards: a category stripe, the code (never cut), units, the title, and a findings badge.

The code stays whole: when the code and the units do not fit on one line, the units (and the
badge) move to the title's last line and the title gives way. `CardDelegate.layout` is the one
place that decides where everything goes; painting and the tests both read it.
"""

from msgspec import Struct, field
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from advisor_app.ui.models import CardLook, CardRole

BADGE_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#1565c0"}
BADGE_GLYPHS = {"error": "!", "warning": "!", "info": "i"}
MARGIN = 3  # around a card, inside its row: room for the focus ring
TEXT_LEFT = 11  # from the card's edge, past the category stripe
TEXT_RIGHT = 5
GAP = 6  # between the code and the units
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUSED = QStyle.StateFlag.State_HasFocus.value
_CODE_INK, _TITLE_INK, _TAIL_INK, _GREYED = (
    QColor(ink) for ink in ("#1a1a1a", "#333333", "#4a4a4a", "#6b6b6b")
)
#: A font's regular and bold metrics, the bold font, the card's line height, how far below a
#: line's top the regular and the bold text sit (their baselines), and the widths of the tails
#: drawn in it ("3 u", "✓ in plan  3 u": a few dozen strings, measured once each).
_Fonts = tuple[QFontMetrics, QFontMetrics, QFont, int, int, int, dict[str, int]]


def bold(font: QFont) -> QFont:
    heavy = QFont(font)
    heavy.setBold(True)
    return heavy


def wrap_lines(text: str, metrics: QFontMetrics, widths: list[int]) -> list[str]:
    """Word-wrap `text` into one line per width given, the last one elided if the rest won't fit."""
    lines: list[str] = []
    words = text.split()
    if len(widths) == 1:  # one line: the words as they fit, the rest elided (no need to measure)
        return [metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, max(widths[0], 0))]
    while words and len(lines) < len(widths):
        width = widths[len(lines)]
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if len(lines) == len(widths) - 1 and words:
            line = f"{line} {' '.join(words)}"
            words = []
        lines.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(width, 0)))
    return lines


def card_look(index: QModelIndex | QPersistentModelIndex) -> CardLook:
    """What the card at `index` shows, in one call: both card models (ui/models.py) answer
    CardRole."""
    look = index.data(CardRole)
    assert isinstance(look, CardLook), "a card list's model answers CardRole"
    return look


class CardLayout(Struct):
    """Where one card's parts go. `code` is what is drawn: the whole code whenever it fits."""

    card: QRect
    code: str
    code_rect: QRect
    tail: str  # "3 u", "✓ in plan  3 u"
    tail_rect: QRect
    badge_rect: QRect | None
    title_lines: list[str] = field(default_factory=list)
    title_rects: list[QRect] = field(default_factory=list)


class CardDelegate(QStyledItemDelegate):
    """Sizes follow the font, so cards grow with the system's text size instead of clipping."""

    def __init__(self, parent: object = None, show_in_plan: bool = False, title_lines: int = 2):
        super().__init__(parent)  # type: ignore[arg-type]
        self.show_in_plan = show_in_plan
        self.title_lines = title_lines  # 1 in compact cards (two rows of terms) and the catalog
        self._fonts: dict[str, _Fonts] = {}
        self._last: tuple[QFont, _Fonts] | None = None
        self._frames = _FramePictures()

    @staticmethod
    def width_for_code(font: QFont, code: str) -> int:
        """The narrowest card row that shows `code` whole."""
        return (
            QFontMetrics(bold(font)).horizontalAdvance(code) + TEXT_LEFT + TEXT_RIGHT + 2 * MARGIN
        )

    @staticmethod
    def line_height(font: QFont) -> int:
        return max(QFontMetrics(font).height(), QFontMetrics(bold(font)).height())

    def _metrics(self, font: QFont) -> "_Fonts":
        """Regular and bold metrics, the bold font and the line height, once per font."""
        last = self._last
        if last is not None and last[0] == font:  # every card of a list: one font
            return last[1]
        key = font.key()
        if key not in self._fonts:
            heavy = bold(font)
            metrics, heavy_metrics = QFontMetrics(font), QFontMetrics(heavy)
            line = self.line_height(font)
            self._fonts[key] = (
                metrics,
                heavy_metrics,
                heavy,
                line,
                _baseline_drop(line, metrics),
                _baseline_drop(line, heavy_metrics),
                {},
            )
        self._last = (QFont(font), self._fonts[key])
        return self._fonts[key]

    def card_height(self, font: QFont) -> int:
        return self._metrics(font)[3] * (1 + self.title_lines) + 8 + 2 * MARGIN

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # The width is a minimum: a list stretches its rows to its own width.
        heavy = self._metrics(option.font)[1]
        width = heavy.horizontalAdvance("AIPI 000") + TEXT_LEFT + TEXT_RIGHT + 2 * MARGIN
        return QSize(width, self.card_height(option.font))

    def _tail(self, look: CardLook, fonts: "_Fonts", room: int) -> str:
        text = _units_text(look.units)
        record = look.record
        if record is not None and record.status != "planned":
            # The record leads the tail: "✓ A-  3 u" completed, "◐ 3 u" in progress.
            mark = "✓" if record.completed else "◐"
            text = f"{mark}{' ' + record.grade if record.grade else ''}  {text}"
        if self.show_in_plan and look.in_plan:
            long = f"✓ in plan  {text}"
            text = long if _tail_width(fonts, long) <= room else f"✓ {text}"
        return text

    def layout(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        look: CardLook | None = None,
    ) -> CardLayout:
        look = look or card_look(index)
        return self._layout(option.rect, self._metrics(option.font), look)

    def _layout(self, row: QRect, fonts: "_Fonts", look: CardLook) -> CardLayout:
        card: QRect = row.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        metrics, heavy, _bold, line = fonts[:4]
        width = card.width() - TEXT_LEFT - TEXT_RIGHT
        left = card.left() + TEXT_LEFT
        right = left + width  # one past the text, like QRect(left, top, width, ...)
        top = card.top() + 4
        code = look.code
        code_width = heavy.horizontalAdvance(code)
        severity = look.severity
        badge_size = line if severity else 0
        tail = self._tail(look, fonts, width - code_width - GAP - badge_size)
        tail_advance = _tail_width(fonts, tail)
        tail_width = tail_advance + (badge_size + 4 if severity else 0)
        lines = max(self.title_lines, 1)
        title_widths = [width] * lines
        if code_width + GAP + tail_width <= width:
            tail_top = top
        else:  # the code keeps its line; the units and the badge go to the title's last line
            tail_top = top + line * lines
            title_widths[-1] = width - tail_width - GAP
        if code_width > width:  # only an unknown entry longer than any catalog code
            code = heavy.elidedText(code, Qt.TextElideMode.ElideRight, width)
            code_width = heavy.horizontalAdvance(code)
        badge = None
        if severity:
            badge = QRect(right - badge_size, tail_top, badge_size, badge_size)
        tail_right = (badge.left() - 4) if badge else right
        tail_rect = QRect(tail_right - tail_advance, tail_top, tail_advance, line)
        texts = wrap_lines(look.title, metrics, title_widths)
        rects = [
            QRect(left, top + line * (n + 1), title_widths[n], line) for n in range(len(texts))
        ]
        return CardLayout(
            card, code, QRect(left, top, code_width, line), tail, tail_rect, badge, texts, rects
        )

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        look = card_look(index)
        font = option.font
        fonts = self._metrics(font)
        heavy, drop, heavy_drop = fonts[2], fonts[4], fonts[5]
        parts = self._layout(option.rect, fonts, look)
        state = option.state.value  # an int: Qt's flag enums are slow to combine in Python
        selected = bool(state & _SELECTED)
        in_plan = self.show_in_plan and look.in_plan
        done = look.record is not None and look.record.completed
        # A completed course is a fact of the record: a green-grey card, told apart at a glance.
        resting = "#edf5ee" if done else ("#f4f4f4" if in_plan else "#ffffff")
        card = parts.card
        device = painter.device()
        frame: _Frame = (
            card.width(),
            card.height(),
            "#e3edfa" if selected else resting,
            "#ef8f00" if look.highlighted else ("#1f5fa8" if selected else "#c9ced6"),
            3 if look.highlighted else (2 if selected else 1),
            bool(state & _FOCUSED),
            look.colour or "#999999",
            device.devicePixelRatioF() if device is not None else 1.0,
        )
        painter.save()
        painter.drawPixmap(card.left() - _RING, card.top() - _RING, self._frames.picture(frame))
        # Text drawn at its baseline, not aligned in a rectangle: the text engine's alignment pass
        # is half the cost of a card's text.
        painter.setFont(heavy)
        painter.setPen(_GREYED if in_plan else _CODE_INK)
        code_rect = parts.code_rect
        painter.drawText(code_rect.left(), code_rect.top() + heavy_drop, parts.code)
        painter.setFont(font)
        painter.setPen(_TAIL_INK)
        tail_rect = parts.tail_rect
        painter.drawText(tail_rect.left(), tail_rect.top() + drop, parts.tail)
        painter.setPen(_GREYED if in_plan else _TITLE_INK)
        for text, line_rect in zip(parts.title_lines, parts.title_rects, strict=True):
            painter.drawText(line_rect.left(), line_rect.top() + drop, text)
        severity = look.severity
        if parts.badge_rect is not None and severity:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BADGE_COLOURS[severity]))
            painter.drawEllipse(parts.badge_rect)
            painter.setPen(QColor("white"))
            painter.setFont(heavy)
            painter.drawText(parts.badge_rect, Qt.AlignmentFlag.AlignCenter, BADGE_GLYPHS[severity])
        painter.restore()


def _baseline_drop(line: int, metrics: QFontMetrics) -> int:
    """How far below the top of a line `line` high text sits, centred as AlignVCenter sets it."""
    return (line - metrics.height()) // 2 + metrics.ascent()


def _tail_width(fonts: "_Fonts", text: str) -> int:
    """A tail's width in the regular font, measured once (a card list shows a few dozen tails)."""
    widths = fonts[6]
    width = widths.get(text)
    if width is None:
        if len(widths) > 512:  # grades and units are few; bounded all the same
            widths.clear()
        width = widths[text] = fonts[0].horizontalAdvance(text)
    return width


_UNITS_TEXT: dict[float, str] = {}


def _units_text(units: float) -> str:
    """ "3 u", "1.5 u": formatted once per value (a float's :g costs a card a few microseconds)."""
    text = _UNITS_TEXT.get(units)
    if text is None:
        text = _UNITS_TEXT[units] = f"{units:g} u"
    return text


#: How far a card's frame picture reaches outside the card: the focus ring and its antialiasing.
_RING = 4

#: A card's rounded background, border, category stripe and focus ring, at a screen scale: what
#: antialiasing makes the dearest part of a card to draw, and what most cards share. (width,
#: height, background, border, border width, focused, stripe, scale: a plain tuple, hashed for
#: every card painted.)
_Frame = tuple[int, int, str, str, int, bool, str, float]


class _FramePictures:
    """Card frames drawn once per look and screen scale, then copied (a few dozen at most)."""

    LIMIT = 256

    def __init__(self) -> None:
        self._pictures: dict[_Frame, QPixmap] = {}

    def picture(self, frame: _Frame) -> QPixmap:
        found = self._pictures.get(frame)
        if found is None:
            if len(self._pictures) >= self.LIMIT:
                self._pictures.clear()
            found = self._pictures[frame] = _draw_frame(frame)
        return found


def _draw_frame(frame: _Frame) -> QPixmap:
    width, height, background, border, border_width, focused, stripe, scale = frame
    size = QSize(width + 2 * _RING, height + 2 * _RING)
    picture = QPixmap(size * scale)
    picture.setDevicePixelRatio(scale)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRect(_RING, _RING, width, height)
    painter.setPen(QPen(QColor(border), border_width))
    painter.setBrush(QColor(background))
    painter.drawRoundedRect(rect, 6, 6)
    if focused:  # the keyboard's place: a dark dashed ring outside the card
        painter.setPen(QPen(QColor("#0b2e59"), 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 7, 7)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(stripe))
    painter.drawRoundedRect(QRect(rect.left(), rect.top(), 6, rect.height()), 3, 3)
    painter.end()
    return picture
