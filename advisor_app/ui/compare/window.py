"""View > Compare Plans…: choose two or three plans (open windows or files, PDFs included) and
see them side by side. Plans from open windows follow their edits live."""

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Catalog, Plan
from advisor_app.export.comparison import compare_plans
from advisor_app.plans import PlanFileError, load_plan
from advisor_app.ui.compare.model import DIFFERS_MARK, ComparisonModel, LinesRole

if TYPE_CHECKING:
    from advisor_app.ui.document import PlanDocument

PLAN_FILTER = "AIPI plans (*.json *.pdf);;All files (*)"
SLOTS = ("A", "B", "C")
PAD = 6
DIFFERS_BACKGROUND = QColor("#fff1c2")
DIFFERS_EDGE = QColor("#b7791f")
SELECTED_BACKGROUND = QColor("#dbe8f7")  # as the stylesheet's selected list items


class PlanSource(Struct):
    """A plan to compare: from an open window (followed live) or from a file. `name` heads its
    column; the chooser says which are files."""

    name: str
    plan: Plan
    document: "PlanDocument | None" = None
    from_file: bool = False

    @property
    def label(self) -> str:
        return f"{self.name} (file)" if self.from_file else self.name

    def current(self) -> Plan:
        try:
            return self.document.plan if self.document is not None else self.plan
        except RuntimeError:  # the window was closed: keep the plan as it last was
            self.document = None
            return self.plan


class LinesDelegate(QStyledItemDelegate):
    """Paints a cell's lines; a course that differs between the plans gets a tinted band, a
    bold face and a "≠" before it (so the difference does not rest on colour alone)."""

    def _line_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + 4

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        lines = index.data(LinesRole) or []
        return QSize(120, len(lines) * self._line_height(option) + 2 * PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, SELECTED_BACKGROUND)
        height = self._line_height(option)
        y = option.rect.top() + PAD
        width = option.rect.width() - 2 * PAD
        for text, kind in index.data(LinesRole) or []:
            font = QFont(option.font)
            colour = QColor("#1a1a1a")
            shown = text
            if kind == "term":
                colour = QColor("#5a6473")
                font.setItalic(True)
            elif kind == "differs":
                band = QRect(option.rect.left() + 2, y, option.rect.width() - 4, height - 1)
                painter.fillRect(band, DIFFERS_BACKGROUND)
                painter.fillRect(QRect(band.left(), band.top(), 3, band.height()), DIFFERS_EDGE)
                font.setBold(True)
                colour = QColor("#5c3b00")
                shown = f"{DIFFERS_MARK} {text}"
            elif kind == "summary":
                font.setBold(True)
            painter.setFont(font)
            painter.setPen(colour)
            metrics = painter.fontMetrics()
            elided = metrics.elidedText(shown, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(option.rect.left() + PAD, y, width, height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                elided,
            )
            y += height
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(option.palette.highlight().color())
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()


class CompareWindow(QDialog):
    def __init__(
        self, catalog: Catalog, sources: list[PlanSource], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.sources = list(sources)
        self.setWindowTitle("Compare Plans")
        self.setAccessibleName("Compare plans")
        layout = QVBoxLayout(self)
        pickers = QGridLayout()
        self.slots: list[QComboBox] = []
        for column, letter in enumerate(SLOTS):
            label = QLabel(f"Plan &{letter}")
            combo = QComboBox()
            combo.setAccessibleName(f"Plan {letter}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            label.setBuddy(combo)
            browse = QPushButton("File…")
            browse.setAccessibleName(f"Open a file as plan {letter}")
            browse.setToolTip(f"Open a plan file or an exported PDF as plan {letter}")
            browse.clicked.connect(lambda _checked=False, slot=column: self.open_file(slot))
            pickers.addWidget(label, 0, column * 3)
            pickers.addWidget(combo, 0, column * 3 + 1)
            pickers.addWidget(browse, 0, column * 3 + 2)
            pickers.setColumnStretch(column * 3 + 1, 1)
            self.slots.append(combo)
        layout.addLayout(pickers)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.model = ComparisonModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(LinesDelegate(self.table))
        self.table.setAccessibleName("Plans side by side")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        layout.addWidget(self.table, 1)
        legend = QLabel(
            f"{DIFFERS_MARK} Highlighted: a course not in the same term in every plan (hover it, "
            "or read it aloud, for where the others have it). Terms are lined up by calendar."
        )
        legend.setObjectName("hint")
        legend.setWordWrap(True)
        layout.addWidget(legend)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_slots()
        for combo in self.slots:
            combo.currentIndexChanged.connect(self.refresh)
        for source in self.sources:
            self._follow(source)
        self.refresh()
        self._fit_screen()
        self.slots[0].setFocus()

    def _fit_screen(self) -> None:
        """As large as a 1280x800 projector allows, never larger than the screen."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width = min(1240, screen.width() - 40) if screen else 1240
        height = min(760, screen.height() - 60) if screen else 760
        self.resize(width, height)

    def _follow(self, source: PlanSource) -> None:
        if source.document is not None:
            source.document.plan_changed.connect(self.refresh)

    def _fill_slots(self, select: dict[int, int] | None = None) -> None:
        chosen = select or {}
        for slot, combo in enumerate(self.slots):
            current = chosen.get(slot, combo.currentData() if combo.count() else None)
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("— none —", None)
            for number, source in enumerate(self.sources):
                combo.addItem(source.label, number)
            if current is None and slot < 2 and slot < len(self.sources):
                current = slot
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def open_file(self, slot: int) -> None:
        name, _ = QFileDialog.getOpenFileName(self, f"Open plan {SLOTS[slot]}", "", PLAN_FILTER)
        if name:
            self.add_file(Path(name), slot)

    def add_file(self, path: Path, slot: int) -> bool:
        """Load a plan (JSON or PDF) and show it as plan A, B or C; False when it cannot be read
        (the reason is shown above the table; nothing else changes)."""
        try:
            plan = load_plan(path)
        except PlanFileError as error:
            self.message.setText(f"Cannot open {path.name}: {error}")
            return False
        self.sources.append(PlanSource(path.name, plan, from_file=True))
        self._fill_slots({slot: len(self.sources) - 1})
        self.refresh()
        return True

    def chosen(self) -> list[PlanSource]:
        picks = [combo.currentData() for combo in self.slots]
        return [self.sources[n] for n in picks if n is not None and 0 <= n < len(self.sources)]

    def refresh(self) -> None:
        chosen = self.chosen()
        if len(chosen) < 2:
            self.model.set_comparison(None)
            self.message.setText(
                "Choose two or three plans: open windows are listed; File… adds a plan file or an "
                "exported PDF."
            )
            return
        named = [(source.name, source.current()) for source in chosen]
        comparison = compare_plans(self.catalog, named)
        self.model.set_comparison(comparison)
        self.message.setText(
            f"{len(chosen)} plans; {comparison.differing} course placements differ."
        )
        self.table.resizeRowsToContents()
