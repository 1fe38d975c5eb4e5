"""File > Trusted Signers…: where trusted certificates come from (each folder or file, as
`advisor-app verify` uses them) and the certificates found there. A program office's CA or an
advisor's certificate can be added to the user's own trust folder from here."""

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_app.export import trust
from advisor_app.export.trust import TRUST_ENV, TrustSource, trust_sources

CERTIFICATE_FILTER = "Certificates (*.pem *.crt *.cer *.der);;All files (*)"
_KINDS = {
    "--trust": "Given on the command line",
    TRUST_ENV: f"The folder named by {TRUST_ENV}",
    "settings folder": "Your settings folder",
    "shipped with the app": "Shipped with the app, beside the catalog",
}


class TrustedSignersDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trusted signers")
        self.setAccessibleName("Trusted signers")
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A signed PDF is a signed-off record only when its certificate is one of these, or "
            "was issued by one of these (a program CA), and names the plan's advisor. Every "
            "source below is used together, by this window and by advisor-app verify."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Certificate (file)", "Kind", "Issued by", "Valid until"])
        self.tree.setAccessibleName("Trust sources and their certificates")
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)
        hint = QLabel(
            "To trust every advisor a program CA issues, put the CA's certificate (CA.pem) in "
            "one of these folders; to trust one advisor, put that advisor's certificate there."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = QPushButton("Add Certificate…")
        self.add_button.setToolTip(f"Copy a certificate (PEM or DER) into {trust.user_trust_dir()}")
        self.add_button.clicked.connect(self.add_certificate)
        self.open_button = QPushButton("Open My Trust Folder")
        self.open_button.clicked.connect(self.open_folder)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.sources = trust_sources()
        self.tree.clear()
        for source in self.sources:
            item = self._source_item(source)
            self.tree.addTopLevelItem(item)
            # Spanning takes effect once an item is in the tree: a folder's path is never cut.
            item.setFirstColumnSpanned(True)
            for index in range(item.childCount()):
                child = item.child(index)
                if child is not None:
                    child.setFirstColumnSpanned(child.text(1) == "")
        self.tree.expandAll()

    def _source_item(self, source: TrustSource) -> QTreeWidgetItem:
        count = len(source.certificates)
        found = f"{count} certificate{'' if count == 1 else 's'}"
        state = found if source.exists else "no such folder yet"
        item = QTreeWidgetItem([f"{_KINDS.get(source.kind, source.kind)}: {source.path} ({state})"])
        item.setToolTip(0, str(source.path))
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        for certificate in source.certificates:
            child = QTreeWidgetItem(
                [
                    f"{certificate.subject}  ({certificate.file.name})",
                    "program CA" if certificate.authority else "advisor",
                    "itself" if certificate.issuer == certificate.subject else certificate.issuer,
                    certificate.valid_until,
                ]
            )
            child.setToolTip(0, f"{certificate.file}\nSHA-256 {certificate.sha256}")
            item.addChild(child)
        for problem in source.problems:
            child = QTreeWidgetItem([f"Not used: {problem}"])
            child.setForeground(0, Qt.GlobalColor.darkRed)
            item.addChild(child)
        return item

    def add_certificate(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Add a trusted certificate", "", CERTIFICATE_FILTER
        )
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> bool:
        """Copy a certificate into the user's trust folder, after checking it is one."""
        from advisor_app.export.trust import CERTIFICATE_SUFFIXES, TrustError

        if path.suffix.lower() not in CERTIFICATE_SUFFIXES:
            QMessageBox.warning(
                self,
                "Cannot add certificate",
                f"{path.name}: a certificate file ends in {', '.join(CERTIFICATE_SUFFIXES)}",
            )
            return False
        try:
            trust_sources([path])  # refuses a file that holds no readable certificate
            folder = trust.user_trust_dir()
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / path.name)
        except (TrustError, OSError) as error:
            QMessageBox.warning(self, "Cannot add certificate", str(error))
            return False
        self.refresh()
        return True

    def open_folder(self) -> None:
        folder = trust.user_trust_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
