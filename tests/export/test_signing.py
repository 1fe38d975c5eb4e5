import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from msgspec.structs import replace

from advisor_app.cli import main
from advisor_app.export.approval import sign_off
from advisor_app.export.signing import SigningError, check_signatures, load_certificate
from advisor_app.export.trust import trust_roots, trust_sources
from advisor_app.export.verify import DRAFT, SIGNED_RECORD, verify_pdf
from advisor_app.plans import load_plan, save_plan
from tests.export.conftest import advisor_plan
from tests.pki import PASSPHRASE


def test_a_record_signed_with_a_ca_issued_certificate_verifies(catalog, signed_record, trusted):
    path, plan = signed_record
    result = verify_pdf(catalog, path, require_signature=True)
    assert result.state == SIGNED_RECORD and result.reasons == []
    [signature] = result.signatures
    assert signature.signer == "Dr. Noor Advisor" and signature.trusted
    assert signature.issuer == "AIPI Program CA" and not signature.self_signed
    assert result.changes == [] and result.signer == "Dr. Noor Advisor" and result.trusted
    assert load_plan(path) == plan
    assert main(["verify", str(path), "--require-signature"]) == 0


def test_a_record_signed_by_a_trusted_self_signed_advisor_verifies(catalog, pki, trusted, tmp_path):
    path = tmp_path / "ada.pdf"
    plan = sign_off(
        catalog,
        advisor_plan(catalog, "Dr. Ada Advisor"),
        path,
        date.today(),
        pki.certificate("ada"),
    )
    result = verify_pdf(catalog, path)
    assert result.state == SIGNED_RECORD, result.reasons
    assert result.signatures[0].self_signed and result.signatures[0].trusted
    assert plan.approved_by == "Dr. Ada Advisor" and plan.approved_on == date.today().isoformat()


def test_the_trust_file_on_the_command_line_is_enough(catalog, signed_record, pki, capsys):
    path = str(signed_record[0])
    assert main(["verify", path]) == 1
    assert "untrusted signer" in capsys.readouterr().out
    assert main(["verify", path, "--trust", str(pki.path("noor.pem"))]) == 0
    assert "signed-off record" in capsys.readouterr().out
    assert main(["verify", path, "--trust", str(pki.path("CA.pem"))]) == 0
    capsys.readouterr()
    assert main(["verify", path, "--trust", str(pki.path("missing.pem"))]) == 2
    assert "cannot use the trust file" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_poppler_accepts_the_untouched_signature(signed_record):
    out = subprocess.run(
        ["pdfsig", str(signed_record[0])], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" in out and "Total document signed" in out


def _byte_positions(data: bytes) -> list[int]:
    """A spread over the whole file plus every byte around the signature's /Contents, where a
    reader is most forgiving (hex case, zero padding, DER lengths)."""
    a, b, c, _ = map(int, re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)", data).groups())
    spread = list(range(0, len(data), max(1, len(data) // 60)))
    contents = list(range(a + b, a + b + 130)) + list(range(c - 12, c + 1))
    return spread + contents + list(range(c, len(data), 17))


def test_any_byte_changed_after_signing_fails(catalog, signed_record, trusted, tmp_path):
    data = signed_record[0].read_bytes()
    roots = trust_roots(trust_sources())
    accepted = []
    for position in _byte_positions(data):
        tampered = bytearray(data)
        tampered[position] = ord("1") if data[position] == ord("0") else (data[position] + 1) % 256
        checks = check_signatures(bytes(tampered), roots)
        if checks and all(check.ok for check in checks):
            accepted.append(position)
    assert accepted == []
    # And end to end: one changed byte in the page content, the verify command fails.
    tampered = bytearray(data)
    tampered[len(data) // 3] ^= 0x01
    copy = tmp_path / "tampered.pdf"
    copy.write_bytes(bytes(tampered))
    assert main(["verify", str(copy)]) != 0


def test_appending_after_signing_fails(catalog, signed_record, trusted, tmp_path):
    copy = tmp_path / "appended.pdf"
    copy.write_bytes(signed_record[0].read_bytes() + b"\n%extra\n")
    result = verify_pdf(catalog, copy)
    assert result.state == "invalid"
    assert result.reasons == ["the file was changed after Dr. Noor Advisor signed it"]


def test_wrong_passphrase_and_not_a_certificate(pki, tmp_path):
    with pytest.raises(SigningError, match="passphrase is wrong"):
        load_certificate(pki.path("noor.p12"), b"wrong")
    bogus = tmp_path / "bogus.p12"
    bogus.write_bytes(b"not a certificate")
    with pytest.raises(SigningError, match="not a PKCS#12"):
        load_certificate(bogus, b"")


def test_cli_signs_approves_and_verifies(catalog, pki, trusted, tmp_path, capsys):
    source = tmp_path / "plan.json"
    save_plan(advisor_plan(catalog, "Dr. Noor Advisor", "accelerated-12"), source)
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASSPHRASE + b"\n")
    out = tmp_path / "signed.pdf"
    args = ["export", str(source), "-o", str(out), "--sign", str(pki.path("noor.p12"))]
    assert main([*args, "--passphrase-file", str(secret)]) == 0
    assert "signed by Dr. Noor Advisor" in capsys.readouterr().out
    signed = load_plan(out)
    assert signed.locked and signed.approved_on == date.today().isoformat()
    assert signed.approved_by == "Dr. Noor Advisor" and signed.history[-1].revision == 1
    assert main(["verify", str(out)]) == 0
    text = capsys.readouterr().out
    assert "signed-off record" in text and "signature: intact" in text
    assert main([*args]) == 2  # no passphrase
    assert "passphrase is wrong" in capsys.readouterr().err


def test_a_draft_is_a_draft_and_fails_only_when_a_signature_is_required(catalog, tmp_path, capsys):
    source = tmp_path / "plan.json"
    save_plan(advisor_plan(catalog, "Dr. Noor Advisor"), source)
    out = tmp_path / "draft.pdf"
    assert main(["export", str(source), "-o", str(out)]) == 0
    assert verify_pdf(catalog, out).state == DRAFT
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0
    assert "draft, not a record" in capsys.readouterr().out
    assert main(["verify", str(out), "--require-signature"]) == 1
    assert "not digitally signed" in capsys.readouterr().out


def test_verify_lists_what_changed_in_the_catalog(catalog, signed_record, trusted):
    courses = dict(catalog.courses)
    courses["AIPI 540"] = replace(courses["AIPI 540"], units=4.0)
    changed = replace(catalog, courses=courses, version="2099.1")
    result = verify_pdf(changed, signed_record[0])
    assert result.ok  # a change that breaks no rule is listed, not a failure
    assert any("AIPI 540 units: 3 → 4" in line for line in result.changes)
    assert any("catalog version" in line for line in result.changes)


def test_a_byte_changed_in_a_carried_certificate_fails(signed_record, trusted):
    """The CA certificate a signature carries for its chain is covered by no digest: it is
    checked to be the verified issuer of the signer's, so a changed byte there shows too."""
    from asn1crypto import cms

    data = signed_record[0].read_bytes()
    roots = trust_roots(trust_sources())
    a, b, c, _ = map(int, re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)", data).groups())
    start = a + b + 1
    der = bytes.fromhex(data[start : c - 1].decode()).rstrip(b"\0")
    carried = [cert.chosen.dump() for cert in cms.ContentInfo.load(der)["content"]["certificates"]]
    assert len(carried) == 2  # the advisor's and the program CA's
    for certificate in carried:
        offset = der.find(certificate)
        for inside in (4, len(certificate) // 2, len(certificate) - 30):
            tampered = bytearray(data)
            position = start + 2 * (offset + inside)
            tampered[position] = ord("1") if data[position] != ord("1") else ord("2")
            [check] = check_signatures(bytes(tampered), roots)
            assert not check.ok or not check.intact, (certificate[:20], inside)


def test_signing_and_verifying_stay_offline_and_load_no_http_client(tmp_path):
    """pyHanko's HTTP clients (and aiohttp) are stood in for: nothing the app does needs them."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from advisor_app.catalog import open_catalog\n"
        "from advisor_app.domain import edits\n"
        "from advisor_app.export.certificates import create_self_signed_certificate\n"
        "from advisor_app.export.pdf import export_pdf\n"
        "from advisor_app.export.signing import load_certificate\n"
        "from advisor_app.export.verify import verify_pdf\n"
        "from tests.plans_for_tests import filled_template\n"
        "cat = open_catalog().catalog\n"
        "d = Path(sys.argv[1])\n"
        "create_self_signed_certificate(d / 'c.p12', 'Dr. Advisor', b'pw')\n"
        "plan = edits.approve(filled_template(cat, 'standard-16'), '2026-11-25', 'Dr. Advisor')\n"
        "export_pdf(cat, plan, d / 'p.pdf', certificate=load_certificate(d / 'c.p12', b'pw'))\n"
        "verify_pdf(cat, d / 'p.pdf')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'yarl')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "[]"
