"""File > Export PDF…, File > Sign Off…, File > Trusted Signers…, and Edit > Start New Revision.

The PDF is drawn, signed and checked in a child process (export/job.py), with a progress dialog
and Cancel: the window stays responsive, and a cancelled export leaves no file.
"""

import base64
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from advisor_app.domain import Plan
from advisor_app.export.opening import APPROVED_UNSIGNED, RECORD, RecordStatus
from advisor_app.plans import PlanFileError
from advisor_app.plans.writing import write_atomically
from advisor_app.ui.actions.file_actions import plausible_path

if TYPE_CHECKING:
    from advisor_app.export.signing import CertificateFile
    from advisor_app.ui.main_window import MainWindow

# What the export's child says of the PDF it signed (export/job.py, export/verify.py).
SIGNED_RECORD, UNREADABLE = "signed-record", "unreadable"

PDF_FILTER = "PDF documents (*.pdf)"
REVISION_FIRST = "This revision is approved: start a new revision (Edit menu) to sign off again."


class ExportActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.export_action = QAction("&Export PDF…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_dialog)
        self.sign_off_action = QAction("Sign &Off…", window)
        self.sign_off_action.triggered.connect(self.sign_off)
        self.trust_action = QAction("&Trusted Signers…", window)
        self.trust_action.triggered.connect(self.show_trusted_signers)
        self.revision_action = QAction("Start New &Revision", window)
        self.revision_action.triggered.connect(self.start_revision)
        self.certificate_action = QAction("Create &Test Certificate…", window)
        self.certificate_action.setToolTip(
            "A self-signed certificate for trying signatures out; not trusted"
        )
        self.certificate_action.triggered.connect(self.create_test_certificate)
        window.document.plan_changed.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self) -> None:
        locked = self.window.document.plan.locked
        self.revision_action.setEnabled(locked)
        # An approved revision is never signed again: a new revision is signed instead.
        self.sign_off_action.setEnabled(not locked)
        self.sign_off_action.setStatusTip(REVISION_FIRST if locked else "")

    def populate_file_menu(self, menu: QMenu, before: QAction) -> None:
        menu.insertActions(
            before,
            [self.export_action, self.sign_off_action, self.certificate_action, self.trust_action],
        )
        menu.insertSeparator(before)

    # ------------------------------------------------------------------ commands
    def _choose_pdf_path(self, plan: Plan) -> Path | None:
        document_path = self.window.document.path
        folder = (
            str(document_path.parent)  # beside the plan, like its other files
            if document_path is not None
            else _setting_folder(self.window.settings.value("files/pdfFolder", ""))
            or self.window.files.folder()
        )
        stem = (plan.student_name or "plan").replace(" ", "-")
        if plan.locked:
            stem += f"-approved-r{plan.revision}"
        suggested = str(Path(folder) / f"{stem}.pdf") if folder else f"{stem}.pdf"
        name, _ = QFileDialog.getSaveFileName(self.window, "Export PDF", suggested, PDF_FILTER)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.window.settings.setValue("files/pdfFolder", str(path.parent))
        return path

    def export_dialog(self) -> bool:
        plan = self.window.document.plan
        path = self._choose_pdf_path(plan)
        return path is not None and self.export_to(path, plan)

    def export_to(self, path: Path, plan: Plan) -> bool:
        if self._export_in_child(path, plan, "Exporting the PDF") is None:
            return False
        self.window.statusBar().showMessage(f"Exported {path}", 6000)
        return True

    def sign_off(self) -> bool:
        """Approve (one undoable edit) and export the approved PDF, signed when asked."""
        from advisor_app.ui.dialogs.signoff_dialog import SignOffDialog

        document = self.window.document
        if document.plan.locked:
            self.window.show_error("Cannot sign off", REVISION_FIRST)
            return False
        dialog = SignOffDialog(document.plan, document.report, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.approve_and_export(dialog.certificate)

    def approve_and_export(
        self, certificate: "CertificateFile | None", path: Path | None = None
    ) -> bool:
        """The same rules as `export --approve/--sign`: refused, with the reasons and nothing
        written, unless the plan is a draft with its advisor named and no open error."""
        from advisor_app.export.approval import approval_problems

        document = self.window.document
        plan = document.plan
        problems = approval_problems(
            plan, document.report, certificate.name if certificate else None
        )
        if problems:
            self.window.show_error("Cannot approve", "Cannot approve: " + "; ".join(problems) + ".")
            return False
        path = path or self._choose_pdf_path(plan)
        if path is None:
            return False
        label = "Signing off" if certificate else "Approving and exporting"
        # The approval is only recorded once its PDF exists.
        result = self._export_in_child(path, plan, label, certificate, approve=True)
        if result is None:
            return False
        self.window.editor.approve(str(result["approved_on"]), str(result["approved_by"]))
        self.window.lock_banner.show_status(self._status_of_export(result, certificate))
        signed = f", signed by {certificate.name}" if certificate else ""
        self.window.statusBar().showMessage(f"Exported {path}{signed}", 6000)
        if document.path is not None:
            self.window.files.save()
        return True

    def _export_in_child(
        self,
        path: Path,
        plan: Plan,
        label: str,
        certificate: "CertificateFile | None" = None,
        approve: bool = False,
    ) -> dict[str, Any] | None:
        """Draw (approve, sign) the PDF in a child process, then put it at `path`; the child's
        result, or None when cancelled or refused (said; nothing written either way)."""
        from advisor_app.export.trust import user_trust_dir
        from advisor_app.plans import dumps_plan

        with tempfile.TemporaryDirectory(prefix="aipi-export-") as folder:
            drawn = Path(folder) / "plan.pdf"
            request = {
                "action": "export",
                "catalog": str(self.window.database.path),
                "plan": dumps_plan(plan),
                "output": str(drawn),
                "generated": date.today().isoformat(),
                "approve": approve,
                "certificate": str(certificate.path) if certificate else None,
                "passphrase": base64.b64encode(
                    certificate.passphrase if certificate else b""
                ).decode(),
                "user_trust_dir": str(user_trust_dir()),
            }
            from advisor_app.ui.actions.child_job import run_job  # QProcess: on first use

            result = run_job(self.window, label, request)
            if result is None:
                self.window.statusBar().showMessage("Export cancelled: no file was written", 6000)
                return None
            try:
                if not result.get("ok"):
                    raise PlanFileError(str(result.get("message")))
                write_atomically(path, drawn.read_bytes(), keep_backup=False)
            except (PlanFileError, OSError) as error:
                self.window.show_error(
                    "Cannot export PDF", f"{error}\n\nThe plan is still open; nothing was lost."
                )
                return None
        return result

    def create_test_certificate(self) -> None:
        from advisor_app.ui.dialogs.signoff_dialog import create_test_certificate

        plan = self.window.document.plan
        made = create_test_certificate(self.window, plan.advisor_name, self.window.files.folder())
        if made is not None:
            self.window.statusBar().showMessage(f"Test certificate saved as {made[0]}", 6000)

    def _status_of_export(
        self, result: dict[str, Any], certificate: "CertificateFile | None"
    ) -> RecordStatus:
        """What the PDF just written is, as the child verified it (as anyone else would)."""
        approved = self.window.document.plan
        if certificate is None:
            return RecordStatus(APPROVED_UNSIGNED, approved_on=approved.approved_on)
        found = result.get("verification") or {}
        reasons = tuple(str(reason) for reason in found.get("reasons", ()))
        if found.get("state") == SIGNED_RECORD:
            return RecordStatus(RECORD, str(found["signer"]), approved.approved_on, record=approved)
        if found.get("state") == UNREADABLE:
            return RecordStatus(APPROVED_UNSIGNED, certificate.name, reasons=reasons)
        return RecordStatus(
            APPROVED_UNSIGNED, str(found.get("signer", "")), approved.approved_on, reasons
        )

    def show_trusted_signers(self) -> None:
        from advisor_app.ui.dialogs.trust_dialog import TrustedSignersDialog

        TrustedSignersDialog(self.window).exec()

    def start_revision(self) -> None:
        if self.window.editor.start_revision():
            revision = self.window.document.plan.revision
            self.window.statusBar().showMessage(
                f"Revision {revision} started: the plan can be edited again", 6000
            )


def _setting_folder(value: object) -> str:
    return str(value) if plausible_path(value) else ""
