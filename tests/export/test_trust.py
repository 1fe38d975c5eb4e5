"""Where trusted signers come from: --trust files, AIPI_TRUST_DIR, the user's settings folder and
data/trust/, all together, read within bounds, bad files named and skipped."""

import os
from pathlib import Path

import platformdirs
import pytest
from asn1crypto import pem

from advisor_app.catalog.paths import default_trust_dir
from advisor_app.export import trust
from advisor_app.export.trust import (
    TrustError,
    trust_roots,
    trust_sources,
)
from advisor_app.export.trust import user_trust_dir as real_user_trust_dir


def test_the_user_trust_folder_is_the_platforms_settings_folder():
    expected = Path(platformdirs.user_config_dir("AIPI Advisor", "AIPI")) / "trust"
    assert real_user_trust_dir() == expected


def test_every_source_is_used_in_order(pki, trusted, no_real_trust, tmp_path):
    no_real_trust.mkdir(parents=True, exist_ok=True)
    (no_real_trust / "noor.pem").write_bytes(pki.path("noor.pem").read_bytes())
    sources = trust_sources([pki.path("fake.pem")])
    assert [(s.kind, s.path) for s in sources] == [
        ("--trust", pki.path("fake.pem")),
        ("AIPI_TRUST_DIR", trusted),
        ("settings folder", no_real_trust),
        ("shipped with the app", default_trust_dir()),
    ]
    subjects = [[c.subject for c in s.certificates] for s in sources]
    assert subjects == [
        ["Duke University CA"],
        ["AIPI Program CA", "Dr. Ada Advisor"],
        ["Dr. Noor Advisor"],
        [],
    ]
    program = sources[1].certificates[0]
    assert program.authority and program.issuer == "AIPI Program CA" and len(program.sha256) == 64
    assert not sources[1].certificates[1].authority
    assert len(trust_roots(sources)) == 4
    assert len(trust_roots([*sources, *sources])) == 4  # each certificate once


def test_the_shipped_folder_holds_only_its_readme():
    assert [p.name for p in default_trust_dir().iterdir()] == ["README.md"]
    [shipped] = [s for s in trust_sources() if s.kind == "shipped with the app"]
    assert shipped.exists and shipped.certificates == () and shipped.problems == ()


def test_der_files_and_pem_bundles_are_read(pki, tmp_path, monkeypatch):
    folder = tmp_path / "trust"
    folder.mkdir()
    _, _, der = pem.unarmor(pki.path("CA.pem").read_bytes())
    (folder / "ca.der").write_bytes(der)
    bundle = pki.path("noor.pem").read_bytes() + pki.path("ada.pem").read_bytes()
    (folder / "bundle.crt").write_bytes(bundle)
    (folder / "notes.txt").write_text("ignored: not a certificate file name")
    monkeypatch.setenv(trust.TRUST_ENV, str(folder))
    [source] = [s for s in trust_sources() if s.kind == trust.TRUST_ENV]
    assert sorted(c.subject for c in source.certificates) == [
        "AIPI Program CA",
        "Dr. Ada Advisor",
        "Dr. Noor Advisor",
    ]


def test_bad_files_in_a_folder_are_named_and_skipped(pki, tmp_path, monkeypatch):
    folder = tmp_path / "trust"
    folder.mkdir()
    (folder / "CA.pem").write_bytes(pki.path("CA.pem").read_bytes())
    (folder / "broken.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    (folder / "key.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
    )
    (folder / "garbage.der").write_bytes(os.urandom(300))
    (folder / "huge.pem").write_bytes(b"x" * (trust.MAX_CERTIFICATE_FILE_BYTES + 1))
    (folder / "folder.pem").mkdir()
    monkeypatch.setenv(trust.TRUST_ENV, str(folder))
    [source] = [s for s in trust_sources() if s.kind == trust.TRUST_ENV]
    assert [c.subject for c in source.certificates] == ["AIPI Program CA"]
    assert sorted(source.problems) == [
        "broken.pem: not a certificate (PEM or DER)",
        "garbage.der: not a certificate (PEM or DER)",
        "huge.pem: larger than 1,000,000 bytes",
        "key.pem: not a certificate (PEM or DER)",
    ]


def test_a_missing_trust_folder_is_said_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setenv(trust.TRUST_ENV, str(tmp_path / "nowhere"))
    [source] = [s for s in trust_sources() if s.kind == trust.TRUST_ENV]
    assert not source.exists and source.problems == (f"{tmp_path / 'nowhere'} is not a folder",)


def test_a_trust_file_that_cannot_be_used_is_an_error(pki, tmp_path):
    with pytest.raises(TrustError, match="cannot be read"):
        trust_sources([tmp_path / "missing.pem"])
    with pytest.raises(TrustError, match="not a certificate"):
        trust_sources([pki.path("noor.p12")])


def test_at_most_so_many_certificates_are_read(pki, tmp_path, monkeypatch):
    folder = tmp_path / "trust"
    folder.mkdir()
    monkeypatch.setattr(trust, "MAX_CERTIFICATES", 3)
    for number in range(5):
        (folder / f"ca-{number}.pem").write_bytes(pki.path("CA.pem").read_bytes())
    monkeypatch.setenv(trust.TRUST_ENV, str(folder))
    [source] = [s for s in trust_sources() if s.kind == trust.TRUST_ENV]
    assert len(source.certificates) == 3 and "the rest are ignored" in source.problems[-1]
