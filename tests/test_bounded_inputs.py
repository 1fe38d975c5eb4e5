"""The command line refuses in one line (exit 2), at once, a device, a pipe or an oversized file
given as a plan, a PDF, a certificate or a passphrase; it never reads /dev/zero until memory
runs out, nor waits on a pipe with no writer."""

import os
import sys
from pathlib import Path

import pytest

from advisor_app.cli import main
from advisor_app.plans import save_plan
from tests.plans_for_tests import filled_template

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no /dev/zero or mkfifo")


def refused(capsys, *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "plan.pdf"
    os.mkfifo(path)
    return path


def test_a_device_or_a_pipe_is_no_plan_and_no_pdf(capsys, fifo, tmp_path):
    assert "not a plan file" in refused(capsys, "validate", "/dev/zero")
    assert "not a plan file" in refused(capsys, "validate", str(fifo))
    assert "not a regular file" in refused(capsys, "verify", "/dev/zero")
    assert "not a regular file" in refused(capsys, "verify", str(fifo))
    assert "not a plan file" in refused(capsys, "export", str(fifo), "-o", str(tmp_path / "o.pdf"))
    assert not (tmp_path / "o.pdf").exists()


def test_an_oversized_pdf_is_refused_by_its_size_before_it_is_read(capsys, tmp_path):
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as file:  # sparse: 2 GB on paper, nothing on disk
        file.write(b"%PDF-1.7\n")
        file.truncate(2 * 1024**3)
    assert "too large (2,147,483,648 bytes; the limit is 50,000,000)" in refused(
        capsys, "verify", str(huge)
    )


def test_certificates_and_passphrases_are_bounded(capsys, catalog, pki, fifo, tmp_path):
    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    out = tmp_path / "signed.pdf"
    export = ["export", str(source), "-o", str(out)]
    secret = tmp_path / "pass.txt"
    secret.write_bytes(b"correct horse\n")
    err = refused(capsys, *export, "--sign", "/dev/zero", "--passphrase-file", str(secret))
    assert "cannot read the certificate /dev/zero: not a regular file" in err
    err = refused(capsys, *export, "--sign", str(fifo), "--passphrase-file", str(secret))
    assert "not a regular file" in err
    big = tmp_path / "big.p12"
    big.write_bytes(b"\0" * 1_000_001)
    assert "too large (1,000,001 bytes; the limit is 1,000,000)" in refused(
        capsys, *export, "--sign", str(big), "--passphrase-file", str(secret)
    )
    err = refused(
        capsys, *export, "--sign", str(pki.path("noor.p12")), "--passphrase-file", "/dev/zero"
    )
    assert "passphrase file /dev/zero: too large (more than 65,536 bytes" in err
    assert not out.exists()
