"""The window through its models and real widgets: drops, moves, removal, undo, fixes, files."""

from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QDropEvent

from advisor_app.plans import load_plan
from advisor_app.ui import mime


def term_entries(window, term_id):
    return list(window.document.plan.terms.get(term_id, ()))


def catalog_mime(window, code):
    model = window.catalog_panel.model
    return model.mimeData([model.index(model.codes.index(code))])


def test_mime_contract(window):
    data = catalog_mime(window, "AIPI 530")
    assert data.hasFormat("application/x-aipi-course")
    assert bytes(data.data("application/x-aipi-course").data()).decode("utf-8") == "AIPI 530"
    assert mime.decode(data) == (["AIPI 530"], None)


def test_drop_from_catalog_onto_a_term_then_undo_redo(window):
    column = window.grid.column("fall-2")
    data = catalog_mime(window, "AIPI 530")
    assert column.model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    column.model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    assert term_entries(window, "fall-2")[-1] == "AIPI 530"
    assert window.undo_action.text() == "Undo Add AIPI 530"
    assert column.model.rowCount() == 3
    window.document.undo_stack.undo()
    assert "AIPI 530" not in term_entries(window, "fall-2")
    window.document.undo_stack.redo()
    assert "AIPI 530" in term_entries(window, "fall-2")


def test_move_between_terms_through_the_model_and_undo(window):
    source = window.grid.column("fall-2").model
    data = source.mimeData([source.index(source.entries.index("ECE 682D"))])
    target = window.grid.column("spring-1").model
    target.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert term_entries(window, "spring-1")[0] == "ECE 682D"
    assert "ECE 682D" not in term_entries(window, "fall-2")
    assert window.undo_action.text() == "Undo Move ECE 682D"
    window.document.undo_stack.undo()
    assert "ECE 682D" in term_entries(window, "fall-2")


def test_removal_by_dropping_back_on_the_catalog_and_by_delete_key(window, qtbot):
    source = window.grid.column("fall-2").model
    data = source.mimeData([source.index(source.entries.index("ECE 682D"))])
    catalog_model = window.catalog_panel.model
    assert catalog_model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    catalog_model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert "ECE 682D" not in term_entries(window, "fall-2")
    window.document.undo_stack.undo()
    assert "ECE 682D" in term_entries(window, "fall-2")
    view = window.grid.column("fall-2").view
    view.setCurrentIndex(view.model().index(term_entries(window, "fall-2").index("ECE 682D")))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "ECE 682D" not in term_entries(window, "fall-2")
    assert window.undo_action.text() == "Undo Remove ECE 682D"


def test_real_widget_drop_event(window, qtbot):
    """The real QListView drop code (dropOn, drop position, model) with a real QDropEvent.

    Qt delivers a drop only while a platform drag runs, so the event is handed to the view's own
    dropEvent, as Qt would after QDrag.exec().
    """
    window.editor.remove("AIPI 531", "fall-1")
    view = window.grid.column("fall-2").view
    first_card = view.visualRect(view.model().index(0)).center()
    data: QMimeData = catalog_mime(window, "AIPI 531")
    event = QDropEvent(
        first_card.toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setDropAction(Qt.DropAction.CopyAction)
    view.dropEvent(event)
    assert "AIPI 531" in term_entries(window, "fall-2")
    assert (
        not event.isAccepted()
    )  # the source view must not delete rows itself: the document redraws
    grid_view = window.grid.column("fall-1").view
    moving = grid_view.model().mimeData([grid_view.model().index(0)])  # AIPI 510, from fall-1
    event = QDropEvent(
        view.viewport().rect().bottomLeft().toPointF(),
        Qt.DropAction.MoveAction,
        moving,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setDropAction(Qt.DropAction.MoveAction)
    view.dropEvent(event)
    assert "AIPI 510" in term_entries(window, "fall-2") and "AIPI 510" not in term_entries(
        window, "fall-1"
    )


def test_drag_preview_warns_before_the_drop(window):
    class HoveringDrag:  # what the view reads of a QDragMoveEvent
        def __init__(self, data):
            self.data = data

        def mimeData(self):
            return self.data

        def ignore(self):
            pass

    view = window.grid.column("summer-2").view
    view._preview(HoveringDrag(catalog_mime(window, "AIPI 530")))
    column = window.grid.column("summer-2")
    assert column.problem.isVisibleTo(window) and "not offered in Summer" in column.problem.text()
    assert view.property("dropState") == "error"
    view._end_preview()
    assert not column.problem.isVisibleTo(window)


def test_keyboard_move_to_next_and_previous_term(window, qtbot):
    window.grid.focus_card("fall-2", "ECE 682D")
    window.move_previous_action.trigger()
    assert "ECE 682D" in term_entries(window, "summer-2")
    assert window.grid.focused() == ("summer-2", "ECE 682D")
    window.move_next_action.trigger()
    assert "ECE 682D" in term_entries(window, "fall-2")
    assert window.undo_action.text() == "Undo Move ECE 682D"


def test_add_selected_catalog_course_with_the_keyboard(window, qtbot):
    panel = window.catalog_panel
    qtbot.keyClicks(panel.search, "optimization")
    assert panel.model.codes == ["AIPI 530"]
    panel.view.setCurrentIndex(panel.model.index(0))
    panel.target.setCurrentIndex(panel.target.findData("fall-2"))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert "AIPI 530" in term_entries(window, "fall-2")


def test_catalog_filters(window):
    panel = window.catalog_panel
    panel.category.setCurrentIndex(panel.category.findData("aipi-elective"))
    assert panel.model.codes and all(
        window.document.catalog.courses[c].category == "aipi-elective" for c in panel.model.codes
    )
    panel.category.setCurrentIndex(0)
    panel.season.setCurrentIndex(panel.season.findData("summer"))
    assert (
        set(panel.model.codes) >= {"AIPI 560", "AIPI 561", "MENG 550"}
        and "AIPI 510" not in panel.model.codes
    )


def test_apply_fix_from_the_findings_list(window):
    window.editor.move("AIPI 540", "spring-1", "summer-2")
    panel = window.requirements
    row = next(
        i
        for i in range(panel.findings.count())
        if panel.findings.item(i).data(Qt.ItemDataRole.UserRole).rule == "offering.term"
    )
    panel.findings.setCurrentRow(row)
    assert ("summer-2", "AIPI 540") in window.document.highlighted
    assert panel.fix_button.isEnabled()
    panel.fix_button.click()
    assert "AIPI 540" in term_entries(window, "spring-1")
    assert window.undo_action.text() == "Undo Move AIPI 540 to Spring 2027"
    assert window.status_label.text() == "No errors"


def test_waive_and_unwaive(window, monkeypatch):
    from advisor_app.ui.dialogs.waive_dialog import WaiveDialog

    window.editor.move("AIPI 540", "spring-1", "summer-2")
    panel = window.requirements
    row = next(
        i
        for i in range(panel.findings.count())
        if panel.findings.item(i).data(Qt.ItemDataRole.UserRole).rule == "offering.term"
    )
    panel.findings.setCurrentRow(row)
    monkeypatch.setattr(WaiveDialog, "ask", lambda *a, **k: "Independent study approved")
    panel.waive()
    assert window.undo_action.text() == "Undo Waive 'Not offered in that term'"
    assert any(
        f.waived and "Independent study approved" in f.message
        for f in window.document.report.findings
    )
    waived_row = next(
        i
        for i in range(panel.findings.count())
        if panel.findings.item(i).data(Qt.ItemDataRole.UserRole).waived
    )
    panel.findings.setCurrentRow(waived_row)
    panel.unwaive()
    assert not window.document.plan.waivers


def test_track_switch_relays_and_undoes(window):
    header = window.header
    before = window.document.plan
    header.track.setCurrentIndex(header.track.findData("accelerated-12"))
    header.track.activated.emit(header.track.currentIndex())
    assert window.document.plan.track == "accelerated-12"
    outside = window.grid.column("fall-2")
    assert outside is not None and outside.outside
    assert outside.title.text() == "Fall 2027"  # a term label, never the id "fall-2"
    assert outside.subtitle.text().startswith("Not in this track")
    assert any(f.rule == "length.outside-track" for f in window.document.report.findings)
    assert window.undo_action.text().startswith("Undo Change track to")
    window.document.undo_stack.undo()
    assert window.document.plan == before
    assert header.track.currentData() == "standard-16"


def test_header_and_notes_edits_are_undoable(window, qtbot):
    window.header.student_name.setText("Zhang Wei 张伟")
    window.header.student_name.editingFinished.emit()
    assert window.document.plan.student_name == "Zhang Wei 张伟"
    qtbot.keyClicks(window.requirements.notes, "abc")
    assert window.document.plan.notes == "abc"
    window.document.undo_stack.undo()  # the notes typing is one step
    assert window.document.plan.notes == ""
    window.document.undo_stack.undo()
    assert window.document.plan.student_name == "Ada Lovelace"


def test_save_and_reopen_give_the_same_plan(window, tmp_path):
    window.editor.add("AIPI 530", "fall-2")
    assert window.windowTitle().startswith("Untitled plan*")
    path = tmp_path / "ada.json"
    assert window.files.save_to(path)
    assert not window.document.modified and window.windowTitle().startswith("ada.json –")
    saved = window.document.plan
    window.editor.remove("AIPI 530", "fall-2")
    window.document.undo_stack.setClean()
    assert window.files.open_path(path)
    assert window.document.plan == saved == load_plan(path)
    assert window.files.recent_files()[0] == str(path)


def test_unwritable_save_keeps_the_plan_and_says_why(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: messages.append(text))
    window.editor.add("AIPI 530", "fall-2")
    assert not window.files.save_to(tmp_path / "missing-folder" / "plan.json")
    assert window.document.modified and "no such folder" in messages[0]


def test_open_bad_file_is_a_clear_message(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: messages.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "aipi-plan", "version": 9}', encoding="utf-8")
    before = window.document.plan
    assert not window.files.open_path(bad)
    assert "newer AIPI Advisor" in messages[0] and window.document.plan == before
    assert bad.read_text(encoding="utf-8") == '{"format": "aipi-plan", "version": 9}'


def test_unsaved_changes_prompt_before_closing(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window.editor.add("AIPI 530", "fall-2")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_layout_is_remembered(window, settings):
    window.save_layout()
    assert settings.value("window/geometry") is not None


def test_accessible_names(window):
    column = window.grid.column("fall-1")
    assert column.accessibleName().startswith("Fall 2026 term")
    index = column.model.index(0)
    assert (
        column.model.data(index, Qt.ItemDataRole.AccessibleTextRole)
        == "AIPI 510 Sourcing Data for Analytics, 3 units"
    )
    assert window.status_label.accessibleDescription() == window.status_label.text()
    window.editor.move("AIPI 540", "spring-1", "fall-1")  # an error appears
    assert "error" in window.status_label.accessibleDescription()


def test_painting_cards_keeps_none_alive(window):
    """Regression guard: PySide6 6.12.0 on Python 3.11 lost a reference to None per call (a crash)."""
    import sys

    view = window.grid.column("fall-1").view
    before = sys.getrefcount(None)
    for _ in range(30):
        view.viewport().grab()
        window.header.refresh()
    assert sys.getrefcount(None) >= before - 5


def test_a_move_repaints_the_two_terms_not_the_plan_header(window, qtbot):
    """A drop is a frame to draw in 16 ms: the header's fields, unchanged, are not repainted."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(type(watched).__name__)
            return False

    spy = Painted()
    header = window.header
    for widget in (header, header.start_year, header.student_name, header.track):
        widget.installEventFilter(spy)
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the window's first paint
    painted.clear()
    plan = window.document.plan
    term = next(t for t, entries in plan.terms.items() if t.startswith("fall") and entries)
    entry = plan.terms[term][0]
    other = next(t for t in plan.terms if t.startswith("spring"))
    window.editor.move(entry, term, other)
    qtbot.wait(20)
    assert entry in window.document.plan.terms[other]
    assert painted == []
