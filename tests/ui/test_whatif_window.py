"""What-if copies in their own window, the header's estimate, the changes since the last
approved revision, and Compare Plans, through the real widgets (offscreen)."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from advisor_app.domain.track_mapping import NOT_PLACED, map_to_track
from advisor_app.export.pdf import export_pdf
from advisor_app.ui.compare.model import LinesRole
from advisor_app.ui.compare.window import CompareWindow, PlanSource
from advisor_app.ui.dialogs.whatif_dialog import WhatIfDialog
from advisor_app.ui.panels.cost_estimate import CostDetailsDialog, details_text
from advisor_app.ui.windows import open_windows
from tests.plans_for_tests import filled_template

# Offscreen windows cannot be raised or resized by the platform; Qt says so, harmlessly.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def copy_of(qtbot, window):
    """Open a what-if copy of the window's plan on a track; closed (without asking) after."""

    def open_copy(track_id):
        catalog = window.document.catalog
        mapping = map_to_track(catalog, window.document.plan, catalog.tracks[track_id])
        copy = window.what_if.open_copy(mapping)
        qtbot.addWidget(copy, before_close_func=lambda w: w.document.undo_stack.setClean())
        return copy

    return open_copy


def test_header_shows_the_estimate_and_follows_edits(window):
    line = window.cost_estimate
    assert line.figure.text() == "Estimated cost: <b>$95,671</b>"
    assert line.caveat.text() == "estimate, 2024-25 rates"
    assert line.accessibleName() == "Estimated cost: $95,671, estimate, 2024-25 rates"
    window.editor.remove("ECE 682D", "fall-2")
    assert "$85,774" in line.figure.text()
    window.editor.change_track("md-meng")
    assert "$" in line.figure.text()
    window.document.undo_stack.undo()
    assert "$85,774" in line.figure.text()


def test_estimate_details_say_term_by_term_what_is_assumed_and_where_from(window, monkeypatch):
    catalog, plan = window.document.catalog, window.document.plan
    text = details_text(catalog, plan, window.cost_estimate.estimate)
    for expected in (
        "Fall 2026 (Fall 1): $32,990, full-time semester",
        "Fall 2027 (Fall 2): $19,794, 6 credits × $3,299",
        "Estimated total: $95,671 (estimate, 2024-25 rates)",
        "Published for this track (2024-25): $85,774 to $95,671",
        "Assumed where the program publishes no rule:",
        "https://masters.pratt.duke.edu/ai/",
        "fees",
    ):
        assert expected in text, expected
    shown = []
    monkeypatch.setattr(CostDetailsDialog, "exec", lambda self: shown.append(self) or 0)
    window.cost_estimate.details.click()
    assert shown and "$95,671" in shown[0].text.toPlainText()


def test_changes_since_approval_in_the_requirements_panel(window):
    changes = window.changes
    assert changes.isHidden()  # revision 1 was never approved
    window.editor.approve("2026-11-25", "Dr. Advisor")
    assert changes.isHidden()  # revision 1 approved: nothing before it
    window.editor.start_revision()
    assert not changes.isHidden()
    assert changes.heading.text() == "Changes since revision 1 was approved on 2026-11-25: none"
    window.editor.move("AIPI 540", "spring-1", "fall-1")
    window.editor.remove("ECE 682D", "fall-2")
    assert changes.heading.text().endswith(": 2")
    texts = [changes.list.item(i).text() for i in range(changes.list.count())]
    assert texts == [
        "→ AIPI 540 Deep Learning Applications moved from Spring 2027 to Fall 2026",
        "− ECE 682D Probabilistic Machine Learning removed from Fall 2027",
    ]
    changes.list.setCurrentRow(0)  # selecting a change highlights the card where it is now
    assert window.document.highlighted == {("fall-1", "AIPI 540")}
    changes.list.setCurrentRow(1)
    assert window.document.highlighted == set()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert changes.heading.text().endswith(": none")


def test_duplicate_as_what_if_dialog_previews_what_cannot_be_placed(qtbot, window):
    dialog = WhatIfDialog(window.document.catalog, window.document.plan, window)
    qtbot.addWidget(dialog)
    assert "nothing left out" in dialog.summary.text() and dialog.not_placed.isHidden()
    dialog.track.setCurrentIndex(dialog.track.findData("accelerated-12"))
    assert "1 could not be placed" in dialog.summary.text()
    assert dialog.not_placed.item(0).text() == (
        "ECE 682D Probabilistic Machine Learning (was in Fall 2027): no fall term of the track "
        "has room for it"
    )
    dialog.start_year.setValue(2027)
    assert "starting Summer 2027" in dialog.summary.text()
    assert dialog.mapping.plan.start_year == 2027 and dialog.mapping.plan.track == "accelerated-12"


def test_menu_action_opens_the_copy_in_a_new_window(qtbot, window, monkeypatch):
    names = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert names.index("Duplicate as &What-If…") == names.index("Save &As…") + 1

    def accept(dialog):
        dialog.track.setCurrentIndex(dialog.track.findData("accelerated-12"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WhatIfDialog, "exec", accept)
    before = window.document.plan
    copy = window.what_if.duplicate_action.trigger() or window.what_if.last_copy
    qtbot.addWidget(copy, before_close_func=lambda w: w.document.undo_stack.setClean())
    assert copy is not window and copy.document.plan.track == "accelerated-12"
    assert window.document.plan == before and not window.document.modified
    assert copy.windowTitle().startswith("Untitled plan (what-if)")
    assert copy.document.path is None and copy.document.modified  # unsaved: closing asks
    assert "ECE 682D" in copy.document.plan.terms[NOT_PLACED]
    assert "Not placed" in copy.what_if_banner.label.text()
    assert copy.grid.column(NOT_PLACED).label() == "Not placed (outside the track)"
    assert set(open_windows()) >= {window, copy}
    again = copy.what_if.open_copy(
        map_to_track(
            copy.document.catalog, copy.document.plan, copy.document.catalog.tracks["md-meng"]
        )
    )
    qtbot.addWidget(again, before_close_func=lambda w: w.document.undo_stack.setClean())
    assert again.windowTitle().startswith("Untitled plan (what-if)* –")  # not "(what-if) (what-if)"


def test_what_if_of_a_saved_plan_is_titled_after_its_file(copy_of, window, tmp_path):
    window.files.save_to(tmp_path / "ada.json")
    copy = copy_of("online-24")
    assert copy.windowTitle().startswith("ada (what-if)")
    copy.editor.remove("AIPI 503", "summer-1")
    assert copy.document.modified and not window.document.modified
    copy.files.save_to(tmp_path / "ada-online.json")
    assert copy.windowTitle().startswith("ada-online.json")


def test_compare_two_windows_live_and_a_file(qtbot, window, copy_of, tmp_path):
    copy = copy_of("accelerated-12")
    compare = window.what_if.compare_action.trigger() or window.what_if.compare_window
    qtbot.addWidget(compare)
    model = compare.model
    assert model.columnCount() == 2
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(5)] == [
        "Track",
        "Graduates",
        "Units",
        "Errors / warnings",
        "Estimated cost\n(estimate, 2024-25 rates)",
    ]
    assert model.data(model.index(4, 0)) == "$95,671"
    assert model.data(model.index(4, 1)) == "$75,877"
    assert model.data(model.index(1, 1)) == "Summer 2027"
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert rows[5:] == [
        "Summer 2026",
        "Fall 2026",
        "Spring 2027",
        "Summer 2027",
        "Fall 2027",
        "Outside the track",
    ]
    outside = model.index(rows.index("Outside the track"), 1)
    assert ("ECE 682D Probabilistic Machine Learning", "differs") in model.data(outside, LinesRole)
    assert "ECE 682D Probabilistic Machine Learning (differs: Fall 2027 in A)" in model.data(
        outside
    )

    copy.editor.move("ECE 682D", NOT_PLACED, "spring-1")  # the comparison follows the edit
    spring = model.index(rows.index("Spring 2027"), 1)
    assert ("ECE 682D Probabilistic Machine Learning", "differs") in model.data(spring, LinesRole)

    export_pdf(
        window.document.catalog,
        filled_template(window.document.catalog, "online-24"),
        tmp_path / "o.pdf",
        date(2026, 11, 25),
    )
    assert compare.add_file(tmp_path / "o.pdf", 2)
    assert model.columnCount() == 3 and model.data(model.index(4, 2)) == "$98,970"
    assert model.headerData(2, Qt.Orientation.Horizontal).startswith("C: o.pdf")
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    assert not compare.add_file(tmp_path / "bad.json", 2)
    assert compare.message.text().startswith("Cannot open bad.json:")
    assert model.columnCount() == 3


def test_compare_needs_two_plans_and_works_by_keyboard(qtbot, window, catalog):
    compare = CompareWindow(
        catalog, [PlanSource("a.json", window.document.plan, window.document)], window
    )
    qtbot.addWidget(compare)
    compare.show()
    assert compare.model.rowCount() == 0 and "Choose two or three plans" in compare.message.text()
    compare.sources.append(PlanSource("b.json", filled_template(catalog, "online-24"), None, True))
    assert compare.sources[-1].label == "b.json (file)"
    compare._fill_slots({1: 1})
    compare.refresh()
    assert compare.model.columnCount() == 2
    table = compare.table
    table.setFocus()
    table.setCurrentIndex(compare.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (1, 1)
    assert compare.width() <= 1280 and compare.height() <= 800
    assert compare.minimumSizeHint().width() <= 1280


def test_a_closed_window_stays_in_the_comparison_as_it_last_was(qtbot, window, catalog):
    copy = window.what_if.open_copy(
        map_to_track(catalog, window.document.plan, catalog.tracks["md-meng"])
    )
    compare = window.what_if.compare()
    qtbot.addWidget(compare)
    plan = copy.document.plan
    copy.document.undo_stack.setClean()  # nothing to save: closing does not ask
    copy.close()
    qtbot.waitUntil(lambda: copy not in open_windows())
    compare.refresh()
    assert compare.model.columnCount() == 2
    assert compare.chosen()[1].current() == plan
