"""The window on the screens advisors have: codes never cut, terms side by side, nothing overlaps."""

import re

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QLabel, QStyleOptionViewItem, QWidget

from advisor_app.ui.cards import bold
from advisor_app.ui.grid.arrangement import arrange
from advisor_app.ui.main_window import MainWindow
from advisor_app.ui.models import CodeRole
from advisor_app.ui.window_geometry import PREFERRED, clamp, first_geometry
from tests.plans_for_tests import filled_template, meeting_plan

TRACKS = ["accelerated-12", "standard-16", "online-24", "bse-meng", "md-meng"]


def sized_window(qtbot, catalog_db, settings, plan, width, height):
    """A first launch on a screen of this size, in logical pixels (the offscreen screen is
    smaller than a laptop's, and has no scale factor of its own)."""
    window = MainWindow(catalog_db, plan, None, settings)
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(60)  # layouts settle (the header reflows, the grid arranges its terms)
    return window


def card_parts(view, row):
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    index = view.model().index(row, 0)
    option.rect = view.visualRect(index)
    return index, view.itemDelegate().layout(option, index), option


def assert_codes_whole(window):
    for column in window.grid.columns:
        view = column.view
        viewport = view.viewport().rect()
        for row in range(view.model().rowCount()):
            index, parts, option = card_parts(view, row)
            code = index.data(CodeRole)
            width = QFontMetrics(bold(option.font)).horizontalAdvance(code)
            where = f"{code} in {column.title.text()}"
            assert parts.code == code, f"{where}: drawn as {parts.code!r}"
            assert width <= parts.code_rect.width(), where
            assert parts.code_rect.left() >= viewport.left(), where
            assert parts.code_rect.right() <= viewport.right(), where
            if parts.tail_rect.top() == parts.code_rect.top():  # units on the code's line
                assert parts.tail_rect.left() > parts.code_rect.right(), where
            if parts.badge_rect is not None and parts.badge_rect.top() == parts.code_rect.top():
                assert parts.badge_rect.left() > parts.code_rect.right(), where


@pytest.mark.parametrize("track", TRACKS)
def test_no_course_code_is_cut_at_1280x800(qtbot, catalog_db, settings, track):
    window = sized_window(
        qtbot, catalog_db, settings, meeting_plan(catalog_db.catalog, track), 1280, 800
    )
    assert_codes_whole(window)
    grid = window.grid
    terms = len(grid.columns)
    if terms <= 5:  # every track up to five terms: side by side
        assert grid.arrangement.rows == 1, track
    else:  # the 6- and 7-term grids take two rows, and never scroll sideways
        assert grid.arrangement.rows == 2, track
    assert grid.holder.minimumWidth() <= grid.viewport().width()
    assert not grid.horizontalScrollBar().isVisible()
    # Both side panels stay open at 1280 px.
    assert window.catalog_dock.isVisible() and window.requirements_dock.isVisible()


def test_a_long_code_widens_the_columns_and_stays_whole(qtbot, catalog_db, settings):
    plan = meeting_plan(catalog_db.catalog, "standard-16")
    window = sized_window(qtbot, catalog_db, settings, plan, 1280, 800)
    before = window.grid.column_min_width()
    window.editor.add("CYBERSEC 520", "fall-2")
    window.editor.add("EGRMGMT 590", "spring-1")
    assert window.grid.column_min_width() > before
    assert_codes_whole(window)


@pytest.mark.parametrize("track", ["standard-16", "online-24"])
@pytest.mark.parametrize(
    "width, height, scale",
    [(1280, 800, 1.5), (1920, 1080, 2.0), (1280, 800, 1.0), (1920, 1080, 1.0)],
)
def test_nothing_overlaps_at_scale(qtbot, catalog_db, settings, width, height, scale, track):
    """QT_SCALE_FACTOR 1.5 on 1280x800 leaves 853x533 logical pixels; 2 on 1920x1080, 960x540
    (text keeps its size in logical pixels: the screen is what shrinks)."""
    plan = meeting_plan(catalog_db.catalog, track)
    logical = (int(width / scale), int(height / scale))
    window = sized_window(qtbot, catalog_db, settings, plan, *logical)
    assert_codes_whole(window)
    assert window.width() <= logical[0] and window.height() <= logical[1]
    # The panels sit beside the grid, never over it.
    centre = window.centralWidget().geometry()
    for dock in (window.catalog_dock, window.requirements_dock):
        if dock.isVisible():
            assert not dock.geometry().intersects(centre), dock.objectName()
    # Header labels and fields do not overlap, and every label reads whole.
    header = window.header
    parts = [w for w in header.findChildren(QWidget) if w.isVisible() and w.parent() is header]
    for position, first in enumerate(parts):
        for second in parts[position + 1 :]:
            assert not first.geometry().intersects(second.geometry()), (
                f"{first.accessibleName() or first.objectName()} overlaps "
                f"{second.accessibleName() or second.objectName()}"
            )
        if isinstance(first, QLabel):
            needed = first.fontMetrics().horizontalAdvance(first.text())
            assert needed <= first.width(), first.text()
    combo = header.track
    text_width = combo.fontMetrics().horizontalAdvance(combo.currentText())
    assert text_width < combo.width() - 20, "the track's name is cut"


def test_terms_wrap_before_they_scroll():
    assert arrange(5, 800, 600, 140, 150, 6, 4).rows == 1
    two = arrange(7, 700, 600, 140, 150, 6, 4)
    assert (two.rows, two.per_row, two.compact) == (2, 4, True)
    assert two.min_width <= 700
    # Too narrow even for two rows, and too short for three: it scrolls, the labels in each row.
    tight = arrange(7, 300, 320, 140, 150, 6, 4)
    assert tight.rows == 2 and tight.min_width > 300


def test_presentation_mode_keeps_codes_whole(qtbot, catalog_db, settings):
    plan = meeting_plan(catalog_db.catalog, "standard-16")
    window = sized_window(qtbot, catalog_db, settings, plan, 1280, 800)
    before = window.grid.column("fall-1").view.font().pointSizeF()
    window.views.presentation_action.setChecked(True)
    qtbot.wait(60)
    assert window.grid.column("fall-1").view.font().pointSizeF() > before  # larger text
    assert_codes_whole(window)


def test_first_window_fits_the_available_screen(qtbot, catalog_db, settings):
    window = MainWindow(
        catalog_db, filled_template(catalog_db.catalog, "standard-16"), None, settings
    )
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.show()
    qtbot.waitExposed(window)
    available = QGuiApplication.primaryScreen().availableGeometry()  # 1920x1080 in the tests
    assert available.contains(window.frameGeometry()) and not window.isMaximized()
    assert window.size() == PREFERRED
    assert window.minimumWidth() <= 853 and window.minimumHeight() <= 533  # fits 150 %


@pytest.mark.parametrize(
    "screen, maximised",
    [
        (QRect(0, 0, 1280, 770), True),  # a laptop, a panel at the bottom
        (QRect(0, 0, 853, 533), True),  # 1280x800 at 150 %
        (QRect(1920, 0, 2560, 1400), False),  # a second, larger monitor
    ],
)
def test_first_geometry_on_other_screens(screen, maximised):
    rect, maximise = first_geometry(screen)
    assert maximise == maximised and screen.contains(rect)


def test_window_state_is_restored_and_clamped_to_the_screen(qtbot, catalog_db, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    plan = filled_template(catalog_db.catalog, "standard-16")
    first = MainWindow(catalog_db, plan, None, settings)
    qtbot.addWidget(first)
    first.setWindowState(Qt.WindowState.WindowNoState)
    first.show()
    first.catalog_dock.hide()
    first.setGeometry(QRect(4000, 3000, 2600, 1900))  # a big screen that is gone now
    first.save_layout()
    second = MainWindow(catalog_db, plan, None, settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert available.contains(second.frameGeometry())
    assert not second.catalog_dock.isVisible()  # the panels as they were left


def test_clamp_keeps_a_rect_on_the_screen():
    screen = QRect(0, 0, 1280, 800)
    assert clamp(QRect(-300, -50, 800, 600), screen) == QRect(0, 0, 800, 600)
    assert clamp(QRect(900, 500, 800, 600), screen) == QRect(480, 200, 800, 600)
    assert clamp(QRect(0, 0, 3000, 2000), screen) == screen


def test_catalog_narrows_to_a_list(qtbot, catalog_db, settings):
    window = sized_window(
        qtbot, catalog_db, settings, meeting_plan(catalog_db.catalog, "standard-16"), 1280, 800
    )
    panel = window.catalog_panel
    dock = window.catalog_dock
    assert dock.minimumWidth() <= 260
    window.resizeDocks([dock], [dock.minimumWidth()], Qt.Orientation.Horizontal)
    qtbot.wait(60)
    assert dock.width() <= dock.minimumWidth() + 2
    view = panel.view
    for row in range(8):
        index, parts, _option = card_parts(view, row)
        assert parts.code == index.data(CodeRole)
        assert len(parts.title_lines) == 1  # one line of title per course
        assert parts.tail_rect.left() > parts.code_rect.right()
    assert panel.filters.direction().name == "TopToBottom"


def test_progress_never_reads_more_than_needed(window, catalog_db):
    for track in TRACKS:
        window.files.load_into_window(filled_template(catalog_db.catalog, track), None)
        checklist = window.requirements.checklist
        for row in range(checklist.topLevelItemCount()):
            text = checklist.topLevelItem(row).text(1)
            counted = re.match(r"([\d.]+) of ([\d.]+)", text)
            if counted:
                assert float(counted[1]) <= float(counted[2]), f"{track}: {text}"
