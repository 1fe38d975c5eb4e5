"""Item models over the core: the catalog list and one list per term. Drops call the editor."""

from collections.abc import Sequence
from typing import Any

from msgspec import Struct
from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from advisor_app.domain import Catalog, CourseRecord
from advisor_app.ui import mime
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor

CodeRole = Qt.ItemDataRole.UserRole + 1
TitleRole = Qt.ItemDataRole.UserRole + 2
UnitsRole = Qt.ItemDataRole.UserRole + 3
ColourRole = Qt.ItemDataRole.UserRole + 4
SeverityRole = (
    Qt.ItemDataRole.UserRole + 5
)  # worst finding on the card: "error"/"warning"/"info"/""
InPlanRole = Qt.ItemDataRole.UserRole + 6
HighlightRole = Qt.ItemDataRole.UserRole + 7
RecordRole = Qt.ItemDataRole.UserRole + 8  # the student's record of a card: a CourseRecord
CardRole = Qt.ItemDataRole.UserRole + 9  # everything a card paints, in one CardLook
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the default parent of a flat list


class CardFacts(Struct, frozen=True):
    """What a card shows for an entry, worked out once (the catalog does not change)."""

    code: str
    title: str
    units: float
    colour: str
    display: str
    spoken: str  # what a screen reader says for the card


def card_facts(catalog: Catalog, entry: str) -> CardFacts:
    course = catalog.course(entry)
    placeholder = None if course else catalog.placeholder(entry)
    # A placeholder card reads "To choose" over its slot's name, rather than the name twice.
    code = course.code if course else ("To choose" if placeholder else entry)
    title = catalog.display_title(entry)
    units = course.units if course else (placeholder.units if placeholder else 0.0)
    category = catalog.categories.get(course.category) if course else None
    colour = category.colour if category else ("#95a5a6" if placeholder else "#c0392b")
    name = f"{title}, to choose" if placeholder else f"{code} {title}"
    return CardFacts(
        code,
        title,
        units,
        colour,
        f"{title} (to choose)" if placeholder else f"{code} {title}",
        f"{name}, {units:g} units" if (course or placeholder) else f"{name}, not in the catalog",
    )


class CardLook(Struct, frozen=True):
    """Everything a card's picture is drawn from, asked of the model in one call: a card list
    repaints a dozen cards a keystroke, and each role asked for separately crosses from Qt into
    Python and back. Its repr keys the card's cached picture (ui/card_cache.py)."""

    code: str
    title: str
    units: float
    colour: str
    severity: str = ""  # the worst finding on the card: "error", "warning", "info" or ""
    in_plan: bool = False
    highlighted: bool = False
    record: CourseRecord | None = None


_FACT_ROLES = {
    CodeRole: "code",
    TitleRole: "title",
    UnitsRole: "units",
    ColourRole: "colour",
    Qt.ItemDataRole.DisplayRole: "display",
    Qt.ItemDataRole.AccessibleTextRole: "spoken",
}


def card_data(catalog: Catalog, entry: str, role: int, facts: CardFacts | None = None) -> Any:
    """What a card shows for an entry: shared by the catalog list and the term lists."""
    name = _FACT_ROLES.get(role)
    if name is None:
        return None
    return getattr(facts or card_facts(catalog, entry), name)


class FactsCache(dict[str, CardFacts]):
    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def __missing__(self, entry: str) -> CardFacts:
        facts = self[entry] = card_facts(self.catalog, entry)
        return facts


_SEVERITY_ORDER = ("error", "warning", "info")


def record_words(record: CourseRecord) -> str:
    """ ", completed, grade A-" for a screen reader; "" for a planned course."""
    if record.status == "planned":
        return ""
    words = ", completed" if record.completed else ", in progress"
    return words + (f", grade {record.grade}" if record.grade else "")


# Combined once: Qt's flags are Python enums, slow to combine on every call (a view asks for
# each card's flags on every repaint).
_CARD_FLAGS = (
    Qt.ItemFlag.ItemIsDropEnabled
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
)


class CardListModel(QAbstractListModel):
    """What every list of course cards shares: draggable cards, a drop target, the MIME contract."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _CARD_FLAGS if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [mime.COURSE_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class CatalogModel(CardListModel):
    """The catalog's courses a search shows (a page or a few, never the whole of a large catalog),
    each marked "✓ in plan" when planned."""

    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.codes: list[str] = []
        self._row_of: dict[str, int] = {}
        self.facts = FactsCache(document.catalog)
        self._planned = self._plan_entries()
        document.plan_changed.connect(self._refresh_marks)

    def _plan_entries(self) -> frozenset[str]:
        return frozenset(e for entries in self.document.plan.terms.values() for e in entries)

    def set_codes(self, codes: list[str]) -> None:
        """Show `codes`, telling the view only which rows changed: a keystroke that narrows a
        search mostly keeps its first rows, and those are not repainted (a reset repaints all)."""
        old = self.codes
        if len(codes) < len(old):
            self.beginRemoveRows(ROOT, len(codes), len(old) - 1)
            self.codes = old[: len(codes)]
            self.endRemoveRows()
        elif len(codes) > len(old):
            self.beginInsertRows(ROOT, len(old), len(codes) - 1)
            self.codes = old + codes[len(old) :]
            self.endInsertRows()
        self.codes = codes
        self._row_of = {code: row for row, code in enumerate(codes)}
        self._planned = self._plan_entries()
        for row in range(min(len(old), len(codes))):
            if old[row] != codes[row]:  # one row at a time: a view repaints just that row
                changed = self.createIndex(row, 0)
                self.dataChanged.emit(changed, changed)

    def extends(self, codes: list[str]) -> bool:
        """Whether `codes` begin with the rows shown: more of the same list."""
        return codes[: len(self.codes)] == self.codes

    def extend_codes(self, codes: list[str]) -> None:
        """The same search with more rows (`codes` extends the shown ones: see extends()): the
        new ones are added below, and the selection and the scroll position stay."""
        if len(codes) <= len(self.codes):
            return
        self.beginInsertRows(ROOT, len(self.codes), len(codes) - 1)
        for row in range(len(self.codes), len(codes)):
            self._row_of[codes[row]] = row
        self.codes = codes
        self.endInsertRows()

    def _refresh_marks(self) -> None:
        """Repaint the rows whose "✓ in plan" mark changed: looked up by the plan's few changed
        entries, never by walking every row."""
        planned = self._plan_entries()
        changed = sorted(
            row for code in planned ^ self._planned if (row := self._row_of.get(code)) is not None
        )
        self._planned = planned
        for row in changed:
            self.dataChanged.emit(self.index(row), self.index(row), [InPlanRole])

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.codes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.codes):
            return None
        code = self.codes[index.row()]
        catalog = self.document.catalog
        if role == InPlanRole:
            return code in self._planned
        if role == Qt.ItemDataRole.ToolTipRole:
            course = catalog.courses[code]
            offered = ", ".join(sorted(course.on_campus)) or "not on campus"
            online = ", ".join(sorted(course.online)) or "not online"
            pre = ", ".join(course.prerequisites) or "none"
            return (
                f"<b>{code} {course.title}</b> ({course.units:g} units)<br>{course.description}"
                f"<br><i>On campus:</i> {offered}; <i>online:</i> {online}<br><i>Prerequisites:</i> {pre}"
            )
        if role == SeverityRole:
            return ""
        facts = self.facts[code]
        if role == CardRole:
            return CardLook(
                facts.code, facts.title, facts.units, facts.colour, in_plan=code in self._planned
            )
        if role == Qt.ItemDataRole.AccessibleTextRole and code in self._planned:
            return f"{facts.spoken}, in the plan"
        return card_data(catalog, code, role, facts)

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return mime.encode([self.codes[i.row()] for i in indexes if i.isValid()])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        # Only cards from the grid (dropping one back removes it), and never onto an approved plan.
        return mime.decode(data)[1] is not None and not self.document.plan.locked

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        codes, source = mime.decode(data)
        if source is None:
            return False
        self.document.undo_stack.beginMacro(f"Remove {', '.join(codes)}")
        for code in codes:
            self.editor.remove(code, source)
        self.document.undo_stack.endMacro()
        return False  # the plan changed through the editor; the view must not delete anything


class TermModel(CardListModel):
    """The entries of one term of the plan."""

    def __init__(self, document: PlanDocument, editor: PlanEditor, term_id: str) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.term_id = term_id
        self.entries: list[str] = list(document.plan.terms.get(term_id, ()))
        self._external = document.plan.external_courses
        # The catalog as this plan sees it: with the courses the advisor entered for it.
        self.facts = FactsCache(document.catalog.with_external(self._external))
        self._said: list[tuple[str, ...]] = self._findings_said()

    def _findings_said(self) -> list[tuple[str, ...]]:
        """Per card, what its findings and its record make it show and say."""
        plan = self.document.plan
        return [
            (
                *(f"{f.severity}:{f.title}" for f in self.document.findings_for(self.term_id, e)),
                repr(plan.record(self.term_id, e)),
            )
            for e in self.entries
        ]

    def refresh(self) -> None:
        plan = self.document.plan
        entries = list(plan.terms.get(self.term_id, ()))
        if plan.external_courses != self._external:  # an entered course added or edited
            self._external = plan.external_courses
            self.facts = FactsCache(self.document.catalog.with_external(self._external))
            self._said = []  # every card repaints
        if entries != self.entries:
            self.beginResetModel()
            self.entries = entries
            self._said = self._findings_said()
            self.endResetModel()
            return
        # Only cards whose findings changed are repainted (a drop elsewhere leaves most alone).
        said = self._findings_said()
        changed = [
            row for row, now in enumerate(said) if row >= len(self._said) or now != self._said[row]
        ]
        self._said = said
        if changed:
            self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == CardRole:
            facts = self.facts[entry]
            return CardLook(
                facts.code,
                facts.title,
                facts.units,
                facts.colour,
                self._worst(entry),
                in_plan=True,
                highlighted=(self.term_id, entry) in self.document.highlighted,
                record=self.document.plan.record(self.term_id, entry),
            )
        if role in (SeverityRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            findings = self.document.findings_for(self.term_id, entry)
            if role == SeverityRole:
                return self._worst(entry)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                name = self.facts[entry].spoken + record_words(
                    self.document.plan.record(self.term_id, entry)
                )
                said = "; ".join(f"{f.severity}: {f.title}" for f in findings)
                return f"{name}; {said}" if said else name
            title = self.facts[entry].display
            import html  # a tooltip is asked for long after start-up

            # Rule ids only here, for the curious.
            lines = [f"<b>{html.escape(title)}</b>"] + [
                f"{f.severity.capitalize()}: <b>{html.escape(f.title)}</b>: "
                f"{html.escape(f.message)} <i>({f.rule})</i>"
                for f in findings
            ]
            return "<br>".join(lines)
        if role == HighlightRole:
            return (self.term_id, entry) in self.document.highlighted
        if role == RecordRole:
            return self.document.plan.record(self.term_id, entry)
        if role == InPlanRole:
            return True
        return card_data(self.document.catalog, entry, role, self.facts[entry])

    def _worst(self, entry: str) -> str:
        """The severity of the worst finding on `entry`'s card, or ""."""
        severities = {f.severity for f in self.document.findings_for(self.term_id, entry)}
        return next((s for s in _SEVERITY_ORDER if s in severities), "")

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return mime.encode([self.entries[i.row()] for i in indexes if i.isValid()], self.term_id)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return bool(mime.decode(data)[0]) and not self.document.plan.locked

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        codes, source = mime.decode(data)
        if not codes:
            return False
        index = row if row >= 0 else (parent.row() if parent.isValid() else None)
        self.editor.drop(codes, self.term_id, source, index)
        return False  # the document redraws every view; Qt must not remove the dragged rows itself
