"""Who may sign a record: the certificates the program office configured, never the certificate a
file brings with it.

Trust anchors (a program CA, or individual advisors' certificates; PEM or DER) come from, all
together: files given with `verify --trust FILE`, the folder named by AIPI_TRUST_DIR, the user's
settings folder `trust/`, and `data/trust/` shipped beside the catalog.
"""

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from advisor_app.catalog.paths import default_trust_dir
from advisor_app.domain.struct_fields import methods_on
from advisor_app.plans.reading import FileTooLarge, read_bounded

TRUST_ENV = "AIPI_TRUST_DIR"
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")
MAX_CERTIFICATE_FILE_BYTES = 1_000_000
MAX_FOLDER_ENTRIES = 1_000
MAX_CERTIFICATES = 200


class TrustError(Exception):
    """A trust file given on the command line that cannot be used; str() says why."""


class TrustedCertificate(Struct, frozen=True):
    """One trust anchor, described for people: whose it is, who issued it, until when."""

    subject: str
    issuer: str
    authority: bool
    valid_until: str
    sha256: str
    file: Path
    certificate: Any  # asn1crypto's x509.Certificate

    # Described, compared and shown by what is read from it, not by the parsed object.
    __eq__, __hash__, __repr__ = methods_on(
        ("subject", "issuer", "authority", "valid_until", "sha256", "file")
    )


class TrustSource(Struct, frozen=True):
    """One place trust anchors come from, with what was found there and what could not be read."""

    kind: str
    path: Path
    exists: bool
    certificates: tuple[TrustedCertificate, ...] = ()
    problems: tuple[str, ...] = ()


def user_trust_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("AIPI Advisor", "AIPI")) / "trust"


def trust_sources(files: Sequence[Path] = (), user_dir: Path | None = None) -> list[TrustSource]:
    """Every configured source, in order; raises TrustError for an unusable --trust file.
    `user_dir` is the user's trust folder when another process found it (the window's)."""
    sources = []
    for path in files:
        certificates, problems = _read_file(path)
        if problems or not certificates:
            raise TrustError(
                f"cannot use the trust file {path}: {problems[0] if problems else 'no certificate'}"
            )
        sources.append(TrustSource("--trust", path, True, tuple(certificates)))
    folder = os.environ.get(TRUST_ENV, "").strip()
    if folder:
        sources.append(_read_folder(TRUST_ENV, Path(folder), missing_is_problem=True))
    sources.append(_read_folder("settings folder", user_dir or user_trust_dir()))
    sources.append(_read_folder("shipped with the app", default_trust_dir()))
    return sources


def trust_roots(sources: Sequence[TrustSource]) -> list[Any]:
    """The certificates of every source, at most MAX_CERTIFICATES, each once."""
    roots: dict[str, Any] = {}
    for source in sources:
        for certificate in source.certificates:
            roots.setdefault(certificate.sha256, certificate.certificate)
    return list(roots.values())[:MAX_CERTIFICATES]


def _read_folder(kind: str, folder: Path, missing_is_problem: bool = False) -> TrustSource:
    if not folder.is_dir():
        problem = (f"{folder} is not a folder",) if missing_is_problem else ()
        return TrustSource(kind, folder, False, (), problem)
    try:
        entries = sorted(folder.iterdir())[:MAX_FOLDER_ENTRIES]
    except OSError as error:
        return TrustSource(kind, folder, True, (), (f"cannot list {folder}: {error.strerror}",))
    certificates: list[TrustedCertificate] = []
    problems: list[str] = []
    for entry in entries:
        if entry.suffix.lower() not in CERTIFICATE_SUFFIXES or not entry.is_file():
            continue
        found, trouble = _read_file(entry)
        certificates += found
        problems += [f"{entry.name}: {p}" for p in trouble]
        if len(certificates) >= MAX_CERTIFICATES:
            problems.append(f"more than {MAX_CERTIFICATES} certificates; the rest are ignored")
            break
    return TrustSource(kind, folder, True, tuple(certificates[:MAX_CERTIFICATES]), tuple(problems))


def _read_file(path: Path) -> tuple[list[TrustedCertificate], list[str]]:
    try:
        data = read_bounded(path, MAX_CERTIFICATE_FILE_BYTES)
    except FileTooLarge:
        return [], [f"larger than {MAX_CERTIFICATE_FILE_BYTES:,} bytes"]
    except OSError as error:
        return [], [f"cannot be read ({error.strerror})"]
    try:
        return [_described(der, path) for der in _certificates_in(data)], []
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError):
        return [], ["not a certificate (PEM or DER)"]


def _certificates_in(data: bytes) -> list[bytes]:
    from asn1crypto import pem

    if not pem.detect(data):
        return [data]
    found = [
        der for kind, _headers, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"
    ]
    if not found:
        raise ValueError("no certificate in the PEM file")
    return found[:MAX_CERTIFICATES]


def _described(der: bytes, path: Path) -> TrustedCertificate:
    import hashlib

    from asn1crypto import x509

    certificate = x509.Certificate.load(der, strict=True)
    subject = certificate.subject
    issuer = certificate.issuer
    return TrustedCertificate(
        subject=_common_name(subject),
        issuer=_common_name(issuer),
        authority=bool(certificate.ca),
        valid_until=certificate["tbs_certificate"]["validity"]["not_after"]
        .native.date()
        .isoformat(),
        sha256=hashlib.sha256(certificate.dump()).hexdigest(),
        file=path,
        certificate=certificate,
    )


def _common_name(name: Any) -> str:
    native = name.native
    return str(native.get("common_name") or name.human_friendly)
