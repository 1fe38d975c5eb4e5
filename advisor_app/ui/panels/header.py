"""The plan header: student, advisor, track and start year. Edits go through the editor.

Label beside field, in rows that reflow: three pairs to a row when there is room, fewer when not,
so no label or track name is ever cut (a 1280 px laptop, a 150 % or 200 % scale).
"""

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from advisor_app.plans.limits import LIMITS
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.restyle import set_read_only

SPACING = 6  # between a label and its field
PAIR_GAP = 14  # between one pair and the next


class PlanHeader(QWidget):
    def __init__(self, document: PlanDocument, editor: PlanEditor) -> None:
        super().__init__()
        self.document = document
        self.editor = editor
        self.setObjectName("planHeader")
        self.setAccessibleName("Plan header")
        self.student_name = QLineEdit()
        self.student_name.setMaxLength(LIMITS.name_chars)  # what a plan file may hold
        self.student_id = QLineEdit()
        self.student_id.setMaxLength(LIMITS.name_chars)  # what a plan file may hold
        self.advisor_name = QLineEdit()
        self.advisor_name.setMaxLength(LIMITS.name_chars)  # what a plan file may hold
        self.track = QComboBox()
        for track in document.catalog.tracks.values():
            self.track.addItem(track.name, track.id)
        # The whole track name, always: "On-Campus Standard (16 months)" is never cut.
        self.track.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.start_year = QSpinBox()
        self.start_year.setRange(1900, 2200)
        self.status = QLabel()
        self.status.setObjectName("planStatus")
        self.labels: dict[QWidget, QLabel] = {}
        people = [("Student", self.student_name), ("Student ID", self.student_id)]
        people.append(("Advisor", self.advisor_name))
        plan = [("Track", self.track), ("Start year", self.start_year)]
        self.groups: list[list[QWidget]] = [[w for _, w in people], [w for _, w in plan]]
        for text, field in people + plan:
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text)
            self.labels[field] = label
        self.figures: list[QWidget] = [self.status]  # shown after the plan's fields
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(8, 4, 8, 4)
        self.rows.setSpacing(4)
        chars = self.fontMetrics().averageCharWidth()
        for edit, width in (
            (self.student_name, 12),
            (self.student_id, 9),
            (self.advisor_name, 12),
        ):
            edit.setMinimumWidth(chars * width)
        self._shape: list[tuple[int, ...]] = []
        self.hidden: set[QWidget] = set()
        for field, name in (
            (self.student_name, "student_name"),
            (self.student_id, "student_id"),
            (self.advisor_name, "advisor_name"),
        ):
            assert isinstance(field, QLineEdit)
            field.editingFinished.connect(
                lambda e=field, f=name: self.editor.set_header(**{f: e.text().strip()})
            )
        self.track.activated.connect(lambda _i: self.editor.change_track(self.track.currentData()))
        self.start_year.editingFinished.connect(
            lambda: self.editor.set_header(start_year=self.start_year.value())
        )
        document.plan_changed.connect(self.refresh)
        self.refresh()
        self._keep_track_name_whole()
        self.reflow(force=True)

    def add_figure(self, widget: QWidget) -> None:
        """A figure about the plan (its status, an estimate), placed after the plan's fields."""
        self.figures.append(widget)
        self.reflow(force=True)

    def set_student_id_shown(self, shown: bool) -> None:
        """Presentation mode hides the student id from the room."""
        self.student_id.setVisible(shown)
        self.labels[self.student_id].setVisible(shown)
        self.hidden = set() if shown else {self.student_id}
        self.reflow(force=True)

    def _item_width(self, item: QWidget) -> int:
        """A field with its label, or a figure on its own."""
        if item in self.figures:
            return item.sizeHint().width()
        return (
            self.labels[item].sizeHint().width()
            + SPACING
            + max(item.minimumSizeHint().width(), item.minimumWidth())
        )

    def visible_groups(self) -> list[list[QWidget]]:
        people, plan = ([f for f in group if f not in self.hidden] for group in self.groups)
        return [people, plan + [f for f in self.figures if f not in self.hidden]]

    def _flow(self, width: int) -> list[list[QWidget]]:
        """Each group's items left to right, a new row when the next would not fit."""
        margins = self.rows.contentsMargins()
        spare = width - margins.left() - margins.right()
        rows: list[list[QWidget]] = []
        for group in self.visible_groups():
            row: list[QWidget] = []
            used = 0
            for item in group:
                needed = self._item_width(item) + (PAIR_GAP if row else 0)
                if row and used + needed > spare:
                    rows.append(row)
                    row, used, needed = [], 0, self._item_width(item)
                row.append(item)
                used += needed
            if row:
                rows.append(row)
        return rows

    def reflow(self, force: bool = False) -> None:
        rows = self._flow(self.width() if self.width() > 0 else 10_000)
        shape = [tuple(map(id, row)) for row in rows]
        if shape == self._shape and not force:
            return
        self._shape = shape
        while self.rows.count():
            taken = self.rows.takeAt(0)
            row = taken.layout() if taken is not None else None
            while row is not None and row.count():
                row.takeAt(0)
        for items in rows:
            line = QHBoxLayout()
            line.setSpacing(SPACING)
            stretches = False
            for position, item in enumerate(items):
                if position:
                    line.addSpacing(PAIR_GAP - SPACING)
                if item not in self.figures:
                    line.addWidget(self.labels[item])
                # Text fields share the row's spare width; the track and year keep their size.
                stretch = 1 if isinstance(item, QLineEdit) else 0
                stretches = stretches or bool(stretch)
                line.addWidget(item, stretch)
            if not stretches:
                line.addStretch(1)
            self.rows.addLayout(line)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.reflow()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._keep_track_name_whole()
            self.reflow(force=True)

    def _keep_track_name_whole(self) -> None:
        # A combo box may be squeezed below its contents: its minimum is the longest name.
        self.track.setMinimumWidth(self.track.sizeHint().width())

    def refresh(self) -> None:
        plan = self.document.plan
        for edit, value in (
            (self.student_name, plan.student_name),
            (self.student_id, plan.student_id),
            (self.advisor_name, plan.advisor_name),
        ):
            if edit.text() != value:
                edit.setText(value)
                edit.setCursorPosition(0)
        index = self.track.findData(plan.track)
        self.track.blockSignals(True)
        self.track.setCurrentIndex(index)
        self.track.blockSignals(False)
        if self.start_year.value() != plan.start_year:  # the same value still repaints it
            self.start_year.blockSignals(True)
            self.start_year.setValue(plan.start_year)
            self.start_year.blockSignals(False)
        self.status.setText(
            f"Approved {plan.approved_on}, revision {plan.revision}"
            if plan.locked
            else f"Draft, revision {plan.revision}"
        )
        for edit in (self.student_name, self.student_id, self.advisor_name):
            set_read_only(edit, plan.locked)
        self.track.setEnabled(not plan.locked)
        set_read_only(self.start_year, plan.locked)
