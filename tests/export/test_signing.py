import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from advisor_app.cli import main
from advisor_app.domain.edits import approve
from advisor_app.export.pdf import export_pdf
from advisor_app.export.signing import (
    SigningError,
    check_signatures,
    create_self_signed_certificate,
    load_certificate,
)
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import load_plan, save_plan
from tests.plans_for_tests import filled_template


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    path = tmp_path_factory.mktemp("cert") / "advisor.p12"
    create_self_signed_certificate(path, "Dr. Noor Advisor", b"correct horse")
    return path


@pytest.fixture(scope="module")
def signed_pdf(catalog, certificate, tmp_path_factory):
    plan = approve(
        replace(filled_template(catalog, "standard-16"), student_name="王小明"),
        "2026-11-25",
        "Dr. Noor Advisor",
    )
    path = tmp_path_factory.mktemp("signed") / "plan.pdf"
    export_pdf(catalog, plan, path, certificate=load_certificate(certificate, b"correct horse"))
    return path, plan


def test_signed_pdf_verifies_and_restores_the_plan(catalog, signed_pdf):
    path, plan = signed_pdf
    result = verify_pdf(catalog, path, require_signature=True)
    assert result.ok, result.problems
    [signature] = result.signatures
    assert signature.signer == "Dr. Noor Advisor" and signature.self_signed
    assert result.changes == []
    assert load_plan(path) == plan
    assert main(["verify", str(path), "--require-signature"]) == 0


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_poppler_accepts_the_untouched_signature(signed_pdf):
    out = subprocess.run(
        ["pdfsig", str(signed_pdf[0])], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" in out and "Total document signed" in out


def _byte_positions(data: bytes) -> list[int]:
    """A spread over the whole file plus every byte around the signature's /Contents, where a
    reader is most forgiving (hex case, zero padding, DER lengths)."""
    a, b, c, _ = map(int, re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)", data).groups())
    spread = list(range(0, len(data), max(1, len(data) // 60)))
    contents = list(range(a + b, a + b + 130)) + list(range(c - 12, c + 1))
    return spread + contents + list(range(c, len(data), 17))


def test_any_byte_changed_after_signing_fails(catalog, signed_pdf, tmp_path):
    data = signed_pdf[0].read_bytes()
    accepted = []
    for position in _byte_positions(data):
        tampered = bytearray(data)
        tampered[position] = ord("1") if data[position] == ord("0") else (data[position] + 1) % 256
        checks = check_signatures(bytes(tampered))
        if checks and all(check.ok for check in checks):
            accepted.append(position)
    assert accepted == []
    # And end to end: one changed byte in the page content, the verify command fails.
    tampered = bytearray(data)
    tampered[len(data) // 3] ^= 0x01
    copy = tmp_path / "tampered.pdf"
    copy.write_bytes(bytes(tampered))
    assert main(["verify", str(copy)]) != 0


def test_appending_after_signing_fails(catalog, signed_pdf, tmp_path):
    copy = tmp_path / "appended.pdf"
    copy.write_bytes(signed_pdf[0].read_bytes() + b"\n%extra\n")
    result = verify_pdf(catalog, copy)
    assert not result.ok and "changed after" in result.problems[0]


def test_wrong_passphrase_and_not_a_certificate(certificate, tmp_path):
    with pytest.raises(SigningError, match="passphrase is wrong"):
        load_certificate(certificate, b"wrong")
    bogus = tmp_path / "bogus.p12"
    bogus.write_bytes(b"not a certificate")
    with pytest.raises(SigningError, match="not a PKCS#12"):
        load_certificate(bogus, b"")


def test_cli_signs_approves_and_lists_changes(catalog, certificate, tmp_path, capsys):
    plan = filled_template(catalog, "accelerated-12")
    source = tmp_path / "plan.json"
    save_plan(plan, source)
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse\n")
    out = tmp_path / "signed.pdf"
    args = ["export", str(source), "-o", str(out), "--sign", str(certificate)]
    assert main([*args, "--passphrase-file", str(secret)]) == 0
    assert "signed by Dr. Noor Advisor" in capsys.readouterr().out
    assert load_plan(out).locked and load_plan(out).approved_on
    assert main(["verify", str(out)]) == 0
    assert "signature: intact" in capsys.readouterr().out
    assert main([*args]) == 2  # no passphrase
    assert "passphrase is wrong" in capsys.readouterr().err


def test_verify_lists_what_changed_in_the_catalog(catalog, signed_pdf):
    courses = dict(catalog.courses)
    courses["AIPI 540"] = replace(courses["AIPI 540"], units=4.0)
    changed = replace(catalog, courses=courses, version="2099.1")
    result = verify_pdf(changed, signed_pdf[0])
    assert result.ok  # a change that breaks no rule is listed, not a failure
    assert any("AIPI 540 units: 3 → 4" in line for line in result.changes)
    assert any("catalog version" in line for line in result.changes)
