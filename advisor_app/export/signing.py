"""Standard PDF signatures (pyHanko) with the advisor's PKCS#12 certificate, and a self-signed
certificate for trying sign-off out before the department issues real ones."""

import asyncio
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from advisor_app.plans.writing import write_atomically

SIGNATURE_FIELD = "AdvisorSignature"


class SigningError(Exception):
    """A certificate that cannot be used, or a PDF that cannot be signed: the message says which."""


def create_self_signed_certificate(
    path: Path, name: str, passphrase: bytes, email: str = "", years: int = 2
) -> None:
    """Write a PKCS#12 file with a new RSA key and a self-signed certificate for `name`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    if not name.strip():
        raise SigningError("the certificate needs the advisor's name")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, name.strip()),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "AIPI Advisor (self-signed, for trying out)"),
    ]
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    subject = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(
        name.strip().encode(), key, certificate, None, encryption
    )
    write_atomically(path, data, keep_backup=False)


@dataclass(frozen=True)
class AdvisorCertificate:
    """A loaded PKCS#12 certificate, ready to sign; `name` is its holder's common name."""

    name: str
    signer: object


def load_certificate(path: Path, passphrase: bytes) -> AdvisorCertificate:
    from pyhanko.sign import signers

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SigningError(f"cannot read the certificate {path}: {error.strerror}") from None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(raw, (), passphrase=passphrase or None)
    except ValueError:
        raise SigningError(
            f"{path.name}: not a PKCS#12 certificate, or the passphrase is wrong"
        ) from None
    return AdvisorCertificate(_common_name(signer.signing_cert), signer)


def sign_pdf_bytes(data: bytes, certificate: AdvisorCertificate, reason: str) -> bytes:
    """The PDF with an incremental update holding a standard (adbe.pkcs7.detached) signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location="Duke University, Pratt School of Engineering",
        name=certificate.name,
        subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    signer = certificate.signer
    out = signers.sign_pdf(writer, metadata, signer=signer)  # type: ignore[arg-type]
    signed: bytes = out.getvalue()
    return signed


@dataclass(frozen=True)
class SignatureCheck:
    """What a signature says: whether it is intact, whether it covers the whole file, by whom."""

    signer: str
    signed_at: str
    intact: bool
    covers_whole_file: bool
    self_signed: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.covers_whole_file


def check_signatures(data: bytes) -> list[SignatureCheck]:
    """Every signature in the PDF; a PDF that cannot be parsed counts as one broken signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # pyHanko raises many kinds on a damaged file
        return [SignatureCheck("unknown", "", False, False, False)] if b"/ByteRange" in data else []
    results = []
    for signature in signatures:
        try:
            signer_cert = signature.signer_cert
            context = ValidationContext(trust_roots=[signer_cert], allow_fetching=False)
            status = asyncio.run(async_validate_pdf_signature(signature, context))
            when = status.signer_reported_dt
            results.append(
                SignatureCheck(
                    signer=_common_name(signer_cert),
                    signed_at=when.isoformat(timespec="minutes") if when else "",
                    intact=bool(status.intact and status.valid)
                    and _contents_untouched(data, signature),
                    covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    self_signed=bool(signer_cert.self_signed),
                )
            )
        except Exception:  # a damaged signature is a failed check, never a crash
            results.append(SignatureCheck("unknown", "", False, False, False))
    return results


def _common_name(certificate: object) -> str:
    subject = certificate.subject  # type: ignore[attr-defined]
    return str(subject.native.get("common_name") or subject.human_friendly)


def _contents_untouched(data: bytes, signature: object) -> bool:
    """The byte range of a signature leaves out its /Contents, and a reader forgives much there
    (letter case, stray characters, zero padding, a longer length); a byte changed in it would pass
    unseen. So /Contents must be exactly the signature's canonical DER in one letter case, then
    zeros."""
    from asn1crypto import cms

    byte_range = signature.sig_object["/ByteRange"]  # type: ignore[attr-defined]
    text = data[byte_range[0] + byte_range[1] : byte_range[2]]
    if not (text.startswith(b"<") and text.endswith(b">")):
        return False
    hex_text = text[1:-1].decode("ascii", "replace")
    if hex_text not in (hex_text.upper(), hex_text.lower()) or len(hex_text) % 2:
        return False
    try:
        raw = bytes.fromhex(hex_text)
        der = raw[: _der_length(raw)]
        content = cms.ContentInfo.load(der, strict=True)
        canonical = content.dump(force=True)
        signed_data = content["content"]
        # The parts of the CMS structure no digest covers must be exactly what RFC 5652 implies.
        signer_infos = list(signed_data["signer_infos"])
        digests = {info["digest_algorithm"]["algorithm"].dotted for info in signer_infos}
        declared = {algorithm["algorithm"].dotted for algorithm in signed_data["digest_algorithms"]}
        versions_right = signed_data["version"].native == "v1" and all(
            info["version"].native == "v1" for info in signer_infos
        )
    except (ValueError, IndexError, KeyError, TypeError):
        return False
    return (
        canonical == der
        and versions_right
        and declared == digests
        and not raw[len(der) :].strip(b"\0")
    )


def _der_length(value: bytes) -> int:
    """The whole length (tag, length, content) of the DER value at the start of `value`."""
    first = value[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    return 2 + count + int.from_bytes(value[2 : 2 + count], "big")
