"""The catalog on the left: search as you type, filter by category and season, add to a term.

A search shows its best matches first, a page at a time: "50 of 1,204 matches" says how
many there are, and Show more (or scrolling to the end) brings the next page, so a keystroke costs
the same at 40 courses as at 10,000. It narrows to a list of codes and one-line titles; the filter
and add rows stack when narrow.
From the keyboard: type in the search, Down enters the results, Enter adds the course to the
first term where it runs and fits (or to the term chosen under "Add to").
"""

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from advisor_app.catalog import CatalogDatabase, CatalogError, SearchResult
from advisor_app.rules.preview import suggest_term
from advisor_app.ui.cards import CardDelegate, bold
from advisor_app.ui.document import PlanDocument
from advisor_app.ui.editor import PlanEditor
from advisor_app.ui.grid.term_column import ElidedLabel
from advisor_app.ui.models import CatalogModel

FIRST_FIT = ""  # the "Add to" choice that lets the plan decide
PAGE = 50  # rows a search shows at first, and adds with each "Show more" (a screen is ~15)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CatalogListView(QListView):
    add_requested = Signal()
    left_at_top = Signal()  # Up on the first row: back to the search field

    def __init__(self) -> None:
        super().__init__()
        # The list paints all of itself, its background first: a keystroke then repaints the
        # list alone, not the window, the dock and the panel beneath it too.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        painter = QPainter(viewport)
        painter.fillRect(event.rect(), viewport.palette().brush(viewport.backgroundRole()))
        painter.end()
        super().paintEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS:
            self.add_requested.emit()
            return
        if event.key() == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.left_at_top.emit()
            return
        super().keyPressEvent(event)


class CountLabel(ElidedLabel):
    """How many courses are shown: one line, elided when narrow (ElidedLabel), read to a screen
    reader as the label's description. Its size never follows its text, as a QLabel's does: a
    keystroke that changes the count would lay out the dock and the window again, and repaint
    the whole grid beside them. So the text is kept here, not given to QLabel (whose setText
    asks for a new layout)."""

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleDescription(text)
            self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("…") * 3, metrics.height() + 4)


class CatalogPanel(QWidget):
    course_added = Signal(str, str)  # term id, entry: the window selects the new card
    message = Signal(str)  # for the status bar: where a course went, or why it did not

    def __init__(
        self, database: CatalogDatabase, document: PlanDocument, editor: PlanEditor
    ) -> None:
        super().__init__()
        self.database = database
        self.document = document
        self.editor = editor
        self.setAccessibleName("Course catalog")
        # Opaque (it paints all of itself, in the window's colour: style.qss): a keystroke
        # repaints the search field, the count and the changed rows, not the dock and the window
        # behind them as well.
        self.setObjectName("catalogPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        layout = self.box = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search code, title, description…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the catalog")
        self.search.setAccessibleDescription("Down enters the results; Enter adds the first one")
        self.search.installEventFilter(self)
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
        for combo in (self.category, self.season):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.model = CatalogModel(document, editor)
        self.view = CatalogListView()
        self.view.setObjectName("catalogList")
        self.view.setModel(self.model)
        # Cards drawn where they go, never kept as pictures: a keystroke repaints only the rows
        # whose course changed (CatalogModel.set_codes), and those are mostly new to the screen.
        self.view.setItemDelegate(CardDelegate(self.view, show_in_plan=True, title_lines=1))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(True)
        self.view.setAccessibleName("Courses; drag one onto a term, or press Enter to add it")
        self.count = CountLabel()
        self.count.setObjectName("hint")
        self.count.setAccessibleName("Courses shown")
        self.more_button = QPushButton("Show more")
        self.more_button.setObjectName("showMore")
        self.more_button.setAccessibleName("Show more matching courses")
        self.more_button.setToolTip(f"The next {PAGE} matches (scrolling to the end does it too)")
        self.more_button.setFlat(True)
        # Shown and hidden as you type: its room is kept, so the count and the list stay put.
        policy = self.more_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.more_button.setSizePolicy(policy)
        self.more_button.hide()
        self.count_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.count_row.addWidget(self.count, 1)
        self.count_row.addWidget(self.more_button)
        self.target = QComboBox()
        self.target.setAccessibleName("Term to add the selected course to")
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(8)
        self.add_button = QPushButton("Add")
        self.add_button.setAccessibleName("Add the selected course to the chosen term")
        target_label = QLabel("Add to:")
        target_label.setBuddy(self.target)
        self.filters = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.filters.addWidget(self.category, 1)
        self.filters.addWidget(self.season, 1)
        self.add_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.add_row.addWidget(target_label)
        self.add_row.addWidget(self.target, 1)
        self.add_row.addWidget(self.add_button)
        layout.addWidget(self.search)
        layout.addLayout(self.filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.count_row)
        layout.addLayout(self.add_row)
        self.search.textChanged.connect(self.apply_filters)
        self.category.currentIndexChanged.connect(self.apply_filters)
        self.season.currentIndexChanged.connect(self.apply_filters)
        self.add_button.clicked.connect(self.add_selected)
        self.more_button.clicked.connect(self.show_more)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.view.add_requested.connect(self.add_selected)
        self.view.left_at_top.connect(lambda: self.search.setFocus(Qt.FocusReason.OtherFocusReason))
        self.view.doubleClicked.connect(lambda _index: self.add_selected())
        document.plan_changed.connect(self.refresh_targets)
        document.plan_changed.connect(self._follow_track_mode)
        self.refresh_targets()
        self.shown_limit = PAGE
        self.result = SearchResult([], 0)
        self._searched_mode = ""  # the track's mode the shown search was made for
        self.apply_filters()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)

    def minimum_list_width(self) -> int:
        """The narrowest the catalog gets: every code whole, beside a check mark and its units."""
        font = self.view.font()
        widest = CardDelegate.width_for_code(font, self._widest_code(font))
        tail = self.view.fontMetrics().horizontalAdvance("✓ 1.5 u") + 8
        return widest + tail + self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)

    def _widest_code(self, font: QFont) -> str:
        """The code drawn widest in bold `font`, measuring only the codes that could be: each
        code's width is first estimated from its characters' (kerning moves a character by less
        than a pixel), then every code whose estimate could beat the likeliest one's measured
        width is measured (10,000 codes, a handful measured, none sorted)."""
        metrics = QFontMetrics(bold(font))
        codes = list(self.document.catalog.courses)
        if not codes:
            return ""
        advance = {char: metrics.horizontalAdvance(char) for char in set("".join(codes))}
        estimates = [sum(map(advance.__getitem__, code)) for code in codes]
        likeliest = codes[max(range(len(codes)), key=estimates.__getitem__)]
        width = metrics.horizontalAdvance(likeliest)
        widest = likeliest
        for code, guess in zip(codes, estimates, strict=True):
            if guess + len(code) >= width and code != widest:
                measured = metrics.horizontalAdvance(code)
                if measured > width:
                    widest, width = code, measured
        return widest

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self.box.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        for row in (self.filters, self.add_row):
            items = [row.itemAt(i) for i in range(row.count())]
            parts = [item.widget() for item in items if item is not None]
            needed = sum(self._natural_width(p) for p in parts if p) + row.spacing() * len(parts)
            # Side by side when they fit; one above the other in a narrow catalog.
            direction = (
                QBoxLayout.Direction.LeftToRight
                if needed <= room
                else QBoxLayout.Direction.TopToBottom
            )
            if row.direction() != direction:
                row.setDirection(direction)

    def _natural_width(self, widget: QWidget) -> int:
        """A widget's width showing its longest choice (combo boxes), else its size hint."""
        if isinstance(widget, QComboBox):
            texts = [widget.itemText(i) for i in range(widget.count())]
            longest = max((widget.fontMetrics().horizontalAdvance(t) for t in texts), default=0)
            return longest + 36  # frame and arrow
        return widget.sizeHint().width()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.enter_results()
                return True
            if event.key() in ENTER_KEYS and self.model.rowCount():
                if not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(self.model.index(0))
                self.add_selected()
                return True
        return super().eventFilter(watched, event)

    def enter_results(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0))

    def refresh_targets(self) -> None:
        plan = self.document.plan
        track = self.document.catalog.tracks.get(plan.track)
        choices = [("First term that fits", FIRST_FIT)] + [
            (f"{term.calendar_label(plan.start_year)} ({term.name})", term.id)
            for term in (track.terms if track else ())
        ]
        shown = [
            (self.target.itemText(i), self.target.itemData(i)) for i in range(self.target.count())
        ]
        if choices == shown:  # the usual edit: same track, same year; nothing to repaint
            return
        current = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        for text, term_id in choices:
            self.target.addItem(text, term_id)
        if current is not None and self.target.findData(current) >= 0:
            self.target.setCurrentIndex(self.target.findData(current))
        self.target.blockSignals(False)

    def _track_mode(self) -> str:
        track = self.database.catalog.tracks.get(self.document.plan.track)
        return track.mode if track else "on-campus"

    def _follow_track_mode(self) -> None:
        """A track of the other mode (online, on campus) offers courses in other terms: a season
        filter then finds other courses, so the search is made again."""
        if self.season.currentData() and self._track_mode() != self._searched_mode:
            self.apply_filters()

    def apply_filters(self) -> None:
        """A new search: its first page, the best matches first."""
        self.shown_limit = PAGE
        self._search(more=False)

    def show_more(self) -> None:
        """The next page of the same search, below the rows already shown."""
        if self.result.exact and len(self.result.codes) >= self.result.total:
            return
        self.shown_limit += PAGE
        self._search(more=True)

    def _search(self, more: bool) -> None:
        catalog = self.database.catalog
        self._searched_mode = self._track_mode()
        try:
            self.result = self.database.search_counted(
                self.search.text().strip(),
                self.shown_limit,
                self.category.currentData() or "",
                self.season.currentData() or "",
                self._searched_mode,
            )
            codes = [code for code in self.result.codes if code in catalog.courses]
            # More of the same list, below what is shown; else (the plan's track changed the
            # season filter's meaning meanwhile) a new list, as a new search.
            more = more and self.model.extends(codes)
            if not more:  # the cards about to be painted, read in one query
                self.database.prefetch(codes[: self._rows_in_view()])
        except CatalogError as error:
            # A search index, or a course found, damaged inside: the list says so, naming it;
            # the plan and its checks go on.
            self.result = SearchResult([], 0, exact=True)
            self.model.set_codes([])
            self.count.setText(f"Search unavailable: {error}")
            self.more_button.setVisible(False)
            self.message.emit(str(error))
            return
        if more:
            self.model.extend_codes(codes)
        else:
            # A new search starts with nothing chosen, at its best match (Enter adds that one).
            if self.view.currentIndex().isValid():
                self.view.selectionModel().clear()
            self.view.scrollToTop()
            self.model.set_codes(codes)
        self.count.setText(self._count_text())
        complete = self.result.exact and len(self.result.codes) >= self.result.total
        self.more_button.setVisible(not complete)

    def _rows_in_view(self) -> int:
        delegate = self.view.itemDelegate()
        assert isinstance(delegate, CardDelegate)
        row = delegate.card_height(self.view.font())
        return self.view.viewport().height() // max(row, 1) + 1

    def _count_text(self) -> str:
        result, size = self.result, len(self.database.catalog.courses)
        filtered = self.search.text().strip() or self.category.currentData()
        if not result.codes:
            return "No course matches" if size else "The catalog has no courses"
        if not (filtered or self.season.currentData()) and len(result.codes) < size:
            return f"{len(result.codes):,} of {size:,} courses"
        return result.describe(size)

    def _scrolled(self, value: int) -> None:
        """At the end of the list, the next page comes (as Show more would bring it)."""
        bar = self.view.verticalScrollBar()
        if value and value >= bar.maximum() and self.more_button.isVisible():
            self.show_more()

    def selected_code(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.codes[index.row()] if index.isValid() else None

    def add_selected(self) -> None:
        """Add the current course: to the "Add to" term when one is chosen, else where it fits."""
        code = self.selected_code()
        if code is None:
            self.message.emit("Choose a course in the catalog first")
            return
        plan = self.document.plan
        term_id = self.target.currentData() or suggest_term(self.document.catalog, plan, code)
        if not term_id:
            where = (
                "is already in the plan"
                if plan.contains(code)
                else "does not run in a term of this track where it fits"
            )
            self.message.emit(f"{code} {where}: choose a term under Add to, or drag it")
            return
        if self.editor.add(code, term_id):
            label = self.document.catalog.term_label(plan.track, term_id, plan.start_year)
            self.message.emit(f"Added {code} to {label}")
            self.course_added.emit(term_id, self.document.catalog.canonical(code))
