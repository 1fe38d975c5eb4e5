"""File > Export PDF…, File > Sign Off…, File > Trusted Signers…, and Edit > Start New Revision."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from advisor_app.domain import Plan
from advisor_app.export.opening import APPROVED_UNSIGNED, RECORD, RecordStatus
from advisor_app.plans import PlanFileError

if TYPE_CHECKING:
    from advisor_app.export.signing import AdvisorCertificate
    from advisor_app.ui.main_window import MainWindow

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
            else str(self.window.settings.value("files/pdfFolder", "") or "")
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
        # ReportLab and pyHanko load on first export, not at start-up.
        from advisor_app.export.pdf import export_pdf

        try:
            export_pdf(self.window.document.catalog, plan, path, date.today())
        except PlanFileError as error:
            self.window.show_error(
                "Cannot export PDF", f"{error}\n\nThe plan is still open; nothing was lost."
            )
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
        self, certificate: "AdvisorCertificate | None", path: Path | None = None
    ) -> bool:
        """The same rules as `export --approve/--sign`: refused, with the reasons and nothing
        written, unless the plan is a draft with its advisor named and no open error."""
        from advisor_app.export.approval import ApprovalRefused, approval_problems, sign_off
        from advisor_app.export.signing import SigningError

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
        try:  # the approval is only recorded once its PDF exists
            approved = sign_off(document.catalog, plan, path, date.today(), certificate)
        except (ApprovalRefused, PlanFileError, SigningError) as error:
            self.window.show_error(
                "Cannot export PDF", f"{error}\n\nThe plan is still open; nothing was lost."
            )
            return False
        self.window.editor.approve(approved.approved_on, approved.approved_by)
        self.window.lock_banner.show_status(self._status_of_export(path, approved, certificate))
        signed = f", signed by {certificate.name}" if certificate else ""
        self.window.statusBar().showMessage(f"Exported {path}{signed}", 6000)
        if document.path is not None:
            self.window.files.save()
        return True

    def create_test_certificate(self) -> None:
        from advisor_app.ui.dialogs.signoff_dialog import create_test_certificate

        plan = self.window.document.plan
        made = create_test_certificate(self.window, plan.advisor_name, self.window.files.folder())
        if made is not None:
            self.window.statusBar().showMessage(f"Test certificate saved as {made[0]}", 6000)

    def _status_of_export(
        self, path: Path, approved: Plan, certificate: "AdvisorCertificate | None"
    ) -> RecordStatus:
        """What the PDF just written is, verified as anyone else would verify it."""
        if certificate is None:
            return RecordStatus(APPROVED_UNSIGNED, approved_on=approved.approved_on)
        from advisor_app.export.verify import SIGNED_RECORD, verify_pdf

        try:
            result = verify_pdf(self.window.document.catalog, path)
        except PlanFileError as error:
            return RecordStatus(APPROVED_UNSIGNED, certificate.name, reasons=(str(error),))
        if result.state == SIGNED_RECORD:
            return RecordStatus(RECORD, result.signer, approved.approved_on, record=approved)
        return RecordStatus(
            APPROVED_UNSIGNED, result.signer, approved.approved_on, tuple(result.reasons)
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
