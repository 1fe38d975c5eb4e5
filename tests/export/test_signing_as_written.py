"""An export signed as ReportLab writes it (export/signing.py, no pyHanko), judged by pyHanko's own
validation, by `advisor-app verify`, and against a student who plants placeholders in the PDF."""

import datetime as dt
import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from msgspec.structs import replace
from pypdf import PdfReader

from advisor_app.cli import main
from advisor_app.domain.edits import approve
from advisor_app.export.approval import sign_off
from advisor_app.export.pdf import render_pdf
from advisor_app.export.signing import (
    SIGNATURE_FIELD,
    SigningError,
    check_signatures,
    fill_signature,
    load_certificate,
    read_certificate_file,
    signature_slot,
)
from advisor_app.export.trust import trust_roots, trust_sources
from advisor_app.export.verify import INVALID, SIGNED_RECORD, verify_pdf
from advisor_app.plans import load_plan
from tests.export.conftest import advisor_plan
from tests.pki import PASSPHRASE

NOW = dt.datetime.now(dt.UTC)


def byte_range(data: bytes) -> tuple[int, int, int, int]:
    """The signature's /ByteRange, read as a PDF reader reads it (not by searching the bytes)."""
    [field] = PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]["/Fields"]
    a, b, c, d = map(int, field.get_object()["/V"]["/ByteRange"])
    return a, b, c, d


def test_pyhankos_own_validation_finds_it_intact_whole_and_named(signed_record, pki):
    """The field, the dictionary and the CMS structure, as pyHanko reads and validates them."""
    import asyncio

    from advisor_app.export.offline_pyhanko import prepare

    prepare()  # before pyHanko is first imported: no HTTP client, as in the app
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    data = signed_record[0].read_bytes()
    [signature] = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    assert signature.field_name == SIGNATURE_FIELD
    roots = trust_roots(trust_sources([pki.path("CA.pem")]))
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = asyncio.run(async_validate_pdf_signature(signature, context))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["common_name"] == "Dr. Noor Advisor"
    assert abs(status.signer_reported_dt - NOW) < dt.timedelta(hours=1)
    sig = signature.sig_object
    assert sig["/Type"] == "/Sig" and sig["/Filter"] == "/Adobe.PPKLite"
    assert sig["/SubFilter"] == "/adbe.pkcs7.detached"
    assert sig["/Name"] == "Dr. Noor Advisor"
    assert sig["/Reason"] == "AIPI degree plan approved, revision 1"
    assert sig["/Location"] == "Duke University, Pratt School of Engineering"
    assert re.fullmatch(r"D:\d{14}\+00'00'", str(sig["/M"]))
    # The byte range leaves out exactly /Contents and reaches the end of the file.
    a, b, c, d = byte_range(data)
    assert a == 0 and data[b : b + 1] == b"<" and data[c - 1 : c] == b">" and c + d == len(data)


def test_the_field_is_an_invisible_locked_widget_on_the_last_page(signed_record):
    reader = PdfReader(signed_record[0])
    form = reader.trailer["/Root"]["/AcroForm"]
    assert form["/SigFlags"] == 3
    [field] = [f.get_object() for f in form["/Fields"]]
    assert field["/FT"] == "/Sig" and field["/T"] == SIGNATURE_FIELD
    assert field["/Subtype"] == "/Widget" and field["/F"] == 132
    assert [float(v) for v in field["/Rect"]] == [0, 0, 0, 0]
    last = reader.pages[-1]
    assert field["/P"].get_object() == last.get_object()
    assert [a.get_object() for a in last["/Annots"]] == [field]
    assert all("/Annots" not in page for page in reader.pages[:-1])


@pytest.mark.skipif(not __import__("shutil").which("pdfsig"), reason="poppler's pdfsig is missing")
def test_poppler_reads_the_signature_as_valid_and_whole(signed_record):
    out = subprocess.run(["pdfsig", str(signed_record[0])], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out and "Total document signed" in out
    assert "adbe.pkcs7.detached" in out and "SHA-256" in out


# ------------------------------------------------------------------ a student's planted text
PLANTED = (
    "/ByteRange [0 0000000000 0000000000 0000000000] /Contents <"
    + "0" * 64
    + "> << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
    "/ByteRange [0 0000000000 0000000000 0000000000] /Contents <0000> >> endobj"
)


def test_placeholders_a_student_plants_are_not_filled(catalog, pki, trusted, tmp_path):
    """The notes and the student's name (printed, and raw in the embedded plan.json) hold what
    looks like the signature's placeholders: the signature is still written into its own
    dictionary, found by its offset, and the planted text is signed as it was."""
    plan = replace(
        advisor_plan(catalog, "Dr. Noor Advisor"),
        notes=PLANTED,
        student_name="Eve /ByteRange [0 0000000000 0000000000 0000000000] /Contents <0000>",
    )
    path = tmp_path / "planted.pdf"
    sign_off(catalog, plan, path, date.today(), pki.certificate("noor"))
    data = path.read_bytes()
    assert PLANTED.encode() in data  # in plan.json, raw: planted as written
    result = verify_pdf(catalog, path, require_signature=True)
    assert result.state == SIGNED_RECORD, result.reasons
    assert load_plan(path).notes == PLANTED
    a, b, c, d = byte_range(data)
    assert data.count(b"/ByteRange [%d %d %d %d]" % (a, b, c, d)) == 1
    assert data[b - len(b"/Contents ") : b] == b"/Contents " and c + d == len(data)
    # Every planted placeholder is still there, zeros and all: signed as the student wrote it.
    assert data.count(b"/ByteRange [0 0000000000 0000000000 0000000000]") >= 3


def test_a_slot_not_where_reportlab_wrote_it_is_refused(catalog, pki):
    """The placeholder is found only at the offset ReportLab gave its object, holding exactly
    the bytes written there: anything else refuses to sign."""
    certificate = pki.certificate("noor")
    approved = approve(
        advisor_plan(catalog, "Dr. Noor Advisor"), date.today().isoformat(), "Dr. Noor Advisor"
    )
    slot = signature_slot(certificate, "x")
    data = render_pdf(catalog, approved, signed_by=certificate.name, signature=slot)
    assert check_signatures(fill_signature(data, slot, certificate), ())[0].intact
    for moved in (replace(slot, offset=slot.offset + 1), replace(slot, offset=-1)):
        with pytest.raises(SigningError, match="not written where"):
            fill_signature(data, moved, certificate)
    with pytest.raises(SigningError, match="not written where"):
        fill_signature(data[:10] + b" " + data[10:], slot, certificate)
    with pytest.raises(SigningError, match="does not fit"):
        small = signature_slot(certificate, "x")
        small.contents_bytes = 100
        fill_signature(render_pdf(catalog, approved, signature=small), small, certificate)


def test_an_incremental_update_after_signing_is_not_covered(catalog, signed_record, trusted):
    from advisor_app.export.offline_pyhanko import prepare

    prepare()
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_record[0].read_bytes()), strict=False)
    writer.root[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    [signature] = check_signatures(out.getvalue(), trust_roots(trust_sources()))
    assert signature.intact and not signature.covers_whole_file
    path = signed_record[0].with_name("updated.pdf")
    path.write_bytes(out.getvalue())
    result = verify_pdf(catalog, path)
    assert result.state == INVALID
    assert result.reasons == ["the file was changed after Dr. Noor Advisor signed it"]


# ------------------------------------------------------------------ certificates and keys
def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: str, issuer_key, authority: bool) -> x509.Certificate:
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=not authority,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=authority,
        crl_sign=authority,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(
            issuer_key,
            None if isinstance(issuer_key, ed25519.Ed25519PrivateKey) else hashes.SHA256(),
        )
    )


def _p12(path: Path, key, certificate, chain=None) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", key, certificate, chain, serialization.BestAvailableEncryption(PASSPHRASE)
        )
    )
    return path


def _pem(path: Path, certificate: x509.Certificate) -> Path:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def _signed(catalog, name: str, p12: Path, tmp_path: Path) -> Path:
    path = tmp_path / "signed.pdf"
    sign_off(
        catalog, advisor_plan(catalog, name), path, date.today(), load_certificate(p12, PASSPHRASE)
    )
    return path


def test_a_chain_through_an_intermediate_ca_is_trusted_by_its_root(catalog, tmp_path):
    """Root -> department CA -> advisor; only the root is trusted. The file's unrelated
    certificate is not carried (it would make the signature fail the carried-chain check)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    middle_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    advisor_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate("Duke Root CA", root_key, "Duke Root CA", root_key, authority=True)
    middle = _certificate("Pratt CA", middle_key, "Duke Root CA", root_key, authority=True)
    advisor = _certificate("Dr. Mid Advisor", advisor_key, "Pratt CA", middle_key, False)
    other = _certificate("Unrelated", other_key, "Unrelated", other_key, authority=True)
    p12 = _p12(tmp_path / "mid.p12", advisor_key, advisor, [other, root, middle])
    certificate = load_certificate(p12, PASSPHRASE)
    assert certificate.chain == (middle, root)
    path = _signed(catalog, "Dr. Mid Advisor", p12, tmp_path)
    trust = ["--trust", str(_pem(tmp_path / "root.pem", root))]
    result = verify_pdf(catalog, path, trust_files=[Path(trust[1])])
    assert result.state == SIGNED_RECORD, result.reasons
    assert result.signatures[0].issuer == "Pratt CA" and result.signatures[0].trusted
    assert main(["verify", str(path), *trust, "--require-signature"]) == 0
    # Without the root trusted, the same chain is not.
    assert verify_pdf(catalog, path).state == INVALID


@pytest.mark.parametrize("curve", [ec.SECP256R1(), ec.SECP384R1()], ids=["P-256", "P-384"])
def test_an_ec_key_signs(catalog, tmp_path, curve, capsys):
    key = ec.generate_private_key(curve)
    certificate = _certificate("Dr. Ec Advisor", key, "Dr. Ec Advisor", key, authority=False)
    path = _signed(catalog, "Dr. Ec Advisor", _p12(tmp_path / "ec.p12", key, certificate), tmp_path)
    pem = _pem(tmp_path / "ec.pem", certificate)
    result = verify_pdf(catalog, path, require_signature=True, trust_files=[pem])
    assert result.state == SIGNED_RECORD, result.reasons
    assert result.signatures[0].self_signed and result.signatures[0].trusted


@pytest.mark.parametrize("kind", ["Ed25519", "DSA"])
def test_a_key_neither_rsa_nor_ec_is_refused_in_one_line(tmp_path, kind):
    key = (
        ed25519.Ed25519PrivateKey.generate()
        if kind == "Ed25519"
        else dsa.generate_private_key(key_size=2048)
    )
    certificate = _certificate("Dr. Odd Key", key, "Dr. Odd Key", key, authority=False)
    p12 = _p12(tmp_path / "odd.p12", key, certificate)
    for load in (load_certificate, read_certificate_file):
        with pytest.raises(SigningError) as refused:
            load(p12, PASSPHRASE)
        message = str(refused.value)
        assert message == (
            f"odd.p12: its key is {kind}; a record is signed with an RSA or an EC (elliptic "
            "curve) key"
        )


def test_a_name_with_parentheses_backslashes_and_chinese_is_written_escaped(catalog, tmp_path):
    """The signature dictionary's strings are PDF strings, escaped: a name cannot end its own
    string early, and reads back as it was."""
    name = "Dr. Ève (王) \\ Advisor)"
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate(name, key, name, key, authority=False)
    path = _signed(catalog, name, _p12(tmp_path / "odd.p12", key, certificate), tmp_path)
    pem = _pem(tmp_path / "odd.pem", certificate)
    result = verify_pdf(catalog, path, require_signature=True, trust_files=[pem])
    assert result.state == SIGNED_RECORD, result.reasons
    [field] = PdfReader(path).trailer["/Root"]["/AcroForm"]["/Fields"]
    assert field.get_object()["/V"]["/Name"] == name


def test_a_key_that_is_not_the_certificates_is_refused(tmp_path, monkeypatch):
    """cryptography will not write such a file, but another tool might: its signatures would
    never verify, so it signs nothing."""
    key, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate("Dr. Mixed", other, "Dr. Mixed", other, authority=False)
    p12 = _p12(tmp_path / "mixed.p12", other, certificate)
    monkeypatch.setattr(pkcs12, "load_key_and_certificates", lambda *a: (key, certificate, []))
    for load in (load_certificate, read_certificate_file):
        with pytest.raises(SigningError, match=r"^mixed\.p12: its key is not the key of its"):
            load(p12, PASSPHRASE)
