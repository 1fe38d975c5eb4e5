"""The term grid: one column per term of the track, each a list of cards that takes drops."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Track
from advisor_app.domain.track_mapping import outside_term_label
from advisor_app.rules.preview import drop_problems
from advisor_app.ui import mime
from advisor_app.ui.cards import CardDelegate
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.models import TermModel


class TermListView(QListView):
    """A term's cards. While a drag hovers, it shows what the drop would break, before the drop."""

    drop_preview_changed = Signal(str)  # the problem text, "" when the drop is fine
    card_focused = Signal(str, str)  # term id, entry

    def __init__(self, model: TermModel, document: PlanDocument) -> None:
        super().__init__()
        self.setModel(model)
        self.term_model = model
        self.document = document
        self.setItemDelegate(CardDelegate(self))
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
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
            text = "; ".join(p.message for p in (errors or problems)[:2])
            self.setProperty("dropState", "error" if errors else ("warning" if problems else "ok"))
            self.style().unpolish(self)
            self.style().polish(self)
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
        self.setProperty("dropState", "")
        self.style().unpolish(self)
        self.style().polish(self)
        self.drop_preview_changed.emit("")

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._end_preview()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._end_preview()
        super().dropEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        entry = self.current_entry()
        if entry:
            self.card_focused.emit(self.term_model.term_id, entry)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current_entry():
            entry = self.current_entry()
            assert entry is not None
            self.term_model.editor.remove(entry, self.term_model.term_id)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(3)
        self.title = QLabel()
        self.title.setObjectName("termTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("termSubtitle")
        self.load = QProgressBar()
        self.load.setTextVisible(True)
        self.load.setMaximumHeight(18)
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
        self.refresh()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _set_load(self, value: float, cap: float, unit: str) -> None:
        self.load.setMaximum(int(cap * 10))
        self.load.setValue(int(min(value, cap) * 10))
        self.load.setFormat(f"{value:g} of {cap:g} {unit}")
        self.load.setAccessibleName(f"Load {value:g} of {cap:g} {unit}")

    def label(self) -> str:
        term = self.track.term(self.term_id) if self.track else None
        if term is None:
            return outside_term_label(self.term_id)
        return term.calendar_label(self.document.plan.start_year)

    def refresh(self) -> None:
        self.model.refresh()
        term = self.track.term(self.term_id) if self.track else None
        label = self.label()
        self.title.setText(label)
        units = sum(
            self.model.data(self.model.index(r), Qt.ItemDataRole.UserRole + 3) or 0
            for r in range(self.model.rowCount())
        )
        name = term.name if term else "Outside the track: move these courses"
        self.subtitle.setText(f"{name} · {units:g} units")
        limit = self.track.limits.get(term.season) if (self.track and term) else None
        credit = sum(
            1
            for r in range(self.model.rowCount())
            if (self.model.data(self.model.index(r), Qt.ItemDataRole.UserRole + 3) or 0) > 0
        )
        if limit and limit.max_units:
            self._set_load(units, limit.max_units, "units")
        elif limit and (limit.max_courses or limit.advised_courses):
            self._set_load(
                credit, float(limit.max_courses or limit.advised_courses or 1), "courses"
            )
        self.load.setVisible(
            bool(limit and (limit.max_units or limit.max_courses or limit.advised_courses))
        )
        over = any(
            f.rule.startswith("load.") and f.term == self.term_id and f.severity != "info"
            for f in self.document.report.findings
        )
        self.load.setProperty("over", over)
        self.load.style().unpolish(self.load)
        self.load.style().polish(self.load)
        self.setAccessibleName(f"{label} term, {units:g} units, {self.model.rowCount()} courses")
        self.view.setAccessibleName(f"Courses in {label}")


class TermGrid(QScrollArea):
    """All the columns; rebuilt when the set of terms changes, refreshed otherwise."""

    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.setWidgetResizable(True)
        self.setAccessibleName("Term grid")
        self.columns: list[TermColumn] = []
        self._layout_key: tuple[str, ...] = ()
        document.plan_changed.connect(self.refresh)
        document.highlight_changed.connect(self.refresh)
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

    def _rebuild(self, key: tuple[str, ...]) -> None:
        self._layout_key = key
        track = self.document.catalog.tracks.get(self.document.plan.track)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(4, 4, 4, 4)
        row.setSpacing(6)
        self.columns = [
            TermColumn(self.document, self.editor, term_id, track) for term_id in key[1:]
        ]
        for column in self.columns:
            row.addWidget(column, 1)
        self.setWidget(holder)

    def column(self, term_id: str) -> TermColumn | None:
        return next((c for c in self.columns if c.term_id == term_id), None)

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

    def focus_card(self, term_id: str, entry: str) -> None:
        column = self.column(term_id)
        if column and entry in column.model.entries:
            index = column.model.index(column.model.entries.index(entry))
            column.view.setCurrentIndex(index)
            column.view.setFocus()
