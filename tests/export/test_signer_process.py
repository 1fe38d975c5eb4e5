"""`export --sign` opens the certificate in a forked signer process (export/signer_process.py):
the signature is the same, the key never enters the exporting process, and whatever the pipe
carries is either understood or refused as a SigningError."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_app.export.signer_process import SignerProcess, _send, can_fork
from advisor_app.export.signing import SigningError

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")

EXPORT_AND_LOOK = """
import json, os, sys
from advisor_app.cli import main
from advisor_app.export.signer_process import can_fork
forked = can_fork()
code = main(sys.argv[1:])
try:
    os.waitpid(-1, os.WNOHANG)
    children = "still there"
except ChildProcessError:
    children = "none"
print(json.dumps({"code": code, "forked": forked, "children": children,
                  "cryptography": any(m.startswith("cryptography") for m in sys.modules)}))
"""


def _export(
    tmp_path: Path, catalog, pki, passphrase: bytes
) -> tuple[dict, subprocess.CompletedProcess]:
    from advisor_app.plans import save_plan
    from tests.export.conftest import advisor_plan

    source = tmp_path / "plan.json"
    save_plan(advisor_plan(catalog, "Dr. Noor Advisor"), source)
    secret = tmp_path / "pass.txt"
    secret.write_bytes(passphrase)
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_AND_LOOK, "export", str(source), "-o", str(tmp_path / "out.pdf"),
         "--sign", str(pki.path("noor.p12")), "--passphrase-file", str(secret)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1]), done


def test_the_signer_signs_and_the_key_stays_in_it(catalog, pki, tmp_path):
    from advisor_app.export.verify import SIGNED_RECORD, verify_pdf
    from tests.pki import PASSPHRASE

    seen, _ = _export(tmp_path, catalog, pki, PASSPHRASE)
    assert seen == {"code": 0, "forked": True, "children": "none", "cryptography": False}
    out = tmp_path / "out.pdf"
    result = verify_pdf(catalog, out, require_signature=True, trust_files=[pki.path("CA.pem")])
    assert result.state == SIGNED_RECORD, result.reasons
    assert result.signer == "Dr. Noor Advisor"


def test_a_wrong_passphrase_is_refused_in_one_line_and_nothing_is_written(catalog, pki, tmp_path):
    seen, done = _export(tmp_path, catalog, pki, b"not the passphrase")
    assert seen["code"] == 2 and seen["forked"] and seen["children"] == "none"
    assert done.stderr.strip().endswith("not a PKCS#12 certificate, or the passphrase is wrong")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.pdf").exists()


def test_a_process_running_threads_signs_in_process():
    """pytest with Qt loaded runs threads: forking it could leave a lock held in the child."""
    threads = len(os.listdir("/proc/self/task"))
    assert can_fork() == (threads == 1)


# ------------------------------------------------------------------------------- the pipe
def _signer_replying(*frames: tuple[bytes, bytes], raw: bytes = b"") -> SignerProcess:
    replies = io.BytesIO()
    for kind, payload in frames:
        _send(replies, kind, payload)
    replies.write(raw)
    replies.seek(0)
    return SignerProcess(os.getpid(), replies, io.BytesIO())


def test_what_the_signer_found_is_read_once():
    signer = _signer_replying(
        (b"J", json.dumps({"name": "Dr. Noor Haddad", "room": 6000}).encode())
    )
    assert signer.name == "Dr. Noor Haddad" and signer.signature_room() == 6000


def test_the_signers_refusal_is_a_signing_error():
    signer = _signer_replying(
        (b"J", b'{"error": "noor.p12: the certificate expired on 2026-01-01"}')
    )
    with pytest.raises(SigningError, match="expired on 2026-01-01"):
        _ = signer.name


def test_a_signer_that_stopped_is_a_signing_error():
    with pytest.raises(SigningError, match="stopped before it answered"):
        _ = _signer_replying().name


def test_a_signature_comes_back_as_bytes():
    opened = (b"J", b'{"name": "N", "room": 10}')
    assert _signer_replying(opened, (b"D", b"\x30\x03DER")).cms_signature(b"pdf") == b"\x30\x03DER"
    with pytest.raises(SigningError, match="malformed"):
        _signer_replying(opened, (b"J", b'{"name": "again"}')).cms_signature(b"pdf")


@given(st.binary(max_size=64))
def test_any_reply_is_understood_or_refused(raw: bytes):
    signer = _signer_replying(raw=raw)
    try:
        name, room = signer.name, signer.signature_room()
    except SigningError:
        return
    assert isinstance(name, str) and type(room) is int


def test_when_no_process_can_be_forked_the_export_signs_in_process(monkeypatch, tmp_path):
    from advisor_app.export import signer_process

    def no_more_processes() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(signer_process, "can_fork", lambda: True)
    monkeypatch.setattr(signer_process.os, "fork", no_more_processes)
    before = sorted(os.listdir("/proc/self/fd"))
    assert signer_process.start_signer(tmp_path / "any.p12", b"") is None
    assert sorted(os.listdir("/proc/self/fd")) == before  # no pipe end left open


CLOSE_A_BUSY_SIGNER = """
import os, sys, time
from advisor_app.export.signer_process import SignerProcess
requests, replies = os.pipe(), os.pipe()
pid = os.fork()
if pid == 0:
    time.sleep(60)  # a certificate that takes a minute to open
    os._exit(0)
signer = SignerProcess(pid, os.fdopen(replies[0], "rb"), os.fdopen(requests[1], "wb"))
signer.close()
try:
    os.waitpid(pid, os.WNOHANG)
    print("still there")
except ChildProcessError:
    print("ended")
"""


def test_closing_ends_a_signer_still_opening_the_certificate():
    """An export that fails first (a malformed plan) does not wait for the certificate."""
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_A_BUSY_SIGNER],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    assert done.stdout.strip() == "ended"
