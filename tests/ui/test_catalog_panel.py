"""The catalog panel at any size: a bounded first page, an honest "N of M", Show more
(or scrolling to the end), and an edit repaints only the rows whose mark changed."""

import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest

from advisor_app.catalog import open_catalog
from advisor_app.ui.main_window import MainWindow
from advisor_app.ui.models import InPlanRole
from advisor_app.ui.panels.catalog_panel import PAGE
from tests.catalog.test_catalog import damage_search_indexes
from tests.conftest import REPO
from tests.plans_for_tests import filled_template

COURSES = 1_500


@pytest.fixture(scope="session")
def large_catalog(tmp_path_factory):
    """The real catalog's sources plus generated graduate courses (bench/make_big_catalog.py)."""
    path = tmp_path_factory.mktemp("large") / "catalog.sqlite"
    subprocess.run(
        [sys.executable, "bench/make_big_catalog.py", str(path), "--courses", str(COURSES)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    database = open_catalog(path)
    yield database
    database.close()


@pytest.fixture
def large_window(qtbot, large_catalog, settings):
    window = MainWindow(
        large_catalog, filled_template(large_catalog.catalog, "standard-16"), None, settings
    )
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.resize(1280, 800)
    window.show()
    return window


def test_the_real_catalog_fits_on_one_page(window):
    panel = window.catalog_panel
    assert panel.model.rowCount() == 39 and panel.count.text() == "39 of 39 courses"
    assert panel.more_button.isHidden()
    panel.search.setText("learning")
    assert panel.count.text() == f"{panel.model.rowCount()} of 39 courses"
    assert panel.more_button.isHidden()


def test_a_large_catalog_shows_a_page_and_says_how_many_there_are(large_window):
    panel = large_window.catalog_panel
    assert panel.model.rowCount() == PAGE
    assert panel.count.text() == f"{PAGE} of {COURSES:,} courses"
    assert not panel.more_button.isHidden()
    panel.search.setText("l")  # thousands of matches: counted up to a bound
    assert panel.model.rowCount() == PAGE
    assert panel.count.text() == f"{PAGE} of 1,000+ matches"
    panel.search.setText("robotics vision")
    result = panel.result
    assert result.exact and PAGE < result.total <= 1000
    assert panel.count.text() == f"{PAGE} of {result.total:,} matches"
    titles_first = panel.model.codes[:3]
    assert all(
        "robotics" in (course := large_window.document.catalog.courses[code]).title.lower()
        or "robotics" in course.code.lower()
        for code in titles_first
    )  # matches in the title rank before matches in the description


def test_show_more_adds_the_next_page_below_and_keeps_the_selection(large_window):
    panel = large_window.catalog_panel
    panel.view.setCurrentIndex(panel.model.index(5))
    chosen = panel.selected_code()
    inserted = []
    panel.model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    panel.more_button.click()
    assert inserted == [(PAGE, 2 * PAGE - 1)] and panel.selected_code() == chosen
    assert panel.count.text() == f"{2 * PAGE} of {COURSES:,} courses"
    while not panel.more_button.isHidden():
        panel.more_button.click()
    assert panel.model.rowCount() == COURSES
    assert panel.count.text() == f"{COURSES:,} of {COURSES:,} courses"
    panel.search.setText("x")  # a new search starts again at its first page
    assert panel.model.rowCount() <= PAGE


def test_scrolling_to_the_end_brings_the_next_page(large_window, qtbot):
    panel = large_window.catalog_panel
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert panel.model.rowCount() == 2 * PAGE
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(2 * PAGE - 2))
    QTest.keyClick(panel.view, Qt.Key.Key_Down)  # the keyboard reaches the end the same way
    QTest.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.model.rowCount() == 3 * PAGE
    assert panel.view.currentIndex().row() == 2 * PAGE


def test_filters_apply_to_the_whole_catalog_not_to_the_page(large_window):
    panel = large_window.catalog_panel
    catalog = large_window.document.catalog
    panel.category.setCurrentIndex(panel.category.findData("technical-core"))
    codes = panel.model.codes
    assert codes and all(catalog.courses[c].category == "technical-core" for c in codes)
    assert panel.count.text() == f"{len(codes)} of {COURSES:,} courses"
    panel.category.setCurrentIndex(0)
    panel.season.setCurrentIndex(panel.season.findData("summer"))
    codes = panel.model.codes
    assert codes and all("summer" in catalog.courses[c].on_campus for c in codes)
    assert panel.more_button.isHidden()


def test_an_edit_repaints_only_the_rows_whose_mark_changed(large_window):
    panel = large_window.catalog_panel
    while not panel.more_button.isHidden():
        panel.more_button.click()  # every row of the catalog shown
    model = panel.model
    code = next(c for c in model.codes if c.startswith("BME"))
    row = model.codes.index(code)
    repainted = []
    model.dataChanged.connect(
        lambda first, last, roles: repainted.append((first.row(), last.row()))
    )
    model.modelReset.connect(lambda: repainted.append("reset"))
    assert large_window.editor.add(code, "fall-1")
    assert repainted == [(row, row)] and model.data(model.index(row), InPlanRole)
    repainted.clear()
    large_window.editor.set_notes("A note: no mark changes")
    assert repainted == []
    large_window.document.undo_stack.undo()
    large_window.document.undo_stack.undo()
    assert repainted == [(row, row)] and not model.data(model.index(row), InPlanRole)


def test_a_course_dragged_from_the_second_page_is_added(large_window):
    panel = large_window.catalog_panel
    panel.more_button.click()
    model = panel.model
    code = model.codes[PAGE + 3]
    data = model.mimeData([model.index(PAGE + 3)])
    column = large_window.grid.column("spring-1")
    column.model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    assert code in large_window.document.plan.terms["spring-1"]


def test_the_catalog_is_never_narrower_than_its_widest_code(large_window):
    """Found without measuring every code, and the same as measuring every one."""
    from advisor_app.ui.cards import CardDelegate

    panel = large_window.catalog_panel
    font = panel.view.font()
    codes = large_window.document.catalog.courses
    every = max(CardDelegate.width_for_code(font, code) for code in codes)
    assert CardDelegate.width_for_code(font, panel._widest_code(font)) == every
    assert panel.minimum_list_width() >= every


def test_a_keystroke_tells_the_view_only_which_rows_changed(large_window):
    """Narrowing a search keeps its first rows: they are not repainted, and nothing is reset."""
    panel = large_window.catalog_panel
    model = panel.model
    panel.search.setText("machine learn")
    before = list(model.codes)
    changes = []
    model.dataChanged.connect(lambda first, last, _roles: changes.append((first.row(), last.row())))
    model.modelReset.connect(lambda: changes.append("reset"))
    model.rowsRemoved.connect(lambda _p, first, last: changes.append(("removed", first, last)))
    model.rowsInserted.connect(lambda _p, first, last: changes.append(("inserted", first, last)))
    panel.search.setText("machine learni")
    after = model.codes
    differing = [row for row in range(min(len(before), len(after))) if before[row] != after[row]]
    expected = [(row, row) for row in differing]
    if len(after) < len(before):
        expected.insert(0, ("removed", len(after), len(before) - 1))
    elif len(after) > len(before):
        expected.insert(0, ("inserted", len(before), len(after) - 1))
    assert changes == expected
    assert [model.data(model.index(row), Qt.ItemDataRole.DisplayRole) for row in range(3)] == [
        model.data(model.index(row), Qt.ItemDataRole.DisplayRole) for row in range(3)
    ]
    panel.search.setText("robotics")  # a different search: other rows, fewer of them or not
    assert (
        model.codes
        == panel.database.search_counted(
            "robotics", PAGE, "", "", large_window.document.catalog.tracks["standard-16"].mode
        ).codes
    )


def test_a_new_search_starts_at_its_first_match_with_nothing_chosen(large_window, qtbot):
    panel = large_window.catalog_panel
    panel.view.setCurrentIndex(panel.model.index(4))
    panel.view.verticalScrollBar().setValue(panel.view.verticalScrollBar().maximum())
    panel.search.setFocus()
    QTest.keyClicks(panel.search, "a")
    assert not panel.view.currentIndex().isValid()
    assert panel.view.verticalScrollBar().value() == 0
    first = panel.model.codes[0]
    QTest.keyClick(panel.search, Qt.Key.Key_Return)  # Enter adds the best match, not row 4
    assert large_window.document.plan.contains(first)


def test_a_keystroke_repaints_the_catalog_not_the_dock_or_the_grid(large_window, qtbot):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QListView

    painted: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(watched.objectName() or type(watched).__name__)
            return False

    spy = Painted()
    panel = large_window.catalog_panel
    watched = [panel.parentWidget()] + [
        view.viewport() for view in large_window.grid.findChildren(QListView)
    ]
    for widget in watched:
        widget.installEventFilter(spy)
    panel.search.setFocus()
    qtbot.waitExposed(large_window)
    qtbot.wait(50)  # the window's first paint
    painted.clear()
    QTest.keyClicks(panel.search, "data scien")  # the count changes, Show more comes and goes
    qtbot.wait(20)
    assert painted == []
    assert panel.more_button.isHidden() and panel.count.text().endswith("courses")


def test_a_track_of_the_other_mode_searches_the_season_filter_again(large_window):
    """Online and on-campus tracks offer courses in different terms: "Offered in Fall" finds
    other courses when the track's mode changes, and the row chosen before is not kept."""
    panel = large_window.catalog_panel
    catalog = large_window.document.catalog
    panel.season.setCurrentIndex(panel.season.findData("fall"))
    assert catalog.tracks["standard-16"].mode != catalog.tracks["online-24"].mode
    panel.view.setCurrentIndex(panel.model.index(3))
    large_window.editor.change_track("online-24")
    online = [c for c in panel.model.codes if "fall" in catalog.courses[c].online]
    assert panel.model.codes and online == panel.model.codes
    assert not panel.view.currentIndex().isValid()
    panel.show_more()  # the same search, more of it: nothing chosen appears
    assert not panel.view.currentIndex().isValid()


def test_the_count_past_the_counted_matches_stays_true():
    from advisor_app.catalog import SearchResult

    shown = [f"X {n}" for n in range(1_050)]
    assert SearchResult(shown[:50], 1_000, exact=False).describe(10_000) == "50 of 1,000+ matches"
    assert SearchResult(shown, 1_000, exact=False).describe(10_000) == "1,050 of 1,050+ matches"
    assert SearchResult(shown[:50], 1_204).describe(10_000) == "50 of 1,204 matches"
    assert SearchResult(shown[:12], 12).describe(39) == "12 of 39 courses"


def test_show_more_is_reached_by_tab_and_its_focus_ring_fits(styled, large_window, qtbot):
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    panel = large_window.catalog_panel
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_Tab)
    button = panel.more_button
    assert large_window.focusWidget() is button
    option = QStyleOptionButton()
    button.initStyleOption(option)
    assert option.state & QStyle.StateFlag.State_HasFocus
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    assert room.width() >= button.fontMetrics().horizontalAdvance(button.text())  # never cut


def test_no_match_says_so(large_window):
    panel = large_window.catalog_panel
    panel.search.setText("xyzzyplugh")
    assert panel.model.rowCount() == 0 and panel.count.text() == "No course matches"
    assert panel.more_button.isHidden()


def test_a_damaged_search_index_empties_the_list_and_says_so(qtbot, settings, tmp_path):
    """Not a crash dialog at the first keystroke: the list says why it is empty, the status bar
    says how to mend it, and the plan goes on being checked."""
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    damage_search_indexes(path)
    database = open_catalog(path)
    window = MainWindow(database, filled_template(database.catalog, "standard-16"), None, settings)
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.show()
    panel = window.catalog_panel
    assert panel.model.rowCount() == 39  # no words: the list needs no index
    with qtbot.waitSignal(panel.message) as said:
        QTest.keyClicks(panel.search, "d")
    assert "catalog build" in said.args[0]
    assert panel.model.rowCount() == 0 and panel.more_button.isHidden()
    assert panel.count.text().startswith("Search unavailable: ")
    panel.search.clear()  # no words again: the whole list is back
    assert panel.model.rowCount() == 39 and panel.count.text() == "39 of 39 courses"
    window.close()
    database.close()


def test_a_course_damaged_inside_found_by_a_search_is_named_not_a_crash(
    qtbot, settings, tmp_path, monkeypatch
):
    """Found in stop 25: a course changed after the build (a 301-character title), not in the
    plan, gave 'Something went wrong' when a search showed it."""
    import sqlite3
    import sys

    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    with sqlite3.connect(path) as connection:
        connection.execute("update courses set title = ? where code = 'STA 640'", ("T" * 301,))
    connection.close()
    database = open_catalog(path)
    window = MainWindow(database, filled_template(database.catalog, "standard-16"), None, settings)
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.show()
    monkeypatch.setattr(sys, "excepthook", lambda *a: pytest.fail(f"unexpected: {a[1]}"))
    panel = window.catalog_panel
    with qtbot.waitSignal(panel.message) as said:
        QTest.keyClicks(panel.search, "sta")
    assert "course 'STA 640': a name is over 300 characters" in said.args[0]
    assert panel.count.text().startswith("Search unavailable: ") and panel.model.rowCount() == 0
    window.close()
    database.close()
