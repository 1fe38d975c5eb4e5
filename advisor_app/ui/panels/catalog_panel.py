"""The catalog on the left: search as you type, filter by category and season, add to a term."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.catalog import CatalogDatabase
from advisor_app.ui.cards import CardDelegate
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.models import CatalogModel


class CatalogListView(QListView):
    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_requested.emit()
            return
        super().keyPressEvent(event)


class CatalogPanel(QWidget):
    def __init__(
        self, database: CatalogDatabase, document: PlanDocument, editor: PlanEditor
    ) -> None:
        super().__init__()
        self.database = database
        self.document = document
        self.editor = editor
        self.setAccessibleName("Course catalog")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        heading = QLabel("Course catalog")
        heading.setObjectName("panelHeading")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search code, title, description…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the catalog")
        self.category = QComboBox()
        self.category.setAccessibleName("Filter by category")
        self.category.addItem("All categories", "")
        for category in database.catalog.categories.values():
            self.category.addItem(category.label, category.id)
        self.season = QComboBox()
        self.season.setAccessibleName("Filter by term offered")
        for label, value in (
            ("Any term", ""),
            ("Offered in Fall", "fall"),
            ("Offered in Spring", "spring"),
            ("Offered in Summer", "summer"),
        ):
            self.season.addItem(label, value)
        self.model = CatalogModel(document, editor)
        self.view = CatalogListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(CardDelegate(self.view, show_in_plan=True))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(True)
        self.view.setAccessibleName("Courses; drag one onto a term, or press Enter to add it")
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.target = QComboBox()
        self.target.setAccessibleName("Term to add the selected course to")
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add the selected course to the chosen term")
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("Add to:"))
        add_row.addWidget(self.target, 1)
        add_row.addWidget(self.add_button)
        filters = QHBoxLayout()
        filters.addWidget(self.category, 1)
        filters.addWidget(self.season, 1)
        for item in (heading, self.search):
            layout.addWidget(item)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addLayout(add_row)
        self.search.textChanged.connect(self.apply_filters)
        self.category.currentIndexChanged.connect(self.apply_filters)
        self.season.currentIndexChanged.connect(self.apply_filters)
        self.add_button.clicked.connect(self.add_selected)
        self.view.add_requested.connect(self.add_selected)
        self.view.doubleClicked.connect(lambda _index: self.add_selected())
        document.plan_changed.connect(self.refresh_targets)
        self.refresh_targets()
        self.apply_filters()

    def refresh_targets(self) -> None:
        track = self.document.catalog.tracks.get(self.document.plan.track)
        current = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        for term in track.terms if track else ():
            self.target.addItem(
                f"{term.calendar_label(self.document.plan.start_year)} ({term.name})", term.id
            )
        if current is not None and self.target.findData(current) >= 0:
            self.target.setCurrentIndex(self.target.findData(current))
        self.target.blockSignals(False)

    def apply_filters(self) -> None:
        catalog = self.database.catalog
        query = self.search.text().strip()
        codes = self.database.search(query) if query else list(catalog.courses)
        category = self.category.currentData()
        season = self.season.currentData()
        track = catalog.tracks.get(self.document.plan.track)
        mode = track.mode if track else "on-campus"
        codes = [
            c
            for c in codes
            if c in catalog.courses
            and (not category or catalog.courses[c].category == category)
            and (not season or season in catalog.courses[c].seasons_offered(mode))
        ]
        self.model.set_codes(codes)
        self.count.setText(f"{len(codes)} of {len(catalog.courses)} courses")

    def selected_code(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.codes[index.row()] if index.isValid() else None

    def add_selected(self) -> None:
        code = self.selected_code()
        term_id = self.target.currentData()
        if code and term_id:
            self.editor.add(code, term_id)
