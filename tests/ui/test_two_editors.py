"""Two people, one plan: the save question, the bar, the deleted file, and the lock."""

import json
import os
from datetime import date
from pathlib import Path

import pytest
from msgspec.structs import replace
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QToolButton

from advisor_app.plans import dumps_plan, save_plan
from advisor_app.plans.autosave import AutosaveStore
from advisor_app.plans.locks import lock_file_for
from advisor_app.ui.dialogs.lock_dialog import LockDialog
from advisor_app.ui.dialogs.save_conflict_dialog import Choice, SaveConflictDialog
from advisor_app.ui.safety import Autosaver
from advisor_app.ui.windows import _open_windows
from tests.plans.test_locks import LockHolder, write_lock

TODAY = date.today().isoformat()


@pytest.fixture
def plan_path(window, tmp_path):
    """The advisor's window has tmp/plan.json open (and its lock)."""
    path = tmp_path / "plan.json"
    save_plan(window.document.plan, path)
    assert window.files.open_path(path, confirmed=True)
    return path


@pytest.fixture
def holders():
    started: list[LockHolder] = []
    yield started
    for holder in started:
        if holder.process.poll() is None:
            holder.stop()


@pytest.fixture(autouse=True)
def close_new_windows():
    yield
    for window in list(_open_windows):
        window.document.undo_stack.setClean()
        window.close()


def write_theirs(path: Path, plan) -> bytes:
    """Another program saves the plan as editors do: a new file renamed over the old one."""
    data = dumps_plan(plan).encode("utf-8")
    temp = path.with_name(".theirs.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
    return data


def answer_conflict(monkeypatch, choice: Choice) -> list[SaveConflictDialog]:
    shown: list[SaveConflictDialog] = []

    def exec_(dialog):
        shown.append(dialog)
        dialog.buttons[choice].click()
        return dialog.result()

    monkeypatch.setattr(SaveConflictDialog, "exec", exec_)
    return shown


def answer_lock(monkeypatch, text: str) -> list[LockDialog]:
    shown: list[LockDialog] = []

    def exec_(dialog):
        shown.append(dialog)
        button = next(b for b in dialog.buttons() if b.text().replace("&", "") == text)
        button.click()
        return 0

    monkeypatch.setattr(LockDialog, "exec", exec_)
    return shown


def no_dialog(monkeypatch):
    monkeypatch.setattr(SaveConflictDialog, "exec", lambda d: pytest.fail("unexpected question"))
    monkeypatch.setattr(LockDialog, "exec", lambda d: pytest.fail("unexpected lock question"))


def items(dialog, name):
    text = dialog.findChild(QLabel, name).text()
    return [line.removeprefix("• ") for line in text.split("\n")]


def student_and_advisor_edit(window, path):
    """The student adds a note on disk; the advisor adds AIPI 530 in the window."""
    theirs = replace(window.document.plan, notes="Student: I'd like the NLP elective")
    their_bytes = write_theirs(path, theirs)
    window.editor.add("AIPI 530", "fall-2")
    return theirs, their_bytes, window.document.plan


def others(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("settings.ini",))


# ---------------------------------------------------------------------------- on save
def test_a_change_before_save_is_asked_about_and_cancel_saves_nothing(
    window, plan_path, monkeypatch
):
    _theirs, their_bytes, _yours = student_and_advisor_edit(window, plan_path)
    shown = answer_conflict(monkeypatch, Choice.CANCEL)
    assert window.files.save() is False
    (dialog,) = shown
    assert items(dialog, "theirsList") == ["Notes changed"]
    assert items(dialog, "yoursList") == ["AIPI 530 Optimization in Practice added to Fall 2027"]
    heading = dialog.findChild(QLabel, "heading").text()
    assert heading.startswith("plan.json was changed outside this window since you opened it")
    assert plan_path.read_bytes() == their_bytes
    assert window.document.modified
    assert others(plan_path.parent) == [".~lock.plan.json#", "plan.json"]


def test_overwrite_keeps_theirs_beside_it_byte_for_byte(window, plan_path, monkeypatch):
    _theirs, their_bytes, yours = student_and_advisor_edit(window, plan_path)
    answer_conflict(monkeypatch, Choice.OVERWRITE)
    assert window.files.save()
    assert plan_path.read_bytes() == dumps_plan(yours).encode("utf-8")
    kept = plan_path.with_name(f"plan (theirs {TODAY}).json")
    assert kept.read_bytes() == their_bytes
    assert not window.document.modified and window.document.path == plan_path
    assert "their version is kept as" in window.statusBar().currentMessage()
    no_dialog(monkeypatch)  # seen and saved: the next save just saves
    window.editor.add("AIPI 531", "spring-1")
    assert window.files.save()


def test_keep_both_saves_yours_beside_it_and_leaves_theirs(window, plan_path, monkeypatch):
    _theirs, their_bytes, yours = student_and_advisor_edit(window, plan_path)
    answer_conflict(monkeypatch, Choice.KEEP_BOTH)
    assert window.files.save()
    mine = plan_path.with_name(f"plan (yours {TODAY}).json")
    assert mine.read_bytes() == dumps_plan(yours).encode("utf-8")
    assert plan_path.read_bytes() == their_bytes
    assert window.document.path == mine and not window.document.modified
    assert window.windowTitle().startswith(f"plan (yours {TODAY}).json – ")
    # The lock went with the window: off the original, onto the copy.
    assert not lock_file_for(plan_path).exists() and lock_file_for(mine).exists()


def test_reload_theirs_opens_yours_in_a_what_if_window(window, plan_path, monkeypatch):
    theirs, their_bytes, yours = student_and_advisor_edit(window, plan_path)
    answer_conflict(monkeypatch, Choice.RELOAD)
    assert window.files.save()
    assert window.document.plan == theirs and not window.document.modified
    assert plan_path.read_bytes() == their_bytes
    (copy,) = _open_windows
    assert copy.document.plan == yours and copy.document.modified and copy.document.path is None
    assert copy.windowTitle().startswith("plan (what-if)* – ")
    assert others(plan_path.parent) == [".~lock.plan.json#", "plan.json"]
    no_dialog(monkeypatch)
    window.editor.add("AIPI 531", "spring-1")
    assert window.files.save()  # theirs is now what this window knows


def test_a_file_that_is_no_longer_a_plan_can_be_kept_but_not_reloaded(
    window, plan_path, monkeypatch
):
    garbage = b"\x00 not a plan at all"
    plan_path.write_bytes(garbage)
    window.editor.add("AIPI 530", "fall-2")
    shown = answer_conflict(monkeypatch, Choice.OVERWRITE)
    assert window.files.save()
    assert not shown[0].buttons[Choice.RELOAD].isEnabled()
    assert "cannot be read as a plan" in items(shown[0], "theirsList")[0]
    assert plan_path.with_name(f"plan (theirs {TODAY}).json").read_bytes() == garbage


def test_save_as_onto_the_same_changed_file_still_asks(window, plan_path, monkeypatch):
    student_and_advisor_edit(window, plan_path)
    shown = answer_conflict(monkeypatch, Choice.CANCEL)
    assert not window.files.save_to(plan_path)
    assert len(shown) == 1


def test_autosave_never_writes_the_plan_file(window, plan_path, tmp_path, qtbot):
    before = plan_path.read_bytes()
    autosaver = Autosaver(window, AutosaveStore(tmp_path / "autosave"), idle_ms=10)
    window.editor.add("AIPI 530", "fall-2")
    with qtbot.waitSignal(autosaver.autosaved, timeout=2000):
        pass
    assert plan_path.read_bytes() == before
    envelope = json.loads(autosaver.store.file.read_text(encoding="utf-8"))
    assert envelope["source_digest"] == window.document.on_disk.digest


def recover(window, folder, monkeypatch) -> None:
    """Choose Recover in the window's offer of the autosaved work in `folder`."""
    from PySide6.QtWidgets import QMessageBox

    from advisor_app.ui.safety import offer_recovery

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[0])
    window.files.load_into_window(window.document.plan, None)
    assert offer_recovery(window, AutosaveStore(folder))


def test_recovered_work_asks_when_the_file_changed_after_the_autosave(
    window, plan_path, tmp_path, monkeypatch
):
    from tests.plans.test_autosave import finished_pid

    digest = window.document.on_disk.digest
    crashed = replace(window.document.plan, notes="work from before the crash")
    AutosaveStore(tmp_path / "autosave", pid=finished_pid()).write(crashed, plan_path, digest)
    write_theirs(plan_path, replace(crashed, notes="", student_name="Ada King"))
    monkeypatch.setattr(LockDialog, "exec", lambda d: pytest.fail("no lock question"))
    recover(window, tmp_path / "autosave", monkeypatch)
    shown = answer_conflict(monkeypatch, Choice.CANCEL)
    assert not window.files.save()
    assert items(shown[0], "theirsList") == [
        "Student name: Ada Lovelace → Ada King",
        "Notes changed",
    ]
    assert shown[0].findChild(QLabel, "yoursList") is None


def test_recovered_work_without_the_files_digest_asks_before_replacing_it(
    window, plan_path, tmp_path, monkeypatch
):
    """Found in stop 25: an autosave naming a file but no digest of it (one written by hand)
    was saved over that file with no question."""
    from tests.plans.test_autosave import finished_pid

    before = plan_path.read_bytes()
    crashed = replace(window.document.plan, student_name="Someone Else")
    AutosaveStore(tmp_path / "autosave", pid=finished_pid()).write(crashed, plan_path, "")
    recover(window, tmp_path / "autosave", monkeypatch)
    shown = answer_conflict(monkeypatch, Choice.CANCEL)
    assert not window.files.save()
    assert len(shown) == 1 and plan_path.read_bytes() == before


# ---------------------------------------------------------------------------- while open
def test_a_change_while_open_shows_the_bar_even_after_atomic_renames(window, plan_path, qtbot):
    bar = window.guard.bar
    assert bar.isHidden()
    write_theirs(plan_path, replace(window.document.plan, notes="one"))
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    text = bar.label.text()
    assert bar.state == "changed" and text.startswith("Changed on disk at ")
    assert text.endswith(": plan.json was saved from elsewhere.")
    assert bar.reload_button.isVisible() and bar.compare_button.isVisible()
    bar.reload_button.click()  # nothing unsaved: just reload
    assert window.document.plan.notes == "one" and not _open_windows
    assert bar.isHidden()
    write_theirs(plan_path, replace(window.document.plan, notes="two"))  # the watch was renewed
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    bar.reload_button.click()
    assert window.document.plan.notes == "two"


def test_a_change_is_noticed_without_notifications_too(window, plan_path, qtbot):
    """A folder on a server sends no change notifications: the window looks every few seconds."""
    window.guard.watcher.blockSignals(True)
    window.guard.poll.setInterval(50)
    window.guard.poll.start()
    write_theirs(plan_path, replace(window.document.plan, notes="from another computer"))
    qtbot.waitUntil(lambda: window.guard.bar.isVisible(), timeout=3000)
    assert window.guard.bar.state == "changed"


def test_our_own_save_shows_no_bar(window, plan_path, qtbot):
    window.editor.add("AIPI 530", "fall-2")
    assert window.files.save()
    qtbot.wait(400)
    window.guard.check_disk()
    assert window.guard.bar.isHidden()


def test_compare_from_the_bar_asks_the_same_question(window, plan_path, qtbot, monkeypatch):
    _theirs, their_bytes, yours = student_and_advisor_edit(window, plan_path)
    qtbot.waitUntil(lambda: window.guard.bar.isVisible(), timeout=3000)
    shown = answer_conflict(monkeypatch, Choice.OVERWRITE)
    window.guard.bar.compare_button.click()
    assert shown[0].windowTitle() == "Compare with disk"
    assert plan_path.read_bytes() == dumps_plan(yours).encode("utf-8")
    assert plan_path.with_name(f"plan (theirs {TODAY}).json").read_bytes() == their_bytes
    qtbot.waitUntil(lambda: window.guard.bar.isHidden(), timeout=3000)


def test_a_dismissed_bar_stays_hidden_until_the_next_change(window, plan_path, qtbot):
    bar = window.guard.bar
    write_theirs(plan_path, replace(window.document.plan, notes="one"))
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    bar.findChild(QToolButton).click()
    window.guard.check_disk()
    assert bar.isHidden()
    write_theirs(plan_path, replace(window.document.plan, notes="two"))
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)


def test_a_deleted_file_is_reported_and_the_next_save_asks_where(
    window, plan_path, qtbot, monkeypatch, tmp_path
):
    bar = window.guard.bar
    plan_path.rename(tmp_path / "moved.json")
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    assert bar.state == "missing" and "deleted or moved away" in bar.label.text()
    assert not bar.reload_button.isVisible()
    asked = []

    def choose(parent, caption, suggested, _filter):
        asked.append(caption)
        return str(tmp_path / "again.json"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    window.editor.add("AIPI 530", "fall-2")
    assert window.files.save()
    assert asked == ["plan.json was deleted or moved away: save the plan where?"]
    assert window.document.path == tmp_path / "again.json"
    assert lock_file_for(tmp_path / "again.json").exists()
    assert not lock_file_for(plan_path).exists()
    qtbot.waitUntil(lambda: bar.isHidden(), timeout=3000)


def test_a_file_put_back_in_place_hides_the_bar(window, plan_path, qtbot, tmp_path):
    bar = window.guard.bar
    plan_path.rename(tmp_path / "moved.json")
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    (tmp_path / "moved.json").rename(plan_path)
    qtbot.waitUntil(lambda: bar.isHidden(), timeout=3000)


# ---------------------------------------------------------------------------- the lock
def test_a_second_process_holding_the_plan_is_named_and_read_only_is_read_only(
    window, tmp_path, holders, monkeypatch
):
    path = tmp_path / "shared.json"
    save_plan(window.document.plan, path)
    holders.append(LockHolder(path))
    shown = answer_lock(monkeypatch, "Open Read-Only")
    assert window.files.open_path(path, confirmed=True)
    (dialog,) = shown
    assert dialog.windowTitle() == "Plan in use"
    assert dialog.text().startswith("shared.json is open: ") and " on " in dialog.text()
    assert {b.text() for b in dialog.buttons()} == {"Open Read-Only", "Open Anyway", "Cancel"}
    assert window.document.read_only and window.windowTitle().startswith("shared.json (read-only)")
    assert window.guard.bar.state == "read-only"
    window.editor.add("AIPI 530", "fall-2")
    assert "AIPI 530" not in window.document.plan.terms["fall-2"]  # refused, and said why
    assert "open by" in window.statusBar().currentMessage()
    # Saving a read-only plan asks for another file.
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: asked.append(a[1]) or ("", ""))
    assert not window.files.save()
    assert asked == ["Save a copy (shared.json is open read-only)"]
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert not window.files.save_to(path)  # not even by choosing the same name
    assert errors == ["shared.json is open read-only. Save under another name."]
    # Their save shows up, and reloading it keeps the window read-only.
    write_theirs(path, replace(window.document.plan, notes="theirs"))
    window.guard.check_disk()
    window.guard.bar.reload_button.click()
    assert window.document.plan.notes == "theirs" and window.document.read_only
    assert window.guard.bar.state == "read-only"
    # They close it: Edit… takes the lock.
    holders[0].stop()
    window.guard.bar.edit_button.click()
    assert not window.document.read_only and window.guard.lock is not None
    assert window.guard.bar.isHidden()
    window.editor.add("AIPI 530", "fall-2")
    assert "AIPI 530" in window.document.plan.terms["fall-2"]


def test_cancel_opens_nothing_and_open_anyway_takes_no_lock(window, tmp_path, holders, monkeypatch):
    path = tmp_path / "shared.json"
    save_plan(window.document.plan, path)
    holders.append(LockHolder(path))
    their_lock = lock_file_for(path).read_bytes()
    answer_lock(monkeypatch, "Cancel")
    assert not window.files.open_path(path, confirmed=True)
    assert window.document.path is None
    answer_lock(monkeypatch, "Open Anyway")
    assert window.files.open_path(path, confirmed=True)
    assert window.document.path == path and not window.document.read_only
    assert window.guard.lock is None and lock_file_for(path).read_bytes() == their_lock
    window.close()
    assert lock_file_for(path).read_bytes() == their_lock  # never ours to remove


def test_a_lock_left_by_a_killed_process_is_cleared_without_a_word(window, tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    save_plan(window.document.plan, path)
    LockHolder(path).kill_9()
    assert lock_file_for(path).exists()
    no_dialog(monkeypatch)
    assert window.files.open_path(path, confirmed=True)
    assert json.loads(lock_file_for(path).read_text())["pid"] == os.getpid()


def test_an_old_lock_from_another_host_is_offered_for_clearing(window, tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    save_plan(window.document.plan, path)
    write_lock(path, since="2020-01-01T09:00:00+00:00")
    shown = answer_lock(monkeypatch, "Clear Lock and Open")
    assert window.files.open_path(path, confirmed=True)
    assert "more than a day old" in shown[0].informativeText()
    assert window.guard.lock is not None
    assert json.loads(lock_file_for(path).read_text())["pid"] == os.getpid()


def test_the_same_plan_in_two_windows_of_one_program(window, plan_path, monkeypatch):
    from advisor_app.ui.windows import open_plan_window

    second = open_plan_window(window, window.document.plan)
    shown = answer_lock(monkeypatch, "Open Read-Only")
    assert second.files.open_path(plan_path, confirmed=True)
    assert shown[0].text() == "plan.json is already open in another window of AIPI Advisor."
    assert "another window" in second.document.read_only


def test_the_lock_goes_on_close_on_new_plan_and_on_opening_another_file(
    window, plan_path, tmp_path, monkeypatch
):
    lock = lock_file_for(plan_path)
    assert lock.exists()
    other = tmp_path / "other.json"
    save_plan(window.document.plan, other)
    assert window.files.open_path(other, confirmed=True)
    assert not lock.exists() and lock_file_for(other).exists()
    window.files.load_into_window(window.document.plan, None)  # File > New
    assert not lock_file_for(other).exists()
    assert window.files.open_path(other, confirmed=True)
    window.close()
    assert not lock_file_for(other).exists()


def test_a_signed_record_opens_without_a_lock(window, plan_path, tmp_path):
    from advisor_app.export.pdf import export_pdf

    pdf = tmp_path / "record.pdf"
    export_pdf(window.document.catalog, window.document.plan, pdf, date(2026, 11, 25))
    assert window.files.open_path(pdf, confirmed=True)
    assert window.document.path is None and window.guard.lock is None
    assert not lock_file_for(pdf).exists() and not lock_file_for(plan_path).exists()
    assert [p.name for p in tmp_path.glob(".~lock*")] == []


def test_save_as_onto_a_plan_someone_has_open_is_refused(
    window, plan_path, tmp_path, holders, monkeypatch
):
    theirs = tmp_path / "theirs.json"
    save_plan(window.document.plan, theirs)
    before = theirs.read_bytes()
    holders.append(LockHolder(theirs))
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert not window.files.save_to(theirs)
    assert errors and "Save under another name" in errors[0]
    assert theirs.read_bytes() == before


def test_start_up_with_a_plan_someone_has_open_asks(window, tmp_path, holders, monkeypatch):
    from advisor_app.ui.main_window import MainWindow

    path = tmp_path / "plan.json"
    save_plan(window.document.plan, path)
    holders.append(LockHolder(path))
    started = MainWindow(window.database, window.document.plan, path, window.settings)
    try:
        assert started.guard.lock is None  # constructing takes only a free lock, silently
        answer_lock(monkeypatch, "Cancel")
        assert not started.guard.ask_if_in_use()
        answer_lock(monkeypatch, "Open Read-Only")
        assert started.guard.ask_if_in_use() and started.document.read_only
    finally:
        started.close()
    QApplication.processEvents()


def test_a_long_list_of_changes_is_cut_short_and_unreadable_text_stays_text(qtbot):
    from advisor_app.ui.dialogs.save_conflict_dialog import Conflict

    lines = [f"Fall 2027: AIPI {500 + i} added" for i in range(15)]
    lines[0] = "<b>Student name</b>: <img src=x>"  # someone else's text is never markup
    conflict = Conflict("p.json", "since you opened it", "", lines, [], "y.json", "t.json")
    dialog = SaveConflictDialog(conflict)
    qtbot.addWidget(dialog)
    shown = items(dialog, "theirsList")
    assert len(shown) == 11 and shown[-1] == "…and 5 more"
    assert shown[0] == "<b>Student name</b>: <img src=x>"
    assert dialog.findChild(QLabel, "theirsList").textFormat() == Qt.TextFormat.PlainText
    assert dialog.findChild(QLabel, "yoursList").text() == "None"
    assert not dialog.buttons[Choice.KEEP_BOTH].isHidden()
    assert dialog.buttons[Choice.KEEP_BOTH].isDefault()
