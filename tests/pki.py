"""Certificates the tests share: a program CA and the advisors it issues, an advisor trusted on
her own (self-signed), and what a student with bad intentions can make."""

from dataclasses import dataclass
from pathlib import Path

from advisor_app.export.certificates import (
    create_advisor_certificate,
    create_authority,
    create_self_signed_certificate,
    load_issuer,
)
from advisor_app.export.signing import AdvisorCertificate, load_certificate

PASSPHRASE = b"correct horse"


@dataclass(frozen=True)
class Pki:
    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / name

    def certificate(self, name: str) -> AdvisorCertificate:
        return load_certificate(self.folder / f"{name}.p12", PASSPHRASE)


def make_pki(folder: Path) -> Pki:
    """CA.p12/CA.pem (the program's CA); noor and advisor ("Dr. Advisor", the name the shared
    test plans carry) issued by it; ada (self-signed, trusted on her
    own via ada.pem); forged-ada and forged-noor (self-signed by a student, same names); fake-ca and fake-ada (a
    home-made "Duke University CA" and the certificate it issues in Ada's name)."""
    create_authority(folder / "CA.p12", "AIPI Program CA", PASSPHRASE, folder / "CA.pem")
    program = load_issuer(folder / "CA.p12", PASSPHRASE)
    create_advisor_certificate(
        folder / "noor.p12", "Dr. Noor Advisor", PASSPHRASE, folder / "noor.pem", program
    )
    create_advisor_certificate(folder / "advisor.p12", "Dr. Advisor", PASSPHRASE, issuer=program)
    create_advisor_certificate(
        folder / "ada.p12", "Dr. Ada Advisor", PASSPHRASE, folder / "ada.pem"
    )
    create_self_signed_certificate(folder / "forged-ada.p12", "Dr. Ada Advisor", PASSPHRASE)
    create_self_signed_certificate(folder / "forged-noor.p12", "Dr. Noor Advisor", PASSPHRASE)
    create_authority(folder / "fake-ca.p12", "Duke University CA", PASSPHRASE, folder / "fake.pem")
    fake = load_issuer(folder / "fake-ca.p12", PASSPHRASE)
    create_advisor_certificate(folder / "fake-ada.p12", "Dr. Ada Advisor", PASSPHRASE, issuer=fake)
    return Pki(folder)


def trust_folder(pki: Pki, folder: Path) -> Path:
    """A program office's trust folder: the program CA and Ada's own certificate."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("CA.pem", "ada.pem"):
        (folder / name).write_bytes(pki.path(name).read_bytes())
    return folder
