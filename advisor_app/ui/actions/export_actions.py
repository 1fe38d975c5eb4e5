"""File > Export PDF…, File > Sign Off…, and Edit > Start New Revision."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from advisor_app.domain import Plan, edits
from advisor_app.plans import PlanFileError

if TYPE_CHECKING:
    from advisor_app.export.signing import AdvisorCertificate
    from advisor_app.ui.main_window import MainWindow

PDF_FILTER = "PDF documents (*.pdf)"


class ExportActions:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.export_action = QAction("&Export PDF…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_dialog)
        self.sign_off_action = QAction("Sign &Off…", window)
        self.sign_off_action.triggered.connect(self.sign_off)
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
        plan = self.window.document.plan
        self.revision_action.setEnabled(plan.locked)
        self.sign_off_action.setText("Sign and Export &Again…" if plan.locked else "Sign &Off…")

    def populate_file_menu(self, menu: QMenu, before: QAction) -> None:
        menu.insertActions(
            before, [self.export_action, self.sign_off_action, self.certificate_action]
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

    def export_to(
        self, path: Path, plan: Plan, certificate: "AdvisorCertificate | None" = None
    ) -> bool:
        # ReportLab and pyHanko load on first export, not at start-up.
        from advisor_app.export.pdf import export_pdf
        from advisor_app.export.signing import SigningError

        try:
            export_pdf(self.window.document.catalog, plan, path, date.today(), certificate)
        except (PlanFileError, SigningError) as error:
            self.window.show_error(
                "Cannot export PDF", f"{error}\n\nThe plan is still open; nothing was lost."
            )
            return False
        signed = f", signed by {certificate.name}" if certificate else ""
        self.window.statusBar().showMessage(f"Exported {path}{signed}", 6000)
        return True

    def sign_off(self) -> bool:
        """Approve (one undoable edit) and export the approved PDF, signed when asked."""
        from advisor_app.ui.dialogs.signoff_dialog import SignOffDialog

        document = self.window.document
        dialog = SignOffDialog(document.plan, document.report, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.approve_and_export(dialog.certificate)

    def approve_and_export(
        self, certificate: "AdvisorCertificate | None", path: Path | None = None
    ) -> bool:
        document = self.window.document
        plan = document.plan
        signer = certificate.name if certificate else plan.advisor_name
        approved = plan if plan.locked else edits.approve(plan, date.today().isoformat(), signer)
        path = path or self._choose_pdf_path(approved)
        # Export first: the approval is only recorded once its PDF exists.
        if path is None or not self.export_to(path, approved, certificate):
            return False
        if not plan.locked:
            self.window.editor.approve(approved.approved_on, approved.approved_by)
        if document.path is not None:
            self.window.files.save()
        return True

    def create_test_certificate(self) -> None:
        from advisor_app.ui.dialogs.signoff_dialog import create_test_certificate

        plan = self.window.document.plan
        made = create_test_certificate(self.window, plan.advisor_name, self.window.files.folder())
        if made is not None:
            self.window.statusBar().showMessage(f"Test certificate saved as {made[0]}", 6000)

    def start_revision(self) -> None:
        if self.window.editor.start_revision():
            revision = self.window.document.plan.revision
            self.window.statusBar().showMessage(
                f"Revision {revision} started: the plan can be edited again", 6000
            )
