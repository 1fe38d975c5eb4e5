"""The Sign-off dialog: the advisor approves the plan and, optionally, signs the PDF."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain import Plan
from advisor_app.export.approval import approval_problems, same_person
from advisor_app.export.certificates import create_self_signed_certificate
from advisor_app.export.signing import CertificateFile, SigningError, read_certificate_file
from advisor_app.rules import Report, summary

CERTIFICATE_FILTER = "Advisor certificates (*.p12 *.pfx);;All files (*)"


class SignOffDialog(QDialog):
    """Collects the approval and, when asked for, a certificate its passphrase opens; signs
    nothing itself (the export's child process does)."""

    def __init__(self, plan: Plan, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign off plan")
        self.setAccessibleName("Sign off plan")
        self.certificate: CertificateFile | None = None
        layout = QVBoxLayout(self)
        student = plan.student_name or "the student"
        intro = QLabel(
            f"Approving records this plan as agreed between {plan.advisor_name or 'the advisor'}"
            f" and {student}. The approved plan is read-only until a new revision is started."
            f"\n\nRevision {plan.revision}. Validation: {summary(report.findings)}."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        # The same rules as `advisor-app export --approve/--sign`, said before anything is asked.
        self.problems = approval_problems(plan, report)
        self.problem_label = QLabel(
            "This plan cannot be approved yet:\n"
            + "\n".join(f"• {problem[:1].upper()}{problem[1:]}." for problem in self.problems)
        )
        self.problem_label.setObjectName("signOffWarning")
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(bool(self.problems))
        layout.addWidget(self.problem_label)
        self.approve_box = QCheckBox("I approve this plan as the student's advisor")
        self.approve_box.setEnabled(not self.problems)
        layout.addWidget(self.approve_box)

        self.sign_group = QGroupBox("Digitally sign the PDF with my certificate")
        self.sign_group.setCheckable(True)
        self.sign_group.setChecked(False)
        form = QFormLayout(self.sign_group)
        self.certificate_path = QLineEdit()
        self.certificate_path.setAccessibleName("Certificate file")
        self.certificate_path.setPlaceholderText("advisor.p12")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.certificate_path, 1)
        row.addWidget(browse)
        form.addRow("Certificate (PKCS#12)", row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Certificate passphrase")
        form.addRow("Passphrase", self.passphrase)
        create = QPushButton("Create Test Certificate…")
        create.setToolTip("A self-signed certificate for trying signatures out; not trusted")
        create.clicked.connect(self._create_certificate)
        form.addRow("", create)
        note = QLabel(
            "Only a certificate of a trusted signer (File > Trusted Signers…) in the advisor's "
            "name makes the PDF a signed-off record; a test certificate does not."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(self.sign_group)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Approve and Export PDF…")
        self.ok_button.setEnabled(False)
        self.approve_box.toggled.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.advisor_name = plan.advisor_name

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Advisor certificate", "", CERTIFICATE_FILTER)
        if name:
            self.certificate_path.setText(name)

    def _create_certificate(self) -> None:
        made = create_test_certificate(self, self.advisor_name)
        if made is not None:
            self.certificate_path.setText(made[0])
            self.passphrase.setText(made[1])

    def accept(self) -> None:
        """Open the certificate before closing, so a wrong passphrase is said here."""
        self.certificate = None
        if self.sign_group.isChecked():
            path = self.certificate_path.text().strip()
            if not path:
                QMessageBox.warning(
                    self, "No certificate", "Choose the certificate file to sign with."
                )
                return
            try:
                certificate = read_certificate_file(Path(path), self.passphrase.text().encode())
            except SigningError as error:
                QMessageBox.warning(self, "Cannot use certificate", str(error))
                return
            if not same_person(certificate.name, self.advisor_name):
                QMessageBox.warning(
                    self,
                    "Not the advisor's certificate",
                    f"The certificate is {certificate.name}'s, but this plan's advisor is "
                    f"{self.advisor_name}. Only the advisor's own certificate can sign.",
                )
                return
            self.certificate = certificate
        super().accept()


def create_test_certificate(
    parent: QWidget, advisor_name: str, folder: str = ""
) -> tuple[str, str] | None:
    """Ask for a name, a passphrase and a file; make a self-signed certificate there.

    Returns (file, passphrase), or None when cancelled or when it could not be made (said).
    Reachable from the Sign Off dialog and from File > Create Test Certificate….
    """
    name, ok = QInputDialog.getText(
        parent, "Test certificate", "Advisor name on the certificate:", text=advisor_name
    )
    if not ok or not name.strip():
        return None
    passphrase, ok = QInputDialog.getText(
        parent,
        "Test certificate",
        "Passphrase protecting the certificate:",
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return None
    suggested = str(Path(folder) / "advisor-test.p12") if folder else "advisor-test.p12"
    target, _ = QFileDialog.getSaveFileName(
        parent, "Save test certificate", suggested, CERTIFICATE_FILTER
    )
    if not target:
        return None
    try:
        create_self_signed_certificate(Path(target), name.strip(), passphrase.encode())
    except SigningError as error:
        QMessageBox.warning(parent, "Cannot create certificate", str(error))
        return None
    return target, passphrase
