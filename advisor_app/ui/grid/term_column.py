"""One term of the grid: its label, units and load, and the list of its cards (a drop target)."""

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
)

from advisor_app.domain import Track
from advisor_app.domain.track_mapping import NOT_PLACED, outside_term_label
from advisor_app.rules.preview import drop_problems
from advisor_app.ui import mime
from advisor_app.ui.card_cache import CachedCardDelegate
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.models import TermModel
from advisor_app.ui.restyle import repolish

CONTENT_MARGIN = 4


class ElidedLabel(QLabel):
    """One line that gives way with "…" in a narrow column; the whole text is in its tooltip and
    its accessible name."""

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("…") * 3, super().minimumSizeHint().height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        whole = self.text()
        text = self.fontMetrics().elidedText(whole, Qt.TextElideMode.ElideRight, rect.width())
        if self.toolTip() != (tip := whole if text != whole else ""):
            self.setToolTip(tip)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )


class TermListView(QListView):
    """A term's cards. While a drag hovers, it shows what the drop would break, before the drop."""

    drop_preview_changed = Signal(str)  # the problem text, "" when the drop is fine
    card_focused = Signal(str, str)  # term id, entry
    step_requested = Signal(int)  # Left / Right: the previous or next term
    record_requested = Signal(str, str, QPoint)  # term id, entry, where (context menu or keys)

    def __init__(self, model: TermModel, document: PlanDocument) -> None:
        super().__init__()
        self.setObjectName("termList")
        self.setModel(model)
        self.term_model = model
        self.document = document
        self.delegate = CachedCardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._preview_key: tuple[str, ...] = ()

    def current_entry(self) -> str | None:
        index = self.currentIndex()
        return (
            self.term_model.entries[index.row()]
            if index.isValid() and self.selectionModel().isSelected(index)
            else None
        )

    def _preview(self, event: QDragMoveEvent | QDragEnterEvent) -> None:
        codes, source = mime.decode(event.mimeData())
        if not codes:
            event.ignore()
            return
        key = (*codes, source or "")
        if key != self._preview_key:
            self._preview_key = key
            problems = []
            for code in codes:
                problems += drop_problems(
                    self.document.catalog, self.document.plan, code, self.term_model.term_id, source
                )
            errors = [p for p in problems if p.severity == "error"]
            # The worst problem in full, the rest counted: a narrow column is no place for a
            # paragraph (the findings list has them all after the drop).
            # About the dragged course first (not offered, out of order), then about the term.
            shown = sorted(
                errors or problems,
                key=lambda f: (not set(codes) & set(f.courses), f.rule.startswith("load.")),
            )
            text = shown[0].message if shown else ""
            if len(problems) > 1:
                text += f" (+{len(problems) - 1} more)"
            self._set_drop_state("error" if errors else ("warning" if problems else "ok"))
            self.drop_preview_changed.emit(("✗ " if errors else "⚠ ") + text if problems else "")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._preview_key = ()
        self._preview(event)
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._preview(event)
        super().dragMoveEvent(event)

    def _end_preview(self) -> None:
        self._preview_key = ()
        self._set_drop_state("")
        self.drop_preview_changed.emit("")

    def _set_drop_state(self, state: str) -> None:
        # Restyling a list costs a millisecond: only when its state changes.
        if (self.property("dropState") or "") != state:
            self.setProperty("dropState", state)
            repolish(self)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._end_preview()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._end_preview()
        super().dropEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self.model().rowCount():
            self.setCurrentIndex(self.model().index(0, 0))  # the focus ring shows on a card
        entry = self.current_entry()
        if entry:
            self.card_focused.emit(self.term_model.term_id, entry)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        entry = self.term_model.entries[index.row()]
        self.record_requested.emit(self.term_model.term_id, entry, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current_entry():
            entry = self.current_entry()
            assert entry is not None
            self.term_model.editor.remove(entry, self.term_model.term_id)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and plain:
            self.step_requested.emit(-1 if key == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)


class TermColumn(QFrame):
    def __init__(
        self, document: PlanDocument, editor: PlanEditor, term_id: str, track: Track | None
    ) -> None:
        super().__init__()
        self.setObjectName("termColumn")
        self.document = document
        self.term_id = term_id
        self.track = track
        term = track.term(term_id) if track else None
        self.outside = term is None
        layout = self.box = QVBoxLayout(self)
        layout.setContentsMargins(CONTENT_MARGIN, 6, CONTENT_MARGIN, CONTENT_MARGIN)
        layout.setSpacing(3)
        self.title = ElidedLabel()
        self.title.setObjectName("termTitle")
        self.subtitle = ElidedLabel()
        self.subtitle.setObjectName("termSubtitle")
        self.load = QProgressBar()
        self.load.setTextVisible(True)
        self.problem = QLabel()
        self.problem.setObjectName("dropProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.model = TermModel(document, editor, term_id)
        self.view = TermListView(self.model, document)
        self.view.drop_preview_changed.connect(self._show_problem)
        for widget in (self.title, self.subtitle, self.load, self.problem, self.view):
            layout.addWidget(widget)
        self.setProperty("outside", self.outside)
        # The grid gives every column the same width, enough for its codes (see TermGrid).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.refresh()

    def chrome_width(self) -> int:
        """What the column adds around a card: margins, frames, and room for a scroll bar."""
        margins = self.box.contentsMargins()
        scrollbar = self.view.verticalScrollBar().sizeHint().width()
        return (
            margins.left()
            + margins.right()
            + 2 * self.frameWidth()
            + 2 * self.view.frameWidth()
            + scrollbar
        )

    def heading_height(self) -> int:
        """The label, subtitle and load bar: always in view above the cards."""
        margins = self.box.contentsMargins()
        spacing = self.box.spacing()
        parts = (self.title, self.subtitle, self.load)
        return (
            sum(p.sizeHint().height() for p in parts)
            + spacing * len(parts)
            + margins.top()
            + margins.bottom()
            + 2 * self.frameWidth()
        )

    def set_compact(self, compact: bool) -> None:
        self.view.delegate.title_lines = 1 if compact else 2
        self.view.scheduleDelayedItemsLayout()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _set_load(self, value: float, cap: float, unit: str) -> None:
        text = f"{value:g} of {cap:g} {unit}"
        if self.load.format() == text and self.load.maximum() == int(cap * 10):
            return  # unchanged: a progress bar repaints on every set
        # A progress bar repaints at once on every set: with updates off, it repaints once, with
        # the rest of the window, when the drop is done.
        self.load.setUpdatesEnabled(False)
        self.load.setMaximum(int(cap * 10))
        self.load.setValue(int(min(value, cap) * 10))
        self.load.setFormat(text)
        self.load.setUpdatesEnabled(True)
        self.load.setAccessibleName(f"Load {text}")

    def label(self) -> str:
        if self.term_id == NOT_PLACED:  # what a what-if copy could not place
            return outside_term_label(self.term_id)
        plan = self.document.plan
        return self.document.catalog.term_label(plan.track, self.term_id, plan.start_year)

    def refresh(self) -> None:
        self.model.refresh()
        term = self.track.term(self.term_id) if self.track else None
        label = self.label()
        if self.title.text() != label:
            self.title.setText(label)
        units_of = [self.model.facts[entry].units for entry in self.model.entries]
        units = sum(units_of)
        name = term.name if term else "Not in this track: move these courses"
        subtitle = f"{name} · {units:g} units" if term else name
        if self.subtitle.text() != subtitle:
            self.subtitle.setText(subtitle)
        limit = self.track.limits.get(term.season) if (self.track and term) else None
        credit = sum(1 for u in units_of if u > 0)
        if limit and limit.max_units:
            self._set_load(units, limit.max_units, "units")
        elif limit and (limit.max_courses or limit.advised_courses):
            self._set_load(
                credit, float(limit.max_courses or limit.advised_courses or 1), "courses"
            )
        shown = bool(limit and (limit.max_units or limit.max_courses or limit.advised_courses))
        # Hidden bars keep their room, so the cards of every column start on one line. (Set once:
        # setting a size policy, even the same one, lays the grid out again.)
        policy = self.load.sizePolicy()
        if not policy.retainSizeWhenHidden():
            policy.setRetainSizeWhenHidden(True)
            self.load.setSizePolicy(policy)
        self.load.setVisible(shown)
        over = any(
            f.rule.startswith("load.") and f.term == self.term_id and f.severity != "info"
            for f in self.document.report.findings
        )
        if self.load.property("over") != over:
            self.load.setProperty("over", over)
            repolish(self.load)
        where = "" if term else ", not in this track"
        count = self.model.rowCount()
        name = f"{label} term{where}, {units:g} units, {count} course{'' if count == 1 else 's'}"
        if self.accessibleName() != name:
            self.setAccessibleName(name)
        if self.view.accessibleName() != f"Courses in {label}":
            self.view.setAccessibleName(f"Courses in {label}")
