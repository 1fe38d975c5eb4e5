"""Export, sign-off and opening a PDF run in a child process: the window keeps processing events,
a progress dialog says what is happening, and Cancel leaves no file and the plan as it was."""

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from advisor_app.plans import load_plan
from advisor_app.ui.actions import child_job
from tests.conftest import REPO
from tests.pki import PASSPHRASE
from tests.plans_for_tests import filled_template
from tests.ui.test_signoff import sign_with


def progress_dialog(window) -> QProgressDialog | None:
    found = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None


def press_cancel(dialog: QProgressDialog) -> None:
    """As the user does it (QProgressDialog.cancel() itself would only reset the dialog)."""
    dialog.findChild(QPushButton).click()


class Watcher:
    """Ticks on a timer while a job runs, and notes what the progress dialog shows."""

    def __init__(self, window, cancel_at_step: int | None = None) -> None:
        self.window = window
        self.cancel_at_step = cancel_at_step
        self.ticks = 0
        self.labels: list[str] = []
        self.values: list[int] = []
        self.modal: list[bool] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        self.ticks += 1
        dialog = progress_dialog(self.window)
        if dialog is None:
            return
        if not self.labels or self.labels[-1] != dialog.labelText():
            self.labels.append(dialog.labelText())
        self.values.append(dialog.value())
        self.modal.append(dialog.isModal() or dialog.windowModality().name == "WindowModal")
        if self.cancel_at_step is not None and dialog.value() >= self.cancel_at_step:
            press_cancel(dialog)

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture(autouse=True)
def own_temporary_folder(tmp_path, monkeypatch):
    """The window's scratch folders go to this test's own folder: another run of the tests at
    the same time (or any process) making `aipi-export-*` in the system's would fail the count."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


def export_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("aipi-export-*"))


def test_an_export_runs_while_the_window_keeps_processing_events(window, tmp_path):
    watcher = Watcher(window)
    before = export_folders()
    assert window.exports.export_to(tmp_path / "plan.pdf", window.document.plan)
    watcher.stop()
    assert watcher.ticks >= 5  # the window's event loop ran all along
    assert watcher.labels[0].startswith("Exporting the PDF")
    assert "Drawing the PDF…" in watcher.labels and all(watcher.modal)
    assert progress_dialog(window) is None  # gone when done
    assert load_plan(tmp_path / "plan.pdf") == window.document.plan
    assert export_folders() == before  # the child's scratch folder is removed
    assert window.statusBar().currentMessage() == f"Exported {tmp_path / 'plan.pdf'}"


def test_cancelling_a_sign_off_leaves_no_file_and_the_plan_as_it_was(window, tmp_path, pki):
    dialog = sign_with(window, pki.path("advisor.p12"), PASSPHRASE.decode())
    plan, steps = window.document.plan, window.document.undo_stack.count()
    before = export_folders()
    watcher = Watcher(window, cancel_at_step=1)  # once the child opened the certificate
    target = tmp_path / "signed.pdf"
    assert not window.exports.approve_and_export(dialog.certificate, target)
    watcher.stop()
    assert watcher.labels and not target.exists() and list(tmp_path.glob("*.pdf")) == []
    assert window.document.plan == plan and not plan.locked
    assert window.document.undo_stack.count() == steps  # no approval recorded
    assert export_folders() == before
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.lock_banner.isHidden()


def test_cancelling_at_once_leaves_no_file(window, tmp_path):
    QTimer.singleShot(0, lambda: press_cancel(progress_dialog(window)))
    assert not window.exports.export_to(tmp_path / "plan.pdf", window.document.plan)
    assert not any(p.suffix == ".pdf" for p in tmp_path.iterdir())


def test_a_pdf_is_checked_in_the_child_and_the_check_can_be_cancelled(window, tmp_path, catalog):
    path = tmp_path / "draft.pdf"
    assert window.exports.export_to(path, window.document.plan)
    exported = window.document.plan
    window.files.load_into_window(filled_template(catalog, "accelerated-12"), None)
    other = window.document.plan
    QTimer.singleShot(0, lambda: press_cancel(progress_dialog(window)))
    assert not window.files.open_path(path, confirmed=True)
    assert window.document.plan == other
    assert "cancelled" in window.statusBar().currentMessage()
    watcher = Watcher(window)
    assert window.files.open_path(path, confirmed=True)
    watcher.stop()
    assert "Checking the PDF…" in watcher.labels and window.document.plan == exported


def test_a_child_that_cannot_start_is_said_in_one_line(window, tmp_path, monkeypatch):
    monkeypatch.setattr(child_job, "job_command", lambda: [str(tmp_path / "no-such-program")])
    said = []
    monkeypatch.setattr(window, "show_error", lambda title, text: said.append((title, text)))
    assert not window.exports.export_to(tmp_path / "plan.pdf", window.document.plan)
    assert said[0][0] == "Cannot export PDF" and "could not be started" in said[0][1]
    assert not (tmp_path / "plan.pdf").exists()


def test_a_child_that_dies_is_said_with_its_last_words(window, tmp_path, monkeypatch):
    script = tmp_path / "dies.py"
    script.write_text("import sys\nsys.stderr.write('out of memory\\n')\nsys.exit(3)\n")
    monkeypatch.setattr(child_job, "job_command", lambda: [sys.executable, str(script)])
    said = []
    monkeypatch.setattr(window, "show_error", lambda title, text: said.append((title, text)))
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n")
    assert not window.files.open_path(tmp_path / "x.pdf", confirmed=True)
    assert (
        said[-1][0] == "Cannot open plan" and "stopped unexpectedly (out of memory)" in said[-1][1]
    )


def test_the_window_never_loads_the_pdf_stack(tmp_path, pki):
    """A signed export and a PDF opened leave ReportLab, pyHanko and pypdf out of the window."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from advisor_app.catalog import open_catalog
        from advisor_app.ui.dialogs.signoff_dialog import SignOffDialog
        from advisor_app.ui.main_window import MainWindow
        from tests.plans_for_tests import filled_template
        from pathlib import Path
        work = Path({str(tmp_path)!r})
        db = open_catalog()
        window = MainWindow(db, filled_template(db.catalog, "online-24"), None,
                            QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        dialog = SignOffDialog(window.document.plan, window.document.report, window)
        dialog.approve_box.setChecked(True)
        dialog.sign_group.setChecked(True)
        dialog.certificate_path.setText({str(pki.path("advisor.p12"))!r})
        dialog.passphrase.setText({PASSPHRASE.decode()!r})
        dialog.accept()
        assert window.exports.approve_and_export(dialog.certificate, work / "signed.pdf")
        window.document.undo_stack.setClean()
        assert window.files.open_path(work / "signed.pdf", confirmed=True)
        loaded = sorted({{n.split(".")[0] for n in sys.modules}} & {{"reportlab", "pyhanko", "pypdf"}})
        print("loaded:", loaded)
        window.document.undo_stack.setClean()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert "loaded: []" in done.stdout, done.stderr[-2000:]
    assert QApplication.instance() is not None


def test_a_pdf_given_at_start_is_opened_once_the_window_shows(qtbot, start_app, catalog, tmp_path):
    """`aipi-advisor plan.pdf`: the window shows at once, then checks the PDF in the child."""
    from advisor_app.export.pdf import export_pdf

    plan = filled_template(catalog, "accelerated-12")
    export_pdf(catalog, plan, tmp_path / "plan.pdf")
    opened = start_app(str(tmp_path / "plan.pdf"))
    assert opened.on_start_page  # shown first, the PDF not read yet
    qtbot.waitUntil(lambda: not opened.on_start_page, timeout=30_000)
    assert opened.document.plan == plan and opened.document.path is None
    assert opened.files.recent_files()[0] == str((tmp_path / "plan.pdf").resolve())
