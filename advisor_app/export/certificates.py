"""Certificates for a program office: a program CA, and advisor certificates either issued by it
or self-signed (for one advisor trusted by name, or for trying sign-off out).

Each is written as a PKCS#12 file (key and certificate, protected by a passphrase) and, on request,
as a PEM file holding only the public certificate: the file that goes into a trust folder.
"""

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from msgspec import Struct

from advisor_app.export.signing import SigningError, check_passphrase
from advisor_app.export.trust import MAX_CERTIFICATE_FILE_BYTES
from advisor_app.plans.reading import read_bounded
from advisor_app.plans.writing import write_atomically

#: X.509's bound on a common name (RFC 5280's ub-common-name), counted in UTF-8 bytes as the
#: cryptography library does: 64 Latin letters, 21 Chinese characters.
MAX_NAME_BYTES = 64
_SELF_SIGNED_ORGANISATION = "AIPI Advisor (self-signed)"


class Issuer(Struct, frozen=True):
    """A program CA loaded from its PKCS#12 file, ready to issue advisor certificates."""

    name: str
    key: Any
    certificate: Any


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise SigningError("the certificate needs a name")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
        raise SigningError("the name holds control or formatting characters")
    if len(name.encode()) > MAX_NAME_BYTES:
        raise SigningError(
            f"the name is too long for a certificate ({len(name.encode())} bytes of UTF-8; the "
            f"limit is {MAX_NAME_BYTES})"
        )
    return name


def _subject(name: str, organisation: str, email: str = "") -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(attributes)


def _key_usage(signing: bool) -> Any:
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def _write(
    p12_path: Path, pem_path: Path | None, name: str, key: Any, certificate: Any, **more: Any
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    passphrase: bytes = more.get("passphrase", b"")
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(
        name.encode(), key, certificate, more.get("chain"), encryption
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    # Both files or neither: the PEM first, so a failure leaves no key without its certificate.
    if pem_path is not None:
        write_atomically(pem_path, pem, keep_backup=False)
    write_atomically(p12_path, data, keep_backup=False)


def create_authority(
    p12_path: Path, name: str, passphrase: bytes, pem_path: Path | None = None, years: int = 10
) -> None:
    """A program CA: a key that signs advisor certificates, and its self-signed certificate."""
    check_passphrase(passphrase)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    name = _checked_name(name)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = _subject(name, name)
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(p12_path, pem_path, name, key, certificate, passphrase=passphrase)


def load_issuer(path: Path, passphrase: bytes) -> Issuer:
    """A program CA from its PKCS#12 file; SigningError when it is none."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    check_passphrase(passphrase)
    try:
        raw = read_bounded(path, MAX_CERTIFICATE_FILE_BYTES)
    except OSError as error:
        raise SigningError(f"cannot read the issuer {path}: {error.strerror}") from None
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(raw, passphrase or None)
    except ValueError:
        raise SigningError(
            f"{path.name}: not a PKCS#12 certificate, or the passphrase is wrong"
        ) from None
    if key is None or certificate is None:
        raise SigningError(f"{path.name}: holds no key and certificate")
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        is_authority = constraints.value.ca
    except x509.ExtensionNotFound:
        is_authority = False
    if not is_authority:
        raise SigningError(
            f"{path.name}: not a certificate authority (make one with "
            "'advisor-app certificate authority')"
        )
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return Issuer(str(names[0].value) if names else path.stem, key, certificate)


def create_advisor_certificate(
    p12_path: Path,
    name: str,
    passphrase: bytes,
    pem_path: Path | None = None,
    issuer: Issuer | None = None,
    email: str = "",
    years: int = 2,
) -> None:
    """An advisor's signing certificate for `name`: issued by `issuer`, or self-signed."""
    check_passphrase(passphrase)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    name = _checked_name(name)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    organisation = issuer.name if issuer else _SELF_SIGNED_ORGANISATION
    subject = _subject(name, organisation, email)
    now = dt.datetime.now(dt.UTC)
    until = now + dt.timedelta(days=365 * years)
    builder = x509.CertificateBuilder().subject_name(subject).public_key(key.public_key())
    if issuer:
        until = min(until, issuer.certificate.not_valid_after_utc)
        builder = builder.issuer_name(issuer.certificate.subject).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    else:
        builder = builder.issuer_name(subject)
    certificate = (
        builder.serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer.key if issuer else key, hashes.SHA256())
    )
    chain = [issuer.certificate] if issuer else None
    _write(p12_path, pem_path, name, key, certificate, passphrase=passphrase, chain=chain)


def create_self_signed_certificate(
    path: Path, name: str, passphrase: bytes, email: str = "", years: int = 2
) -> None:
    """A self-signed advisor certificate: trusted only where its PEM is put in a trust folder."""
    create_advisor_certificate(path, name, passphrase, email=email, years=years)
