"""The start screen: a new plan (track, start year, student, advisor), open a plan or a PDF, or
one of the recent files."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Catalog, Plan
from advisor_app.ui.dialogs.new_plan_dialog import NewPlanForm


class RecentList(QListWidget):
    open_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
            return
        super().keyPressEvent(event)


class StartPage(QScrollArea):
    plan_created = Signal(object)  # a new Plan
    open_requested = Signal()  # the file dialog
    recent_chosen = Signal(str)

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.setObjectName("startPage")
        self.setAccessibleName("Start")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page.setObjectName("startPageBody")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(24, 24, 24, 24)
        title = QLabel("AIPI Advisor")
        title.setObjectName("startTitle")
        big = title.font()
        big.setPointSizeF(big.pointSizeF() * 1.8)  # relative: text follows the system's size
        big.setBold(True)
        title.setFont(big)
        intro = QLabel(
            "Plan a student's MEng in AI for Product Innovation: start a new plan from the track's "
            "cohort schedule, or open a plan (.json) or a signed-off PDF."
        )
        intro.setWordWrap(True)
        columns = QGridLayout()
        columns.setHorizontalSpacing(24)
        new_box = QGroupBox("New plan")
        new_layout = QVBoxLayout(new_box)
        self.form = NewPlanForm(catalog)
        self.create_button = QPushButton("Create Plan")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(lambda: self.plan_created.emit(self.new_plan()))
        new_layout.addWidget(self.form)
        new_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        open_box = QGroupBox("Open")
        open_layout = QVBoxLayout(open_box)
        self.open_button = QPushButton("Open a Plan or PDF…")
        self.open_button.clicked.connect(self.open_requested)
        recent_label = QLabel("&Recent files")
        self.recent = RecentList()
        self.recent.setAccessibleName("Recent files")
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(
            lambda item: self.recent_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.recent.open_requested.connect(self.recent_chosen)
        self.no_recent = QLabel("No recent files yet.")
        self.no_recent.setObjectName("hint")
        open_layout.addWidget(self.open_button)
        open_layout.addWidget(recent_label)
        open_layout.addWidget(self.recent, 1)
        open_layout.addWidget(self.no_recent)
        columns.addWidget(new_box, 0, 0)
        columns.addWidget(open_box, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        outer.addWidget(title)
        outer.addWidget(intro)
        outer.addSpacing(12)
        outer.addLayout(columns)
        outer.addStretch(1)
        self.setWidget(page)
        for field in (self.form.student, self.form.advisor):
            field.returnPressed.connect(self.create_button.click)

    def new_plan(self) -> Plan:
        return self.form.plan()

    def show_recent(self, files: list[str]) -> None:
        self.recent.clear()
        for name in files:
            path = Path(name)
            item = QListWidgetItem(f"{path.name}  —  {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            self.recent.addItem(item)
        self.recent.setVisible(bool(files))
        self.no_recent.setVisible(not files)
        if files:
            self.recent.setCurrentRow(0)
