"""The student's record, the courses entered from outside the catalog and the advisor's exceptions,
in the window: marked, added, edited and removed, each one undoable step in plain words."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from advisor_app.domain import CourseRecord, Decision
from advisor_app.ui.dialogs.exceptions_dialog import ExceptionForm, ExceptionsDialog
from advisor_app.ui.dialogs.external_courses_dialog import (
    ExternalCourseForm,
    ExternalCoursesDialog,
)
from advisor_app.ui.dialogs.record_dialog import RecordDialog
from advisor_app.ui.models import RecordRole


def card_index(window, term_id, entry):
    model = window.grid.column(term_id).model
    return model.index(model.entries.index(entry))


def test_marking_a_course_completed_shows_on_its_card_and_in_the_header(window, monkeypatch):
    def fill(dialog):
        dialog.buttons_by_status["completed"].setChecked(True)
        dialog.grade.setCurrentIndex(dialog.grade.findData("A-"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", fill)
    window.records.edit_record("fall-1", "AIPI 510")
    assert window.document.plan.record("fall-1", "AIPI 510") == CourseRecord("completed", "A-")
    assert window.undo_action.text() == "Undo Mark AIPI 510 completed (A-)"
    index = card_index(window, "fall-1", "AIPI 510")
    assert index.data(RecordRole).completed
    assert "completed, grade A-" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    view = window.grid.column("fall-1").view
    layout = view.delegate.layout(_option(view, index), index)
    assert layout.tail.startswith("✓ A-")
    assert window.completed_units.text() == "Completed: 3 of 30 units"
    window.document.undo_stack.undo()
    assert window.completed_units.text() == "Completed: 0 of 30 units"


def _option(view, index):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return option


def test_moving_or_removing_a_completed_course_asks_first(window, monkeypatch):
    window.editor.set_record("fall-1", "AIPI 510", CourseRecord("completed", "A"))
    answers = []

    def answer(*args, **kwargs):
        answers.append(args[2])
        return answers_to_give.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    answers_to_give = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    window.editor.move("AIPI 510", "fall-1", "spring-1")
    assert "AIPI 510" in window.document.plan.terms["fall-1"]  # refused: nothing moved
    window.editor.move("AIPI 510", "fall-1", "spring-1")
    assert "AIPI 510" in window.document.plan.terms["spring-1"]
    assert window.document.plan.record("spring-1", "AIPI 510").grade == "A"  # the record moved too
    assert len(answers) == 2 and "marked completed" in answers[0]
    # A planned course moves without a question.
    window.editor.move("AIPI 520", "fall-1", "spring-1")
    assert len(answers) == 2


def test_exceptions_are_added_edited_and_removed_as_undoable_edits(window, qtbot, monkeypatch):
    dialog = ExceptionsDialog(window.document, window.editor, window)
    qtbot.addWidget(dialog)

    def fill(form):
        form.kind.setCurrentIndex(form.kind.findData("apply"))
        form.requirement.setCurrentIndex(form.requirement.findData("technical-electives"))
        form.course.setCurrentText("AIPI 530")
        form.reason.setText("")
        form.accept()  # no reason: refused, said in the form
        assert "a reason" in form.problem.text()
        form.reason.setText("Director approved, 2026-09-01")
        form.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExceptionForm, "exec", fill)
    dialog.add()
    (decision,) = window.document.plan.exceptions
    assert decision == Decision(
        "apply", "Director approved, 2026-09-01", "technical-electives", "AIPI 530"
    )
    assert window.undo_action.text().startswith("Undo Add exception: AIPI 530 counts toward")
    # AIPI 530 counts anyway: the list marks it as no longer applying.
    assert "No longer applies" in dialog.list.item(0).text()
    dialog.remove()
    assert window.document.plan.exceptions == ()
    window.document.undo_stack.undo()
    assert window.document.plan.exceptions == (decision,)


def test_an_entered_course_is_placed_counted_and_undone_in_one_step(window, qtbot, monkeypatch):
    dialog = ExternalCoursesDialog(window.document, window.editor, window)
    qtbot.addWidget(dialog)

    def fill(form):
        form.code.setText("aipi590-07")
        form.title.setText("Special Topics: Agents")
        form.category.setCurrentIndex(form.category.findData("aipi-elective"))
        form.term.setCurrentIndex(form.term.findData("fall-2"))
        form.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExternalCourseForm, "exec", fill)
    dialog.add()
    plan = window.document.plan
    assert [c.code for c in plan.external_courses] == ["AIPI 590-07"]
    assert "AIPI 590-07" in plan.terms["fall-2"]
    index = card_index(window, "fall-2", "AIPI 590-07")
    assert index.data(Qt.ItemDataRole.DisplayRole) == "AIPI 590-07 Special Topics: Agents"
    assert "course.unknown" not in {f.rule for f in window.document.report.raw}
    assert "in the plan" in dialog.list.item(0).text()
    window.document.undo_stack.undo()
    plan = window.document.plan
    assert plan.external_courses == () and "AIPI 590-07" not in plan.terms.get("fall-2", ())


def test_the_entered_course_form_refuses_a_catalog_code(window, qtbot):
    form = ExternalCourseForm(window.document, None, window)
    qtbot.addWidget(form)
    form.code.setText("AIPI 530")
    form.accept()
    assert "in the catalog" in form.problem.text() and form.course is None


def test_the_plan_menu_names_its_actions(window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    plan_menu = menus["&Plan"]
    texts = [a.text() for a in plan_menu.actions()]
    assert texts == ["Course &Record…", "&Exceptions…", "Courses from &Outside the Catalog…"]
