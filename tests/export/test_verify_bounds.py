"""Files built to make checking a signature run without end (found in stop 23) are refused with
their reason before pyHanko walks them: before, `verify` ran for minutes, or hours."""

import datetime
import io
from datetime import date

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from advisor_app.export.approval import sign_off
from advisor_app.export.signing import MAX_CARRIED_CERTIFICATES, MAX_FIELD_VISITS
from advisor_app.export.verify import verify_pdf
from tests.export.conftest import advisor_plan


def _approved(catalog, tmp_path):
    path = tmp_path / "approved.pdf"
    sign_off(catalog, advisor_plan(catalog, "Dr. Jane Advisor"), path, date.today(), None)
    return path


def test_a_signature_carrying_look_alike_issuers_is_not_checked(catalog, tmp_path):
    """Nine certificates named like the program CA made pyHanko try every order of them."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from advisor_app.export.offline_pyhanko import prepare

    prepare()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    now = datetime.datetime.now(datetime.UTC)

    def certificate(subject, issuer, public_key, signing_key, serial, authority):
        name = lambda text: x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])  # noqa: E731
        built = (
            x509.CertificateBuilder()
            .subject_name(name(subject))
            .issuer_name(name(issuer))
            .public_key(public_key)
            .serial_number(serial)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
        )
        if authority:
            built = built.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        der = built.sign(signing_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
        return asn1_x509.Certificate.load(der)

    leaf_key, ca_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    leaf = certificate(
        "Dr. Jane Advisor", "AIPI Program CA", leaf_key.public_key(), ca_key, 1, False
    )
    look_alikes = [
        certificate("AIPI Program CA", "AIPI Program CA", ca_key.public_key(), ca_key, 2 + n, True)
        for n in range(9)
    ]
    private = leaf_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_key=keys.PrivateKeyInfo.load(private),
        signing_cert=leaf,
        cert_registry=SimpleCertificateStore.from_certs(look_alikes),
    )
    source = _approved(catalog, tmp_path)
    writer = IncrementalPdfFileWriter(io.BytesIO(source.read_bytes()), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Mesh", md_algorithm="sha256")
    signed = signers.sign_pdf(
        writer, meta, signer=signer, new_field_spec=fields.SigFieldSpec("Mesh")
    )
    path = tmp_path / "mesh.pdf"
    path.write_bytes(signed.getvalue())
    result = verify_pdf(catalog, path)
    assert result.state != "signed-record"
    assert any(
        f"carries 10 certificates; an advisor's carries at most {MAX_CARRIED_CERTIFICATES}" in r
        for r in result.reasons
    )


def test_a_form_whose_fields_are_reused_many_times_over_is_not_walked(catalog, tmp_path):
    """Fourteen levels of fields, each listing the one below ten times: 10^14 paths."""
    writer = PdfWriter(clone_from=PdfReader(_approved(catalog, tmp_path)))
    below = None
    for level in range(14):
        field = DictionaryObject({NameObject("/T"): TextStringObject(f"f{level}")})
        if below is not None:
            field[NameObject("/Kids")] = ArrayObject([below] * 10)
        below = writer._add_object(field)
    form = DictionaryObject({NameObject("/Fields"): ArrayObject([below])})
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(form)
    path = tmp_path / "fields.pdf"
    writer.write(path)
    result = verify_pdf(catalog, path)
    assert result.state != "signed-record"
    assert any(f"beyond {MAX_FIELD_VISITS:,} visits" in reason for reason in result.reasons)
