"""`advisor-app certificate [authority]`: a program CA, advisor certificates it issues, and
self-signed ones; PEM files for a trust folder."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12

from advisor_app.cli import main
from advisor_app.export.certificates import create_advisor_certificate, load_issuer
from advisor_app.export.signing import SigningError, load_certificate


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_program_ca_issues_advisor_certificates(tmp_path, capsys):
    secret = tmp_path / "ca-pass.txt"
    secret.write_text("ca secret\n")
    ca, ca_pem = tmp_path / "CA.p12", tmp_path / "CA.pem"
    code, out, _ = run(
        capsys, "certificate", "authority", "--name", "AIPI Program CA", "-o", str(ca),
        "--pem", str(ca_pem), "--passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0 and "put CA.pem in the trust folder" in out.replace(str(tmp_path) + "/", "")
    authority = x509.load_pem_x509_certificate(ca_pem.read_bytes())
    constraints = authority.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca and authority.subject == authority.issuer
    jane, jane_pem = tmp_path / "jane.p12", tmp_path / "jane.pem"
    code, out, _ = run(
        capsys, "certificate", "--name", "Dr. Jane Advisor", "-o", str(jane), "--pem",
        str(jane_pem), "--issuer", str(ca), "--issuer-passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0 and "issued by AIPI Program CA" in out
    issued = x509.load_pem_x509_certificate(jane_pem.read_bytes())
    issued.verify_directly_issued_by(authority)
    assert issued.not_valid_after_utc <= authority.not_valid_after_utc
    _key, _cert, chain = pkcs12.load_key_and_certificates(jane.read_bytes(), None)
    assert [c.subject for c in chain] == [authority.subject]  # signatures carry the chain
    assert load_certificate(jane, b"").name == "Dr. Jane Advisor"


def test_the_self_signed_certificate_command_keeps_working(tmp_path, capsys):
    code, out, _ = run(
        capsys, "certificate", "--name", "Dr. Ada Advisor", "-o", str(tmp_path / "a.p12")
    )
    assert code == 0 and "self-signed" in out
    certificate = load_certificate(tmp_path / "a.p12", b"")
    assert certificate.name == "Dr. Ada Advisor"
    code, out, _ = run(
        capsys, "certificate", "--name", "Dr. Ada Advisor", "-o", str(tmp_path / "b.p12"),
        "--pem", str(tmp_path / "b.pem"),
    )  # fmt: skip
    assert code == 0 and "to trust this advisor" in out and (tmp_path / "b.pem").is_file()


def test_what_cannot_issue_or_be_issued_is_said(pki, tmp_path, capsys):
    target = str(tmp_path / "x.p12")
    code, _, err = run(
        capsys, "certificate", "--name", "X", "-o", target, "--issuer", str(pki.path("noor.p12")),
        "--issuer-passphrase-file", str(_passphrase(tmp_path)),
    )  # fmt: skip
    assert code == 2 and "not a certificate authority" in err
    code, _, err = run(
        capsys, "certificate", "--name", "X", "-o", target, "--issuer", str(pki.path("CA.p12"))
    )
    assert code == 2 and "passphrase is wrong" in err
    code, _, err = run(
        capsys, "certificate", "authority", "--name", "X", "-o", target, "--issuer", "CA.p12"
    )
    assert code == 2 and "--issuer is for advisor certificates" in err
    code, _, err = run(capsys, "certificate", "--name", "王" * 22, "-o", target)
    assert code == 2 and "too long for a certificate" in err
    code, _, err = run(capsys, "certificate", "--name", "   ", "-o", target)
    assert code == 2 and "needs a name" in err
    code, _, err = run(
        capsys,
        "certificate",
        "--name",
        "X",
        "-o",
        target,
        "--passphrase-file",
        str(tmp_path / "no"),
    )
    assert code == 2 and "cannot read the passphrase file" in err
    code, _, err = run(capsys, "certificate", "--name", "X", "-o", str(tmp_path / "no" / "x.p12"))
    assert code == 2 and "no such folder" in err
    assert not (tmp_path / "x.p12").exists()


def _passphrase(tmp_path):
    path = tmp_path / "pass.txt"
    path.write_text("correct horse")
    return path


def test_an_issuer_without_a_key_or_unreadable_is_refused(pki, tmp_path):
    with pytest.raises(SigningError, match="cannot read the issuer"):
        load_issuer(tmp_path / "missing.p12", b"")
    only_certificate = tmp_path / "only.p12"
    certificate = x509.load_pem_x509_certificate(pki.path("CA.pem").read_bytes())
    only_certificate.write_bytes(
        pkcs12.serialize_key_and_certificates(b"ca", None, None, [certificate], NoEncryption())
    )
    with pytest.raises(SigningError, match="holds no key and certificate"):
        load_issuer(only_certificate, b"")
    with pytest.raises(SigningError):
        create_advisor_certificate(tmp_path / "c.p12", "Dr. \u202eX", b"")
