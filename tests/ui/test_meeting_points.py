"""Each smaller point of the meeting, fixed: findings whole, highlights that follow their finding,
waivers that say why, focus that stays put, read-only that looks it, files where the plan is."""

import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QStyleOptionViewItem

from advisor_app.domain import edits
from advisor_app.plans import save_plan
from advisor_app.rules import Finding
from advisor_app.ui.dialogs.waive_dialog import REASON_NEEDED, WaiveDialog
from advisor_app.ui.models import SeverityRole, TitleRole, UnitsRole
from advisor_app.ui.panels.findings_list import FindingRole, finding_parts
from tests.conftest import REPO
from tests.plans_for_tests import filled_template, meeting_plan


@pytest.fixture
def window(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def select_finding(window, rule: str) -> Finding:
    findings = window.requirements.findings
    for row in range(findings.count()):
        finding = findings.item(row).data(FindingRole)
        if finding.rule == rule:
            findings.setCurrentRow(row)
            return finding
    raise AssertionError(f"no {rule} finding")


def misplace_aipi_540(window) -> None:
    window.editor.move("AIPI 540", "spring-1", "summer-2")  # not offered in Summer on campus


def test_each_finding_is_shown_whole_with_its_fix_line(window, qtbot):
    misplace_aipi_540(window)
    window.editor.remove("AIPI 561", "summer-2")  # a requirement finding with an add fix
    findings = window.requirements.findings
    findings.resize(findings.width(), 1200)
    qtbot.wait(20)
    delegate = findings.itemDelegate()
    assert findings.count() >= 2
    with_fix = 0
    for row in range(findings.count()):
        item = findings.item(row)
        finding = item.data(FindingRole)
        option = QStyleOptionViewItem()
        findings.initViewItemOption(option)
        rect = findings.visualItemRect(item)
        blocks = delegate._blocks(option, finding, rect.width() - 18)
        needed = blocks[-1][2].bottom()
        assert needed < rect.height(), f"{finding.title}: {needed} px in a {rect.height()} px row"
        texts = [text for _, text, _ in blocks]
        assert texts[0].endswith(finding.title)
        if finding.fix:
            with_fix += 1
            assert texts[-1] == f"Fix: {finding.fix.description}"
    assert with_fix >= 2


def test_the_highlight_clears_when_its_finding_is_fixed(window):
    misplace_aipi_540(window)
    select_finding(window, "offering.term")
    assert ("summer-2", "AIPI 540") in window.document.highlighted
    window.requirements.apply_fix()
    assert not window.document.highlighted
    assert "AIPI 540" in window.document.plan.terms["spring-1"]


def test_the_highlight_clears_when_its_finding_is_waived(window, monkeypatch):
    misplace_aipi_540(window)
    select_finding(window, "offering.term")
    monkeypatch.setattr(WaiveDialog, "ask", lambda *a, **k: "Independent study approved")
    window.requirements.waive()
    assert not window.document.highlighted
    finding = window.requirements.current_finding()
    assert finding is not None and finding.waived  # still selected, as a waived finding


def test_the_highlight_stays_while_its_finding_does(window):
    misplace_aipi_540(window)
    select_finding(window, "offering.term")
    window.header.student_name.setText("Ada King")
    window.header.student_name.editingFinished.emit()  # an unrelated edit
    assert ("summer-2", "AIPI 540") in window.document.highlighted


def test_waive_with_an_empty_reason_says_why(window, qtbot):
    misplace_aipi_540(window)
    finding = select_finding(window, "offering.term")
    dialog = WaiveDialog(finding, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("   ")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem.isVisible() and dialog.problem.text() == REASON_NEEDED
    qtbot.keyClicks(dialog.reason, "Tested out")
    assert not dialog.problem.isVisible()
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_after_apply_fix_the_keyboard_stays_in_the_findings(window, qtbot):
    misplace_aipi_540(window)
    select_finding(window, "offering.term")
    panel = window.requirements
    panel.fix_button.setFocus()
    qtbot.keyClick(panel.fix_button, Qt.Key.Key_Space)
    assert "AIPI 540" in window.document.plan.terms["spring-1"]
    assert not panel.notes.hasFocus() and panel.findings.hasFocus()


def approve(window) -> None:
    window.editor.approve(date(2026, 11, 25).isoformat(), "Dr. Advisor")


def test_after_start_new_revision_the_student_name_is_not_selected(window, qtbot):
    approve(window)
    button = window.lock_banner.revision_button
    assert button.isVisibleTo(window)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert not window.document.plan.locked
    name = window.header.student_name
    assert name.selectedText() == ""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_X)  # a stray key replaces nothing
    assert name.text() == "Ada Lovelace"


def background(widget) -> QColor:
    return widget.grab().toImage().pixelColor(QPoint(widget.width() // 2, widget.height() - 4))


def test_read_only_fields_look_read_only(styled, window, qtbot):
    window.requirements.notes.setPlainText("")  # the colour under no text
    fields = [window.header.student_name, window.header.start_year, window.requirements.notes]
    editable = [background(field) for field in fields]
    approve(window)
    qtbot.wait(10)
    for field, before in zip(fields, editable, strict=True):
        assert field.isReadOnly()
        assert background(field) != before, field.accessibleName()


def test_file_dialogs_open_in_the_plans_folder(window, tmp_path, monkeypatch):
    folder = tmp_path / "advising" / "2026"
    folder.mkdir(parents=True)
    assert window.files.save_to(folder / "ada.json")
    asked = []

    def answer(*args, **_kwargs):
        asked.append(Path(args[2]))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    window.files.open_dialog()
    window.files.save_as()
    window.exports.export_dialog()
    assert asked[0] == folder
    assert asked[1] == folder / "ada.json"
    assert asked[2].parent == folder and asked[2].suffix == ".pdf"


def test_a_settings_file_with_a_hundred_thousand_recent_files_lists_eight(window, settings):
    """Found in stop 25: each stored entry became a menu item (10 s to show, minutes to quit)."""
    settings.setValue("files/recent", [f"/plans/p{i}.json" for i in range(100_000)] + ["a\0b"])
    settings.setValue("files/lastFolder", "/" + "x" * 10_000)
    window.files._refresh_recent()
    assert len(window.files.recent_menu.actions()) == 8
    assert window.files.recent_files()[0] == "/plans/p0.json"
    settings.setValue("files/recent", ["a\0b", 7, "/plans/ok.json"])
    assert window.files.recent_files() == ["/plans/ok.json"]
    assert window.files.folder() != "/" + "x" * 10_000


def test_open_recent_lists_saved_files(window, tmp_path):
    path = tmp_path / "ada.json"
    window.files.save_to(path)
    recent = [a.text() for a in window.files.recent_menu.actions()]
    assert recent[0] == str(path.resolve())


def test_app_start_remembers_the_plan_given_on_the_command_line(start_app, catalog, tmp_path):
    """app.main with a plan: Open Recent lists it. Without: the start screen."""
    plan_path = tmp_path / "ada.json"
    save_plan(filled_template(catalog, "online-24"), plan_path)
    opened = start_app(str(plan_path))
    assert not opened.on_start_page
    assert opened.files.recent_files()[0] == str(plan_path.resolve())
    fresh = start_app()
    assert fresh.on_start_page and not fresh.catalog_dock.isVisible()
    assert fresh.start_page.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(
        plan_path.resolve()
    )


def test_a_catalog_with_an_unreadable_course_is_said_in_a_dialog_at_start(
    qapp, catalog, tmp_path, monkeypatch
):
    """Courses are read when first needed: a damaged row met while the window is made is the
    'catalog unavailable' dialog and exit 2, as a damaged file is when opened."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    import advisor_app.app as app_module

    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "home"))
    broken = tmp_path / "catalog.sqlite"
    broken.write_bytes((REPO / "data" / "catalog.sqlite").read_bytes())
    with sqlite3.connect(broken) as connection:
        connection.execute("update courses set units = 'abc'")
    monkeypatch.setenv("AIPI_CATALOG", str(broken))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: said.append(text))
    plan_path = tmp_path / "ada.json"
    save_plan(filled_template(catalog, "online-24"), plan_path)
    assert app_module.main([str(plan_path)]) == 2
    assert len(said) == 1 and "catalog is incomplete" in said[0] and "catalog build" in said[0]


def test_a_file_that_cannot_be_opened_at_start_leaves_the_start_screen_and_says_so(
    qapp, tmp_path, monkeypatch
):
    import advisor_app.app as app_module
    from advisor_app.ui.main_window import MainWindow

    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "home"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs its own
    said: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda _self, _title, text: said.append(text))
    windows: list[MainWindow] = []
    before = set(qapp.topLevelWidgets())  # other tests' windows, not yet deleted

    def run() -> int:  # instead of the event loop: note the window main() opened
        windows.extend(
            w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w not in before
        )
        return 0

    monkeypatch.setattr(qapp, "exec", run)
    stylesheet = qapp.styleSheet()
    try:
        assert app_module.main([str(tmp_path / "missing.json")]) == 0
        assert windows and windows[-1].on_start_page
        assert "no such file" in said[0] and "The start screen is open instead" in said[0]
    finally:
        qapp.setStyleSheet(stylesheet)
        for opened in windows:
            opened.document.undo_stack.setClean()
            opened.close()
            opened.deleteLater()


def test_view_menu_shows_and_hides_the_panels(window, qtbot):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    actions = {a.text(): a for a in view_menu.actions() if a.text()}
    catalog = actions["Show &Catalog"]
    assert catalog.isEnabled() and actions["Show &Requirements"].isEnabled()
    assert actions["&Presentation Mode"].isEnabled()
    catalog.trigger()
    assert not window.catalog_dock.isVisible()
    qtbot.keyClick(window.grid, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.catalog_dock.isVisible()
    qtbot.keyClick(window.grid, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert not window.requirements_dock.isVisible()


def test_create_test_certificate_from_the_file_menu(window, tmp_path, monkeypatch):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Create &Test Certificate…")
    answers = iter([("Dr. Noor Advisor", True), ("secret", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    target = tmp_path / "noor.p12"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action.trigger()
    assert target.is_file() and "Test certificate saved" in window.statusBar().currentMessage()


def short_of_units(window) -> None:
    window.editor.remove("AIPI 531", "fall-1")
    window.editor.remove("ECE 682D", "fall-2")  # 27 units of 30


def test_plan_wide_findings_sit_on_their_requirement_row_not_on_cards(window):
    short_of_units(window)
    panel = window.requirements
    finding = select_finding(window, "req.total-units")
    assert finding.courses == () and finding.requirement == "total-units"
    rows = [panel.checklist.topLevelItem(r) for r in range(panel.checklist.topLevelItemCount())]
    row = next(r for r in rows if r.data(0, Qt.ItemDataRole.UserRole) == "total-units")
    assert finding.message in row.toolTip(0)
    assert row.background(0).color().name() == "#fff1d6"  # marked while its finding is chosen
    assert not window.document.highlighted  # no card lights up for it
    for column in window.grid.columns:
        for r in range(column.model.rowCount()):
            assert column.model.data(column.model.index(r), SeverityRole) == ""
    # Choosing the row chooses its finding.
    panel.findings.setCurrentRow(-1)
    panel.checklist.setCurrentItem(row)
    assert panel.current_finding() == finding


def test_finding_titles_read_plainly(window):
    short_of_units(window)
    finding = select_finding(window, "req.total-units")
    title, message, _fix = finding_parts(finding)
    assert title.endswith("Total units") and not message.startswith("Total units")
    assert "req." not in window.requirements.findings.currentItem().text()


def test_undo_texts_use_plain_words(window):
    window.editor.change_track("online-24")
    window.editor.set_milestone("employer-industry-project", True)
    assert window.undo_action.text().startswith("Undo Mark '")
    assert "employer-industry-project" not in window.undo_action.text()


def test_presentation_mode_and_back_with_one_key(window, qtbot):
    header = window.header
    assert header.student_id.isVisible() and window.requirements.notes_box.isVisible()
    qtbot.keyClick(window.grid, Qt.Key.Key_F11)
    assert window.views.presenting
    assert not header.student_id.isVisible() and not header.labels[header.student_id].isVisible()
    assert not window.requirements.notes_box.isVisible()
    assert window.requirements.findings.delegate.high_contrast
    assert "font-size" in window.styleSheet()
    qtbot.keyClick(window.grid, Qt.Key.Key_Escape)
    assert not window.views.presenting
    assert header.student_id.isVisible() and window.requirements.notes_box.isVisible()
    assert window.styleSheet() == "" and window.catalog_dock.isVisible()


def test_start_page_creates_a_plan(window, qtbot):
    window.show_start_page()
    assert window.on_start_page and not window.catalog_dock.isVisible()
    assert not window.files.save_action.isEnabled()
    form = window.start_page.form
    form.track.setCurrentIndex(form.track.findData("online-24"))
    form.start_year.setValue(2027)
    form.student.setText("Grace Hopper")
    form.advisor.setText("Dr. Noor")
    qtbot.keyClick(form.advisor, Qt.Key.Key_Return)
    plan = window.document.plan
    assert not window.on_start_page and window.catalog_dock.isVisible()
    assert (plan.track, plan.start_year, plan.student_name, plan.advisor_name) == (
        "online-24",
        2027,
        "Grace Hopper",
        "Dr. Noor",
    )
    assert (
        plan.terms == edits.from_template(window.document.catalog.tracks["online-24"], 2027).terms
    )
    assert window.files.save_action.isEnabled()


def test_the_keyboard_starts_in_the_plan_not_in_the_students_name(window, qtbot):
    name = window.header.student_name
    assert not name.hasFocus() and name.selectedText() == ""
    assert window.grid.columns[0].view.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_X)
    assert window.document.plan.student_name == "Ada Lovelace"


def test_courses_entered_for_the_plan_read_as_themselves(window):
    from advisor_app.domain import ExternalCourse

    window.files.load_into_window(meeting_plan(window.document.catalog, "md-meng"), None)
    column = window.grid.column("md-curriculum")
    model = column.model
    index = model.index(model.entries.index("MED 501"))
    assert model.data(index, TitleRole) == "Clinical informatics (example)"
    assert model.data(index, UnitsRole) == 3.0
    assert "Unknown" not in model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    window.editor.replace_external_course(
        "MED 501", ExternalCourse("MED 501", "Clinical informatics", 4.0, "md-course")
    )
    assert model.data(model.index(model.entries.index("MED 501")), UnitsRole) == 4.0
