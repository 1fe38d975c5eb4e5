"""Course cards painted once and then copied: a card costs a fifth of a millisecond to lay out and
draw (three runs of text over a frame), and a drop in the grid repaints whole term lists of cards
that mostly did not change. (The catalog draws its cards where they go: a keystroke repaints only
the rows whose course changed, and those are mostly new to the screen.)

A card is drawn straight onto its list the first time it is shown, and kept as a picture from the
second: most cards are shown once, and a picture and its copy cost a third more than drawing the
card where it goes.

A card's picture is kept in Qt's pixmap cache (bounded, least recently used first out) under
everything it was drawn from: the values of every data role the card's painting read (recorded
while it painted, so a role a new look reads is part of the key from its first card on), its
size, its state (selected, focused, …), font, palette and screen scale. Anything else that
changes a card's look changes one of these, so a picture is never shown for a card it is not.
"""

from typing import Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPixmap, QPixmapCache
from PySide6.QtWidgets import QStyleOptionViewItem

from advisor_app.ui.cards import CardDelegate

#: Kilobytes Qt's pixmap cache may hold (its default is 10 MB): the cards of a large window at
#: 200 % scale.
CACHE_KB = 24 * 1024


def _number(value: Any) -> int:
    """A role or a set of flags as a number (Qt's enums and flags are not ints in Python)."""
    return int(getattr(value, "value", value))


# A card drawn once is marked in the same cache, with a picture of one pixel, under its key and
# this suffix: clearing the cache forgets both the pictures and the marks.
_SEEN = "|seen"
_seen_mark: list[QPixmap] = []  # made with the first card (a pixmap needs the application)


class _Recording:
    """An index whose data() notes each role asked for, and answers from `known` (the values the
    key was made of) before asking the model again; the rest is the index's own."""

    def __init__(
        self,
        index: QModelIndex | QPersistentModelIndex,
        roles: dict[int, Any],
        known: dict[int, Any],
    ) -> None:
        self._index = index
        self._roles = roles
        self._known = known

    def data(self, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
        number = _number(role)
        if number not in self._known:
            self._roles.setdefault(number, role)
            self._known[number] = self._index.data(role)
        return self._known[number]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


class CachedCardDelegate(CardDelegate):
    """A CardDelegate whose cards are drawn into cached pictures, then copied to the screen."""

    def __init__(self, parent: object = None, show_in_plan: bool = False, title_lines: int = 2):
        super().__init__(parent, show_in_plan, title_lines)
        self._roles: dict[int, Any] = {}  # every role a card's painting read so far
        self._last_font: tuple[QFont, str] | None = None
        if QPixmapCache.cacheLimit() < CACHE_KB:
            QPixmapCache.setCacheLimit(CACHE_KB)

    def _key(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        scale: float,
        known: dict[int, Any],
    ) -> str:
        for number, role in self._roles.items():
            if number not in known:
                known[number] = index.data(role)
        values = tuple(known[number] for number in sorted(self._roles))
        size = option.rect.size()
        return repr(
            (
                "card",
                id(self),
                self.show_in_plan,
                self.title_lines,
                values,
                tuple(sorted(self._roles)),
                size.width(),
                size.height(),
                _number(option.state),
                self._font_key(option.font),
                option.palette.cacheKey(),
                scale,
            )
        )

    def _font_key(self, font: QFont) -> str:
        """The font's key, built once per font (a list's cards share one; the key is a string
        Qt composes anew on every call)."""
        if self._last_font is None or self._last_font[0] != font:
            self._last_font = (QFont(font), font.key())
        return self._last_font[1]

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        known: dict[int, Any] = {}
        key = self._key(option, index, scale, known)
        found = QPixmap()
        if not QPixmapCache.find(key, found):
            if not QPixmapCache.find(key + _SEEN, QPixmap()):
                # First sight: drawn straight onto the list (a picture and its copy cost a third
                # more, and most cards a search shows are shown once); kept from the second.
                before = len(self._roles)
                super().paint(
                    painter, option, cast(QModelIndex, _Recording(index, self._roles, known))
                )
                if len(self._roles) != before:  # a role read for the first time: key it too
                    key = self._key(option, index, scale, known)
                if not _seen_mark:
                    _seen_mark.append(QPixmap(1, 1))
                QPixmapCache.insert(key + _SEEN, _seen_mark[0])
                return
            size = option.rect.size()
            found = QPixmap(size * scale)
            found.setDevicePixelRatio(scale)
            found.fill(Qt.GlobalColor.transparent)
            local = QStyleOptionViewItem(option)
            local.rect = QRect(QPoint(0, 0), size)
            before = len(self._roles)
            picture = QPainter(found)
            recording = _Recording(index, self._roles, known)
            super().paint(picture, local, cast(QModelIndex, recording))
            picture.end()
            if len(self._roles) != before:  # a role read for the first time: key it too
                key = self._key(option, index, scale, known)
            QPixmapCache.insert(key, found)
        painter.drawPixmap(option.rect.topLeft(), found)
