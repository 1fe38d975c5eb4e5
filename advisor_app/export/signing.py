"""Standard PDF signatures (adbe.pkcs7.detached) with the advisor's PKCS#12 certificate, and
checking them against the configured trust anchors (export/trust.py).

An export is signed as ReportLab writes it ("prepare, then fill"): the PDF is drawn with a
signature field whose signature dictionary holds fixed-width placeholders for /ByteRange and
/Contents (export/pdf_canvas.py), found afterwards by the offset ReportLab's cross-reference table
gives that object, never by searching the file for text a student could have planted there. Then
/ByteRange is written in place, the bytes outside /Contents are signed with `cryptography` (a
detached CMS signature, SHA-256, carrying the certificate and the issuers the PKCS#12 file holds
for it), and the signature goes into /Contents: no offset moves. Signing loads no pyHanko.

Checking signatures stays with pyHanko (check_signatures): the independent judge of what was
written. sign_pdf_bytes, which signs a PDF already written with an incremental update, uses it too.
"""

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from msgspec import Struct
from msgspec.structs import replace

from advisor_app.export.offline_pyhanko import prepare
from advisor_app.export.trust import MAX_CERTIFICATE_FILE_BYTES
from advisor_app.plans.reading import read_bounded

SIGNATURE_FIELD = "AdvisorSignature"
LOCATION = "Duke University, Pratt School of Engineering"


class SigningError(Exception):
    """A certificate that cannot be used, or a PDF that cannot be signed: the message says which."""


class SigningCertificate(Protocol):
    """What an export signs with: an AdvisorCertificate, or a signer process holding one
    (export/signer_process.py)."""

    @property
    def name(self) -> str: ...

    def signature_room(self) -> int: ...

    def cms_signature(self, data: bytes) -> bytes: ...


class AdvisorCertificate(Struct, frozen=True):
    """A loaded PKCS#12 certificate, ready to sign: its holder's common name, and `cryptography`'s
    private key (RSA or EC), certificate, and the issuers the file holds for it, nearest first."""

    name: str
    key: Any
    certificate: Any
    chain: tuple[Any, ...] = ()

    def signature_room(self) -> int:
        """Room for a CMS signature by this certificate: the signature, the certificates it
        carries, the signed attributes, and a margin."""
        from cryptography.hazmat.primitives.serialization import Encoding

        carried = sum(len(c.public_bytes(Encoding.DER)) for c in (self.certificate, *self.chain))
        return int(carried + self.key.key_size // 4 + 2048)

    def cms_signature(self, data: bytes) -> bytes:
        """A detached CMS (PKCS#7) signature of `data`, DER: SHA-256, the signer's certificate
        and its issuers carried, signed attributes (content type, signing time: now, message
        digest)."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

        builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
        builder = builder.add_signer(self.certificate, self.key, hashes.SHA256())
        for issuer in self.chain:
            builder = builder.add_certificate(issuer)
        options = [
            pkcs7.PKCS7Options.DetachedSignature,
            pkcs7.PKCS7Options.Binary,  # the bytes as they are: no line endings translated
            pkcs7.PKCS7Options.NoCapabilities,
        ]
        return builder.sign(Encoding.DER, options)

    @property
    def signer(self) -> Any:
        """pyHanko's signer for this certificate (loads pyHanko), for sign_pdf_bytes."""
        prepare()
        from asn1crypto import keys, x509
        from cryptography.hazmat.primitives import serialization as s
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        def asn1(certificate: Any) -> Any:
            return x509.Certificate.load(certificate.public_bytes(s.Encoding.DER))

        der = self.key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
        registry = SimpleCertificateStore.from_certs(map(asn1, self.chain))  # type: ignore[no-untyped-call]
        return signers.SimpleSigner(
            signing_key=keys.PrivateKeyInfo.load(der),
            signing_cert=asn1(self.certificate),
            cert_registry=registry,
        )


class CertificateFile(Struct, frozen=True):
    """A PKCS#12 file whose passphrase opens it, and its holder's name: what the window checks
    and hands to the export's child process, which loads it to sign."""

    path: Path
    passphrase: bytes
    name: str


def load_certificate(path: Path, passphrase: bytes) -> AdvisorCertificate:
    """The certificate, ready to sign; SigningError when it cannot be read, its passphrase is
    wrong, its key is neither RSA nor EC, or it is not valid today."""
    key, certificate, others = _open(path, passphrase)
    name = _holder(certificate)
    return AdvisorCertificate(name, key, certificate, _issuers(certificate, others))


def read_certificate_file(path: Path, passphrase: bytes) -> CertificateFile:
    """Whether `passphrase` opens the certificate, and whose it is; SigningError as
    load_certificate says it."""
    _, certificate, _ = _open(path, passphrase)
    return CertificateFile(path, passphrase, _holder(certificate))


_UNUSABLE = "{name}: not a PKCS#12 certificate, or the passphrase is wrong"


def check_passphrase(passphrase: bytes) -> None:
    """A passphrase holding a NUL byte can neither open nor protect a PKCS#12 file (OpenSSL
    stops at the NUL; the cryptography library panics): refused before it is used."""
    if b"\0" in passphrase:
        raise SigningError("a passphrase cannot hold a NUL byte")


def _open(path: Path, passphrase: bytes) -> tuple[Any, Any, list[Any]]:
    """The key, certificate and other certificates of a PKCS#12 file that can sign today."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    check_passphrase(passphrase)
    try:
        raw = read_bounded(path, MAX_CERTIFICATE_FILE_BYTES)
    except OSError as error:
        raise SigningError(f"cannot read the certificate {path}: {error.strerror}") from None
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(raw, passphrase or None)
    except ValueError:
        raise SigningError(_UNUSABLE.format(name=path.name)) from None
    if key is None or certificate is None:
        raise SigningError(_UNUSABLE.format(name=path.name))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        kind = type(key).__name__.removesuffix("PrivateKey").removeprefix("_")
        raise SigningError(
            f"{path.name}: its key is {kind or 'of an unknown kind'}; a record is signed with an "
            "RSA or an EC (elliptic curve) key"
        )
    if key.public_key() != certificate.public_key():  # its signatures would never verify
        raise SigningError(f"{path.name}: its key is not the key of its certificate")
    _in_date(path, certificate)
    return key, certificate, others


def _in_date(path: Path, certificate: Any) -> None:
    """A record is signed with a certificate valid today: an expired one (a former advisor's)
    signs nothing, whatever clock the signature would report."""
    now = datetime.now(UTC)
    begins, ends = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if now > ends:
        raise SigningError(f"{path.name}: the certificate expired on {ends.date().isoformat()}")
    if now < begins:
        raise SigningError(
            f"{path.name}: the certificate is valid only from {begins.date().isoformat()}"
        )


def _holder(certificate: Any) -> str:
    """The certificate's common name, as check_signatures names its signer."""
    from cryptography.x509.oid import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(names) == 1 and isinstance(names[0].value, str) and names[0].value:
        return str(names[0].value)
    # Anything unusual (no common name, or several): named exactly as pyHanko's side names it.
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return _common_name(x509.Certificate.load(certificate.public_bytes(Encoding.DER)))


def _issuers(certificate: Any, others: Sequence[Any]) -> tuple[Any, ...]:
    """The certificates among `others` that issued `certificate`, its issuer's issuer and so on:
    what a verifier needs to chain it to a trust anchor (anything else in the file is left out:
    a carried certificate that issued none of the others makes the signature fail to verify)."""
    from cryptography.exceptions import InvalidSignature

    chain: list[Any] = []
    current = certificate
    while len(chain) < len(others):
        if current.issuer == current.subject and _issued(current, current, InvalidSignature):
            break  # self-signed: the chain's root
        issuer = next(
            (
                other
                for other in others
                if other not in chain
                and other != certificate
                and other.subject == current.issuer
                and _issued(current, other, InvalidSignature)
            ),
            None,
        )
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    return tuple(chain)


def _issued(child: Any, issuer: Any, invalid: type[Exception]) -> bool:
    try:
        child.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, invalid):
        return False
    return True


def sign_pdf_bytes(data: bytes, certificate: AdvisorCertificate, reason: str) -> bytes:
    """A PDF already written, with an incremental update holding a standard (adbe.pkcs7.detached)
    signature, made with pyHanko (which this loads). An export does not use it: it is signed as
    it is written (export/pdf.py)."""
    prepare()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location=LOCATION,
        name=certificate.name,
        subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    out = signers.sign_pdf(writer, metadata, signer=certificate.signer)
    signed: bytes = out.getvalue()
    return signed


# ------------------------------------------------------------------ signing as ReportLab writes
#: The placeholder /ByteRange: four numbers of up to ten digits fit in its width.
BYTE_RANGE_PLACEHOLDER = b"[0 0000000000 0000000000 0000000000]"


class SignatureSlot(Struct):
    """A signature to be written into the PDF as ReportLab draws it: what its dictionary says,
    how much room /Contents keeps for the signature, and, once the PDF is written, where the
    dictionary is (`offset`, from ReportLab's cross-reference table) and the bytes it was
    written as (`written`, with where its two placeholders sit in them)."""

    signer: str
    reason: str
    signed_at: datetime
    contents_bytes: int
    location: str = LOCATION
    offset: int = -1
    written: bytes = b""
    byte_range_at: int = -1
    contents_at: int = -1


def signature_slot(certificate: SigningCertificate, reason: str) -> SignatureSlot:
    """The slot for a signature by `certificate`, with room for it."""
    return SignatureSlot(certificate.name, reason, datetime.now(UTC), certificate.signature_room())


def fill_signature(data: bytes, slot: SignatureSlot, certificate: SigningCertificate) -> bytes:
    """The PDF ReportLab wrote with `slot`'s placeholders, signed: /ByteRange written over its
    placeholder, then the signature of every byte outside /Contents written into it."""
    start = slot.offset
    if start < 0 or not slot.written or data[start : start + len(slot.written)] != slot.written:
        raise SigningError("the PDF's signature field was not written where ReportLab said")
    byte_range_at = start + slot.byte_range_at
    opening = start + slot.contents_at  # the "<" of /Contents
    closing = opening + 2 * slot.contents_bytes + 2  # just after its ">"
    text = b"[0 %d %d %d]" % (opening, closing, len(data) - closing)
    filled = bytearray(data)
    filled[byte_range_at : byte_range_at + len(BYTE_RANGE_PLACEHOLDER)] = text.ljust(
        len(BYTE_RANGE_PLACEHOLDER)
    )
    signed = bytes(filled[:opening]) + bytes(filled[closing:])
    der = certificate.cms_signature(signed)
    if len(der) > slot.contents_bytes:
        raise SigningError(
            f"the signature ({len(der)} bytes) does not fit the {slot.contents_bytes} kept for it"
        )
    filled[opening + 1 : opening + 1 + 2 * len(der)] = der.hex().encode("ascii")
    return bytes(filled)


#: More signatures than this in one file are not checked one by one: an export has one.
MAX_SIGNATURES = 8
# An export's signature carries the advisor's certificate and at most its issuers (two or three).
# pyHanko tries every order of look-alike issuers: nine made verify run for minutes.
MAX_CARRIED_CERTIFICATES = 5
# Form fields visited, path by path as pyHanko walks them, before a file is given up as hostile:
# an export has one; a tree whose fields are reused ten times over, fourteen deep, hung verify.
MAX_FIELD_VISITS = 2_000


class SignatureCheck(Struct, frozen=True):
    """What a signature says: whether it is intact and covers the whole file, by whom, when, and
    whether its certificate chains to a configured trust anchor."""

    signer: str
    signed_at: str  # ISO 8601 with its UTC offset, as the signer reported it; "" when unknown
    intact: bool
    covers_whole_file: bool
    self_signed: bool
    trusted: bool = False
    issuer: str = ""
    trust_problem: str = ""
    # Not checked at all: the file is built to make checking it run without end (trust_problem
    # says how).
    refused: bool = False

    @property
    def ok(self) -> bool:
        return self.intact and self.covers_whole_file


_BROKEN = SignatureCheck("unknown", "", False, False, False, trust_problem="unreadable signature")


def check_signatures(data: bytes, trust_roots: Sequence[object] = ()) -> list[SignatureCheck]:
    """Every signature in the PDF; a PDF that cannot be parsed counts as one broken signature.
    A certificate is trusted only when it chains to one of `trust_roots` (nothing is fetched)."""
    from advisor_app.plans.pdf_reader import quiet_pdf_libraries

    with quiet_pdf_libraries():
        return _check_all(data, trust_roots)


def _check_all(data: bytes, trust_roots: Sequence[object]) -> list[SignatureCheck]:
    prepare()
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if not _fields_bounded(reader):
            problem = f"its form fields nest or repeat beyond {MAX_FIELD_VISITS:,} visits"
            return [replace(_BROKEN, trust_problem=problem, refused=True)]
        signatures = list(reader.embedded_signatures)
    except Exception:  # pyHanko raises many kinds on a damaged file
        return [_BROKEN] if b"/ByteRange" in data else []
    if len(signatures) > MAX_SIGNATURES:
        return [_BROKEN] * (MAX_SIGNATURES + 1)
    results = []
    for signature in signatures:
        try:
            results.append(_check(data, signature, trust_roots))
        except Exception:  # a damaged signature is a failed check, never a crash
            results.append(_BROKEN)
    return results


def _fields_bounded(reader: Any) -> bool:
    """Whether the form's field tree can be walked in MAX_FIELD_VISITS steps, counted path by
    path as pyHanko walks it (it stops only at a loop, so a field reused in many places is
    visited once for each way to reach it)."""
    form = reader.root.get("/AcroForm")
    if form is None:
        return True
    pending = [form.get_object().get("/Fields")]
    visits = 0
    while pending:
        node = pending.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        visits += 1
        if visits > MAX_FIELD_VISITS:
            return False
        if isinstance(node, list):
            pending.extend(node)
        elif hasattr(node, "get") and node.get("/Kids") is not None:
            pending.append(node.get("/Kids"))
    return True


def _check(data: bytes, signature: Any, trust_roots: Sequence[Any]) -> SignatureCheck:
    import asyncio

    carried = signature.signed_data["certificates"]
    if carried is not None and len(carried) > MAX_CARRIED_CERTIFICATES:
        return replace(
            _BROKEN,
            signer=_common_name(signature.signer_cert),
            trust_problem=f"it carries {len(carried)} certificates; an advisor's carries at "
            f"most {MAX_CARRIED_CERTIFICATES}",
            refused=True,
        )

    prepare()
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signer_cert = signature.signer_cert
    reported = signature.self_reported_timestamp
    # Checked as of the signing time the signature reports: a record stays a record after its
    # certificate expires. Nothing is fetched; only the configured anchors are trusted.
    context = ValidationContext(
        trust_roots=list(trust_roots), allow_fetching=False, moment=reported
    )
    status = asyncio.run(async_validate_pdf_signature(signature, context))
    when = status.signer_reported_dt or reported
    problem = status.trust_problem_indic
    not_an_authority = (
        _issuer_not_an_authority(status.validation_path, signer_cert) if status.trusted else ""
    )
    return SignatureCheck(
        signer=_common_name(signer_cert),
        signed_at=when.isoformat(timespec="minutes") if when else "",
        intact=bool(status.intact and status.valid)
        and _contents_untouched(data, signature, trust_roots),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and _ranges_reach_both_ends(data, signature),
        self_signed=_self_signed(signer_cert),
        trusted=bool(status.trusted) and not not_an_authority,
        issuer=_common_name_of(signer_cert.issuer),
        trust_problem=not_an_authority
        or ("" if problem is None else str(problem.standard_name).lower().replace("_", " ")),
    )


def _issuer_not_an_authority(path: Any, signer_cert: Any) -> str:
    """Why the chain does not hold when a certificate in it that issued another is no certificate
    authority ("" when every one is). pyHanko does not ask this of a trust anchor: an advisor's
    own certificate, trusted as itself, would otherwise vouch for any name its key signs."""
    if path is None:
        return ""
    leaf = signer_cert.dump()
    for certificate in path.iter_certs(include_root=True):
        if certificate.dump() == leaf:
            continue
        usage = certificate.key_usage_value
        if not certificate.ca or (usage is not None and "key_cert_sign" not in usage.native):
            return f"issued by {_common_name(certificate)}, which is not a certificate authority"
    return ""


def _self_signed(certificate: Any) -> bool:
    """Issued by its own key (asn1crypto's `self_signed` is 'no', 'maybe' or 'yes': a string,
    always true; the signature itself settles it)."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    if certificate.self_signed == "no":
        return False
    loaded = x509.load_der_x509_certificate(certificate.dump())
    try:
        loaded.verify_directly_issued_by(loaded)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _common_name(certificate: object) -> str:
    return _common_name_of(certificate.subject)  # type: ignore[attr-defined]


def _common_name_of(name: Any) -> str:
    return str(name.native.get("common_name") or name.human_friendly)


def _ranges_reach_both_ends(data: bytes, signature: Any) -> bool:
    """The signed ranges run from the file's first byte to its last, with only the signature's
    /Contents between them. pyHanko judges whole-file coverage from the length of /Contents as
    the file's newest revision states it, and an update appended after signing can restate it:
    a forged plan then passed as a trusted record. The ranges themselves cannot lie about the
    file's length."""
    try:
        start, first, second, length = (int(n) for n in signature.sig_object["/ByteRange"])
    except (KeyError, TypeError, ValueError):
        return False
    return start == 0 and 0 < first <= second and second + length == len(data)


def _contents_untouched(data: bytes, signature: object, trust_roots: Sequence[Any]) -> bool:
    """The byte range of a signature leaves out its /Contents, and a reader forgives much there
    (letter case, stray characters, zero padding, a longer length); a byte changed in it would pass
    unseen. So /Contents must be exactly the signature's canonical DER in one letter case, then
    zeros, and every certificate it carries besides the signer's (bound by the signed
    attributes) must be the verified issuer of another."""
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
        carried = [c.chosen.dump() for c in signed_data["certificates"] or []]
    except (ValueError, IndexError, KeyError, TypeError):
        return False
    used = bytes(signature.sig_object["/Contents"])  # type: ignore[attr-defined]
    return (
        canonical == der
        and used == raw  # what was verified is what lies between the signed ranges
        and versions_right
        and declared == digests
        and not raw[len(der) :].strip(b"\0")
        and _chain_untouched(carried, signature.signer_cert.dump(), trust_roots)  # type: ignore[attr-defined]
    )


def _chain_untouched(carried: list[bytes], signer: bytes, trust_roots: Sequence[Any]) -> bool:
    """No digest covers the certificates a signature carries for building its chain: each one
    besides the signer's must have issued another carried certificate and be signed by a carried
    or trusted one, so a byte changed in any of them shows."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    def issued(child: x509.Certificate, issuer: x509.Certificate) -> bool:
        try:
            child.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature):
            return False
        return True

    try:
        bag = [x509.load_der_x509_certificate(der) for der in carried]
        anchors = [x509.load_der_x509_certificate(root.dump()) for root in trust_roots]
    except ValueError:
        return False
    for der, certificate in zip(carried, bag, strict=True):
        if der == signer:
            continue
        others = [c for c in bag if c is not certificate]
        if not any(issued(other, certificate) for other in others):
            return False
        if not any(issued(certificate, issuer) for issuer in [*bag, *anchors]):
            return False
    return True


def _der_length(value: bytes) -> int:
    """The whole length (tag, length, content) of the DER value at the start of `value`."""
    first = value[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    return 2 + count + int.from_bytes(value[2 : 2 + count], "big")
