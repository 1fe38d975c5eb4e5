"""Running an export or a PDF check in a child process (export/job.py) while the window stays
responsive: a progress dialog says what the child is doing, and Cancel ends it at once.

The caller waits in a local event loop, as it would for a dialog: the window repaints, resizes
and answers the progress dialog meanwhile, and the dialog (window-modal) keeps the plan from
changing under an export. The child's memory (fonts, pyHanko, pypdf) goes away with it.
"""

import json
import sys
from typing import Any

from PySide6.QtCore import QByteArray, QEventLoop, QObject, QProcess, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from advisor_app.locations import is_bundled

#: The bundle's programs start the job, not the window, when given this first argument
#: (packaging/launcher.py).
JOB_ARGUMENT = "--child-job"
#: How long a killed child may take to go, in milliseconds.
KILL_WAIT_MS = 3000


def job_command() -> list[str]:
    """The child's command line: this same interpreter, or the bundle's own program."""
    if is_bundled():
        return [sys.executable, JOB_ARGUMENT]
    return [sys.executable, "-m", "advisor_app.export.job"]


class ChildJob(QObject):
    """One request to a child process, its steps as they come, and its result."""

    stepped = Signal(str, int, int)  # what the child is doing, step number, of how many
    ended = Signal()

    def __init__(self, request: dict[str, Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.result: dict[str, Any] | None = None
        self.cancelled = False
        self._output = b""
        self._errors = b""
        self.process = QProcess(self)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.readyReadStandardError.connect(self._read_errors)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)

    def start(self) -> None:
        program, *arguments = job_command()
        self.process.start(program, arguments)
        self.process.write(QByteArray(json.dumps(self.request).encode()))
        self.process.closeWriteChannel()

    def cancel(self) -> None:
        """End the child now; its result, if any comes, is ignored."""
        if self.result is not None or self.cancelled:
            return
        self.cancelled = True
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
            self.process.waitForFinished(KILL_WAIT_MS)

    @property
    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def _read_output(self) -> None:
        self._output += bytes(self.process.readAllStandardOutput().data())
        *lines, self._output = self._output.split(b"\n")
        for line in lines:
            self._take(line)

    def _read_errors(self) -> None:
        self._errors = (self._errors + bytes(self.process.readAllStandardError().data()))[-4000:]

    def _take(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return  # not a line of the job's (a library's stray print)
        if not isinstance(message, dict) or self.cancelled:
            return
        if "step" in message:
            self.stepped.emit(str(message["step"]), int(message["number"]), int(message["of"]))
        elif isinstance(message.get("result"), dict):
            self.result = message["result"]

    def _finished(self) -> None:
        self._read_output()
        self._take(self._output)
        if self.result is None and not self.cancelled:
            said = self._errors.decode("utf-8", "replace").strip().splitlines()
            why = said[-1] if said else f"exit code {self.process.exitCode()}"
            self.result = {"ok": False, "message": f"it stopped unexpectedly ({why})"}
        self.ended.emit()

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self.cancelled:
            self.result = {
                "ok": False,
                "message": f"it could not be started ({self.process.errorString()})",
            }
            self.ended.emit()


def run_job(parent: QWidget, label: str, request: dict[str, Any]) -> dict[str, Any] | None:
    """Run `request` in a child process with a progress dialog; its result, or None when the
    user cancelled (the child is gone by then)."""
    job = ChildJob(request, parent)
    dialog = QProgressDialog(f"{label}: starting…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle(label)
    dialog.setAccessibleName(label)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 48)

    def stepped(text: str, number: int, total: int) -> None:
        dialog.setMaximum(total + 1)  # the last part: the window takes the result
        dialog.setValue(number)
        dialog.setLabelText(f"{text}…")

    loop = QEventLoop()
    job.stepped.connect(stepped)
    job.ended.connect(loop.quit)
    dialog.canceled.connect(job.cancel)
    dialog.canceled.connect(loop.quit)
    job.start()
    dialog.show()
    if job.result is None and not job.cancelled:  # else it ended already (could not start)
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    job.cancel()  # a no-op unless the loop ended some other way
    job.deleteLater()
    return None if job.cancelled else job.result
