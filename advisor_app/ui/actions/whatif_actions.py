"""File > Duplicate as What-If… and View > Compare Plans…."""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.track_mapping import TrackMapping

if TYPE_CHECKING:
    from advisor_app.ui.compare.window import CompareWindow
    from advisor_app.ui.main_window import MainWindow


class WhatIfActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.duplicate_action = QAction("Duplicate as &What-If…", window)
        self.duplicate_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.duplicate_action.triggered.connect(self.duplicate)
        self.compare_action = QAction("&Compare Plans…", window)
        self.compare_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.compare_action.triggered.connect(self.compare)
        self.compare_window: CompareWindow | None = None
        self.last_copy: MainWindow | None = None

    def populate(self, file_menu: QMenu, view_menu: QMenu) -> None:
        """Duplicate as What-If goes right after Save As (or last, when there is none)."""
        actions = file_menu.actions()
        names = [a.text().replace("&", "") for a in actions]
        at = names.index("Save As…") + 1 if "Save As…" in names else len(actions)
        if at < len(actions):
            file_menu.insertAction(actions[at], self.duplicate_action)
        else:
            file_menu.addAction(self.duplicate_action)
        view_menu.addSeparator()
        view_menu.addAction(self.compare_action)

    def duplicate(self) -> "MainWindow | None":
        from advisor_app.ui.dialogs.whatif_dialog import WhatIfDialog

        document = self.window.document
        dialog = WhatIfDialog(document.catalog, document.plan, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.open_copy(dialog.mapping)

    def open_copy(self, mapping: TrackMapping) -> "MainWindow":
        from advisor_app.ui.windows import open_plan_window

        copy = open_plan_window(self.window, mapping.plan, None, what_if=True)
        banner = WhatIfBanner(self.window.document.catalog, self.window.document.plan, mapping)
        central = copy.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, banner)
        copy.what_if_banner = banner  # type: ignore[attr-defined]
        self.last_copy = copy
        return copy

    def compare(self) -> "CompareWindow":
        from advisor_app.ui.compare.window import CompareWindow, PlanSource
        from advisor_app.ui.windows import open_windows

        windows = open_windows()
        if self.window in windows:  # this window's plan first: it is plan A
            windows.remove(self.window)
        windows.insert(0, self.window)
        sources = [PlanSource(window_label(w), w.document.plan, w.document) for w in windows]
        self.compare_window = CompareWindow(self.window.document.catalog, sources, self.window)
        # Closed means gone: it stops following the windows' edits.
        self.compare_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_window.show()
        return self.compare_window


def window_label(window: "MainWindow") -> str:
    """An open window as the comparison names it: its file's name, or its untitled name."""
    return window.document.display_name


class WhatIfBanner(QFrame):
    """At the top of a what-if window: what it is a copy of, and what could not be placed."""

    def __init__(self, catalog: Catalog, source: Plan, mapping: TrackMapping) -> None:
        from advisor_app.ui.dialogs.whatif_dialog import not_placed_lines

        super().__init__()
        self.setObjectName("whatIfBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        track = catalog.tracks[mapping.plan.track]
        missing = not_placed_lines(catalog, source, mapping)
        text = (
            f"What-if copy on {track.name}, starting "
            f"{track.terms[0].calendar_label(mapping.plan.start_year)}: not saved; the original "
            "plan is unchanged."
        )
        if missing:
            text += " Not placed (kept in the last column, outside the track): " + "; ".join(
                missing
            )
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.setAccessibleName("What-if copy")
        self.setAccessibleDescription(text)
        close = QPushButton("Hide")
        close.setAccessibleName("Hide the what-if note")
        close.clicked.connect(self.hide)
        row.addWidget(self.label, 1)
        row.addWidget(close)
