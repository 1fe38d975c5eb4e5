"""Autosave on idle, recovery after a crash, and the exception hook, through the window."""

import json
import logging
import sys

import pytest
from msgspec.structs import replace
from PySide6.QtWidgets import QMessageBox

from advisor_app.logs import configure_logging
from advisor_app.plans import plan_from_dict, save_plan
from advisor_app.plans.autosave import AutosaveStore
from advisor_app.ui.main_window import MainWindow
from advisor_app.ui.safety import Autosaver, CrashHandler, offer_recovery
from tests.plans.test_autosave import finished_pid
from tests.plans_for_tests import filled_template


@pytest.fixture
def autosaving(window, tmp_path):
    autosaver = Autosaver(window, AutosaveStore(tmp_path / "autosave"), idle_ms=20)
    window.autosaver = autosaver
    return autosaver


def test_unsaved_work_is_autosaved_when_idle_and_removed_once_saved(
    window, autosaving, qtbot, tmp_path
):
    window.editor.add("AIPI 530", "fall-2")
    with qtbot.waitSignal(autosaving.autosaved, timeout=2000):
        pass
    saved = json.loads(autosaving.store.file.read_text(encoding="utf-8"))
    assert plan_from_dict(saved["plan"]) == window.document.plan

    assert window.files.save_to(tmp_path / "plan.json")
    assert not autosaving.store.file.exists()


def test_recovery_is_offered_and_restores_the_work_as_unsaved(
    qtbot, catalog_db, settings, tmp_path, monkeypatch
):
    plan = filled_template(catalog_db.catalog, "standard-16")
    source = tmp_path / "ada.json"
    save_plan(plan, source)
    edited = replace(plan, notes="Work from before the crash")
    AutosaveStore(tmp_path / "autosave", pid=finished_pid()).write(edited, source)

    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.setProperty("shown", box.text()))
    monkeypatch.setattr(
        QMessageBox,
        "clickedButton",
        lambda box: box.buttons()[0],  # "Recover"
    )
    store = AutosaveStore(tmp_path / "autosave")
    window = MainWindow(catalog_db, plan, None, settings, autosave=store)
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    assert offer_recovery(window, store)
    assert window.document.plan == edited and window.document.modified
    assert window.document.path == source and window.windowTitle().startswith("ada.json*")
    assert store.pending() == []


def test_an_unexpected_error_is_logged_shown_autosaved_and_survived(
    window, autosaving, tmp_path, monkeypatch
):
    log_file = configure_logging(tmp_path / "logs")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    handler = CrashHandler(window, log_file)
    handler.install()
    try:
        assert sys.excepthook is handler
        window.editor.add("AIPI 530", "fall-2")
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
        for h in logging.getLogger("advisor_app").handlers[:]:
            h.close()
            logging.getLogger("advisor_app").removeHandler(h)
    assert "RuntimeError: boom in a slot" in log_file.read_text(encoding="utf-8")
    assert str(log_file) in shown[0] and "autosaved" in shown[0]
    assert autosaving.store.file.exists()  # the unsaved plan was copied aside
    window.editor.add("AIPI 531", "spring-1")  # and the window keeps working
    assert "AIPI 531" in window.document.plan.terms["spring-1"]


def test_a_damaged_catalog_met_in_the_window_is_said_once_in_its_own_words(
    window, tmp_path, monkeypatch
):
    """A course damaged inside is read when first shown: the catalog's message (which course,
    what to do), once however often it is met, and no 'unexpected error'."""
    from advisor_app.catalog import CatalogError

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[1:]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("no crash dialog"))
    handler = CrashHandler(window, None)
    error = CatalogError("catalog.sqlite: catalog is incomplete (course 'X 1': ...); rebuild it")
    for _ in range(3):
        handler(CatalogError, error, None)
    assert len(shown) == 1 and shown[0][0] == "AIPI Advisor: catalog damaged"
    assert shown[0][1].startswith(str(error)) and "The plan is still open" in shown[0][1]
