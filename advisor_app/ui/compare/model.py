"""The comparison as a table: one column per plan, the summary rows first (track, graduation,
units, findings, estimated cost), then one row per calendar term. Each term cell holds lines; a
line that differs between the plans is marked for the delegate (and in words for screen readers)."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from advisor_app.export.comparison import Comparison, PlanSummary

Index = QModelIndex | QPersistentModelIndex
#: A cell's lines for the delegate: (text, kind), kind "term" (the track's name of the term),
#: "course", "differs" (a course not in the same term in every plan) or "summary".
LinesRole = Qt.ItemDataRole.UserRole + 1
DIFFERS_MARK = "≠"


def _summary_rows(caveat: str) -> list[tuple[str, Any]]:
    def cost(s: PlanSummary) -> str:
        return s.cost.total if s.cost else "no tuition rates"

    return [
        ("Track", lambda s: s.track_name),
        ("Graduates", lambda s: s.graduation),
        ("Units", lambda s: f"{s.units:g}"),
        (
            "Errors / warnings",
            lambda s: (
                f"{s.errors} error{'' if s.errors == 1 else 's'}, "
                f"{s.warnings} warning{'' if s.warnings == 1 else 's'}"
            ),
        ),
        (f"Estimated cost\n({caveat})" if caveat else "Estimated cost", cost),
    ]


class ComparisonModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.comparison: Comparison | None = None
        self._summary: list[tuple[str, Any]] = []

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        caveat = (
            next((s.cost.caveat for s in comparison.summaries if s.cost), "") if comparison else ""
        )
        self._summary = _summary_rows(caveat) if comparison else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        if parent.isValid() or self.comparison is None:
            return 0
        return len(self._summary) + len(self.comparison.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.comparison is None:
            return 0
        return len(self.comparison.summaries)

    def is_summary(self, row: int) -> bool:
        return row < len(self._summary)

    def lines(self, row: int, column: int) -> list[tuple[str, str]]:
        assert self.comparison is not None
        if self.is_summary(row):
            summary = self.comparison.summaries[column]
            return [(str(self._summary[row][1](summary)), "summary")]
        cell = self.comparison.rows[row - len(self._summary)].cells[column]
        out: list[tuple[str, str]] = []
        for term in cell:
            out.append((term.term_name, "term"))
            for course in term.courses:
                name = (
                    course.label
                    if course.code.startswith("TBD:")
                    else f"{course.code} {course.title}"
                )
                out.append((name, "differs" if course.differs else "course"))
        return out or [("no term", "term")]

    def _spoken(self, row: int, column: int) -> str:
        assert self.comparison is not None
        if self.is_summary(row):
            return self.lines(row, column)[0][0]
        parts = []
        cell = self.comparison.rows[row - len(self._summary)].cells[column]
        for term in cell:
            parts.append(term.term_name)
            for course in term.courses:
                text = (
                    f"{course.label} {course.title}"
                    if not course.code.startswith("TBD:")
                    else course.label
                )
                parts.append(f"{text} (differs: {course.elsewhere})" if course.differs else text)
        return "; ".join(parts) or "no term"

    def _tooltip(self, row: int, column: int) -> str:
        assert self.comparison is not None
        if self.is_summary(row):
            summary = self.comparison.summaries[column]
            if row == len(self._summary) - 1 and summary.cost:
                return (
                    f"{summary.cost.total} ({summary.cost.caveat}); the header's Details… show how"
                )
            return ""
        cell = self.comparison.rows[row - len(self._summary)].cells[column]
        lines = [
            f"{course.code}: {course.elsewhere}"
            for term in cell
            for course in term.courses
            if course.differs
        ]
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.comparison is None:
            return None
        row, column = index.row(), index.column()
        if role == LinesRole:
            return self.lines(row, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._spoken(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.comparison is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        if orientation == Qt.Orientation.Horizontal:
            summary = self.comparison.summaries[section]
            who = f"\n{summary.student}" if summary.student else ""
            return f"{self.comparison.letters[section]}: {summary.name}{who}"
        if self.is_summary(section):
            return self._summary[section][0]
        return self.comparison.rows[section - len(self._summary)].label

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
