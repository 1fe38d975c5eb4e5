"""File > Duplicate as What-If…: choose the copy's track and start year, and see before opening it
where the courses go and which could not be placed (docs/what-if.md, the mapping)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.track_mapping import TrackMapping, map_to_track
from advisor_app.domain.units import entry_title


def not_placed_lines(catalog: Catalog, plan: Plan, mapping: TrackMapping) -> list[str]:
    """Each course that could not be placed, where it was and why, in words."""
    old_track = catalog.tracks.get(plan.track)
    lines = []
    for carried in mapping.not_placed:
        term = old_track.term(carried.from_term) if old_track else None
        where = term.calendar_label(plan.start_year) if term else carried.from_term
        code = catalog.canonical(carried.entry)
        name = entry_title(catalog, plan, carried.entry)
        what = name if code.startswith("TBD:") else f"{code} {name}"
        lines.append(f"{what} (was in {where}): {carried.reason}")
    return lines


class WhatIfDialog(QDialog):
    def __init__(self, catalog: Catalog, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.plan = plan
        self.setWindowTitle("Duplicate as What-If")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Opens an unsaved copy of this plan in a new window, to try another track or start "
            "year without changing this one. Courses go to the new track's terms by season and "
            "order; what does not fit is kept in a column of its own and listed."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.track = QComboBox()
        for track in catalog.tracks.values():
            self.track.addItem(track.name, track.id)
        self.track.setCurrentIndex(max(0, self.track.findData(plan.track)))
        self.start_year = QSpinBox()
        self.start_year.setRange(1900, 2200)
        self.start_year.setValue(plan.start_year)
        form.addRow("&Track", self.track)
        form.addRow("&Start year", self.start_year)
        layout.addLayout(form)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("whatIfSummary")
        self.not_placed = QListWidget()
        self.not_placed.setWordWrap(True)
        self.not_placed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.not_placed.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.not_placed.setAccessibleName("Courses that could not be placed")
        layout.addWidget(self.summary)
        layout.addWidget(self.not_placed, 1)
        layout.addStretch(0)  # takes the room only while there is no list
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Open What-If Copy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.track.currentIndexChanged.connect(self._preview)
        self.start_year.valueChanged.connect(self._preview)
        self.mapping = map_to_track(catalog, plan, catalog.tracks[str(self.track.currentData())])
        self._preview()
        chars = self.fontMetrics().averageCharWidth()
        self.resize(chars * 80, self.fontMetrics().height() * 22)
        self.track.setFocus()

    def _preview(self) -> None:
        track = self.catalog.tracks[str(self.track.currentData())]
        self.mapping = map_to_track(self.catalog, self.plan, track, self.start_year.value())
        count = len(self.mapping.carried)
        missing = not_placed_lines(self.catalog, self.plan, self.mapping)
        first = track.terms[0].calendar_label(self.start_year.value())
        placed = count - len(missing)
        self.summary.setText(
            f"{track.name}, starting {first}: {placed} of {count} "
            f"{'entry' if count == 1 else 'entries'} placed"
            + (
                f"; {len(missing)} could not be placed (kept outside the track):"
                if missing
                else "; nothing left out."
            )
        )
        self.not_placed.clear()
        self.not_placed.addItems(missing)
        self.not_placed.setVisible(bool(missing))
