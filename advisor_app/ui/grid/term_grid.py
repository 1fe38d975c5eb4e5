"""The term grid: one column per term of the track, in as many rows as the width needs."""

from PySide6.QtCore import QEvent, QItemSelection, QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from advisor_app.ui.cards import CardDelegate
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.grid.arrangement import Arrangement, arrange
from advisor_app.ui.grid.term_column import TermColumn, TermListView

SPACING = 6
MARGIN = 4
FLOOR_CODE = "AIPI 590-01"
EMPTY_HINT = (
    "This plan has no courses yet. Drag a course from the catalog onto a term, or find one "
    "(Ctrl+F), press Down to reach the results and Enter to add it to the first term where it "
    "runs and fits."
)


class TermGrid(QScrollArea):
    """All the columns; rebuilt when the set of terms changes, refreshed otherwise."""

    record_requested = Signal(str, str, QPoint)  # a card's context menu: term id, entry, where

    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.setObjectName("termGrid")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Term grid")
        self.columns: list[TermColumn] = []
        self.arrangement: Arrangement | None = None
        self._layout_key: tuple[str, ...] = ()
        self._code_widths: dict[tuple[str, str], int] = {}
        self._compact_height: tuple[str, int] | None = None  # font key, compact card height
        holder = self.holder = QWidget()
        holder.setObjectName("termGridHolder")
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        outer.setSpacing(SPACING)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.rows = QGridLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(SPACING)
        outer.addWidget(self.hint)
        outer.addLayout(self.rows, 1)
        self.setWidget(holder)
        document.plan_changed.connect(self.refresh)
        document.highlight_changed.connect(self.refresh_cards)
        self.refresh()

    def term_ids(self) -> tuple[str, ...]:
        track = self.document.catalog.tracks.get(self.document.plan.track)
        ids = list(track.term_ids) if track else []
        ids += [t for t in self.document.plan.terms if t not in ids]
        return (self.document.plan.track, *ids)

    def refresh(self) -> None:
        key = self.term_ids()
        if key != self._layout_key:
            self._rebuild(key)
        for column in self.columns:
            column.refresh()
        self.hint.setVisible(not any(self.document.plan.terms.values()))
        self._arrange()  # a longer code, or the hint, may need another arrangement

    def refresh_cards(self) -> None:
        """The highlight changed: only the cards repaint, and the first one lit is scrolled to."""
        lit = self.document.highlighted
        shown = False
        for column in self.columns:
            column.view.viewport().update()
            for row, entry in enumerate(column.model.entries):
                if not shown and (column.term_id, entry) in lit:
                    column.view.scrollTo(column.model.index(row))
                    self.ensureWidgetVisible(column)
                    shown = True

    def _rebuild(self, key: tuple[str, ...]) -> None:
        self._layout_key = key
        track = self.document.catalog.tracks.get(self.document.plan.track)
        for column in self.columns:
            self.rows.removeWidget(column)
            column.hide()  # gone from the screen now, not when the event loop deletes it
            column.setParent(None)
            column.deleteLater()
        self.columns = [
            TermColumn(self.document, self.editor, term_id, track) for term_id in key[1:]
        ]
        for column in self.columns:
            column.view.step_requested.connect(
                lambda step, c=column: self._focus_neighbour(c, step)
            )
            column.view.record_requested.connect(self.record_requested)
            column.view.selectionModel().selectionChanged.connect(
                lambda selected, _old, v=column.view: self._selected_in(v, selected)
            )
        self.arrangement = None
        self._arrange()

    # ------------------------------------------------------------------ layout
    def _code_width(self, code: str, font_key: str) -> int:
        key = (font_key, code)
        if key not in self._code_widths:
            self._code_widths[key] = CardDelegate.width_for_code(self.font(), code)
        return self._code_widths[key]

    def column_min_width(self) -> int:
        """The narrowest column that shows every code in the plan whole.

        At least as wide as the program's own longest code (AIPI 590-01), so the layout rarely
        changes; a longer code added to the plan (CYBERSEC 520) widens the columns, and the terms
        take two rows if they must.
        """
        codes = {FLOOR_CODE}
        for column in self.columns:  # the codes as the cards show them
            codes.update(column.model.facts[entry].code for entry in column.model.entries)
        font_key = self.font().key()  # once: Qt composes the string anew on every call
        widest = max(self._code_width(code, font_key) for code in codes)
        cap = self._code_width("W" * 14, font_key)  # an unknown entry longer than this is elided
        sample = self.columns[0] if self.columns else None
        chrome = sample.chrome_width() if sample else 16
        return min(widest, cap) + chrome

    def row_min_height(self) -> int:
        sample = self.columns[0] if self.columns else None
        if sample is None:
            return 120
        font = self.font()
        key = font.key()
        if self._compact_height is None or self._compact_height[0] != key:
            # A delegate made for the measure, once per font (not on every edit).
            self._compact_height = (key, CardDelegate(title_lines=1).card_height(font))
        return sample.heading_height() + 2 * self._compact_height[1] + 4

    def _arrange(self) -> None:
        if not self.columns:
            return
        hint = self.hint.sizeHint().height() + SPACING if not self.hint.isHidden() else 0
        column_min = self.column_min_width()
        arrangement = arrange(
            len(self.columns),
            self.width() - 2 * self.frameWidth(),
            self.height() - 2 * self.frameWidth() - hint,
            column_min,
            self.row_min_height(),
            SPACING,
            MARGIN,
        )
        self.holder.setMinimumSize(arrangement.min_width, arrangement.min_height + hint)
        if arrangement == self.arrangement:
            return
        changed_rows = self.arrangement is None or arrangement.rows != self.arrangement.rows
        self.arrangement = arrangement
        for column in self.columns:
            self.rows.removeWidget(column)
        for position, column in enumerate(self.columns):
            self.rows.addWidget(
                column, position // arrangement.per_row, position % arrangement.per_row
            )
            if changed_rows:
                column.set_compact(arrangement.compact)
        # Equal columns, each at least wide enough for its codes: the columns' own size hints
        # (a long term label, a load bar's text) are ignored.
        for c in range(self.rows.columnCount()):
            used = c < arrangement.per_row
            self.rows.setColumnStretch(c, 1 if used else 0)
            self.rows.setColumnMinimumWidth(c, column_min if used else 0)
        for r in range(self.rows.rowCount()):
            self.rows.setRowStretch(r, 1 if r < arrangement.rows else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode: bigger text, new widths
            self.arrangement = None
            for column in self.columns:
                column.view.scheduleDelayedItemsLayout()
            self._arrange()

    # ------------------------------------------------------------------ selection and focus
    def column(self, term_id: str) -> TermColumn | None:
        return next((c for c in self.columns if c.term_id == term_id), None)

    def _selected_in(self, view: TermListView, selected: QItemSelection) -> None:
        """One card is selected in the whole grid: selecting one clears the others."""
        if selected.isEmpty():
            return
        for column in self.columns:
            if column.view is not view and column.view.selectionModel().hasSelection():
                column.view.clearSelection()

    def _focus_neighbour(self, column: TermColumn, step: int) -> None:
        position = self.columns.index(column) + step
        if 0 <= position < len(self.columns):
            row = column.view.currentIndex().row()
            target = self.columns[position].view
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            count = target.model().rowCount()
            if count:
                target.setCurrentIndex(target.model().index(max(0, min(row, count - 1)), 0))
            self.ensureWidgetVisible(target)

    def focused(self) -> tuple[str, str] | None:
        """The (term id, entry) of the card that has focus or selection, if any."""
        for column in self.columns:
            entry = column.view.current_entry()
            if entry and column.view.hasFocus():
                return column.term_id, entry
        for column in self.columns:
            entry = column.view.current_entry()
            if entry:
                return column.term_id, entry
        return None

    def select_card(self, term_id: str, entry: str, focus: bool = False) -> bool:
        """Select (and scroll to) the last `entry` of the term; focus it when asked."""
        column = self.column(term_id)
        if column is None or entry not in column.model.entries:
            return False
        row = len(column.model.entries) - 1 - column.model.entries[::-1].index(entry)
        index = column.model.index(row)
        column.view.setCurrentIndex(index)
        column.view.scrollTo(index)
        self.ensureWidgetVisible(column)
        if focus:
            column.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_first(self) -> None:
        """The keyboard's place in the grid: the first term's cards."""
        if self.columns:
            self.columns[0].view.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_card(self, term_id: str, entry: str) -> None:
        column = self.column(term_id)
        if column and entry in column.model.entries:
            index = column.model.index(column.model.entries.index(entry))
            column.view.setCurrentIndex(index)
            column.view.setFocus()
