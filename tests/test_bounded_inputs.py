"""The command line refuses in one line (exit 2), at once, a device, a pipe or an oversized file
given as a plan, a PDF, a certificate or a passphrase; it never reads /dev/zero until memory
runs out, nor waits on a pipe with no writer."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor_app.cli import main
from advisor_app.export.font_cache import _read as read_font_cache
from advisor_app.export.opening import is_pdf
from advisor_app.plans import save_plan
from advisor_app.plans.autosave import AutosaveStore
from tests.conftest import REPO
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
    assert not is_pdf(fifo)  # the window asks this first: it waited on the pipe forever
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


@contextlib.contextmanager
def piped(data: bytes) -> Iterator[str]:
    """A pipe holding `data`, written by another process (a pipe holds 64 KB; a thread here
    would keep the export from forking its signer, the path that read the pipe twice)."""
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read())"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdin.write(data)  # read whole by the writer, then written as the reader reads
    writer.stdin.close()
    try:
        yield f"/dev/fd/{writer.stdout.fileno()}"
    finally:
        writer.stdout.close()
        writer.wait(10)


def test_a_passphrase_pipe_is_read_once_and_bounded(capsys, catalog, pki, tmp_path):
    """Read twice, a pipe over the limit gave its tail the second time: a passphrase after
    65,536 bytes of padding signed the record."""
    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    out = tmp_path / "signed.pdf"
    sign = ["export", str(source), "-o", str(out), "--sign", str(pki.path("advisor.p12"))]
    # The first read refuses 65,537 bytes and more; a second read would find what it left (with
    # other padding, the passphrase alone: the helper's attack signed that way).
    with piped(b"x" * 65_537 + b"correct horse") as padded:
        assert "too large" in refused(capsys, *sign, "--passphrase-file", padded)
    assert not out.exists()
    with piped(b"correct horse\n") as passphrase:
        assert main([*sign, "--passphrase-file", passphrase]) == 0
    assert "signed by Dr. Advisor" in capsys.readouterr().out


def test_a_passphrase_with_a_nul_byte_is_refused_not_a_crash(capsys, catalog, pki, tmp_path):
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"correct\0horse")
    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    sign = ["export", str(source), "-o", str(tmp_path / "o.pdf"), "--sign"]
    err = refused(capsys, *sign, str(pki.path("advisor.p12")), "--passphrase-file", str(nul))
    assert "holds a NUL byte" in err
    new = ["certificate", "--name", "Dr. Z", "-o", str(tmp_path / "z.p12")]
    assert "holds a NUL byte" in refused(capsys, *new, "--passphrase-file", str(nul))
    issuer = ["--issuer", str(pki.path("CA.p12")), "--issuer-passphrase-file", str(nul)]
    assert "holds a NUL byte" in refused(capsys, *new, *issuer)
    assert not (tmp_path / "z.p12").exists()


def test_a_course_row_that_cannot_be_read_is_a_catalog_error(capsys, catalog, tmp_path):
    """Courses are read when first needed: a damaged one is met then, not when opened."""
    broken = tmp_path / "catalog.sqlite"
    broken.write_bytes((REPO / "data" / "catalog.sqlite").read_bytes())
    with sqlite3.connect(broken) as connection:
        connection.execute("update courses set units = 'abc'")
    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    for command in (["courses"], ["validate", str(source)]):
        err = refused(capsys, "--catalog", str(broken), *command)
        assert "catalog is incomplete" in err and "catalog build" in err


def test_a_name_too_long_is_one_line_not_a_traceback(capsys, catalog, tmp_path):
    long = tmp_path / ("a" * 300)
    assert "File name too long" in refused(capsys, "--catalog", str(long), "tracks")
    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    assert "File name too long" in refused(capsys, "export", str(source), "-o", f"{long}/x.pdf")
    assert "File name too long" in refused(capsys, "export-all", str(long), "-o", str(tmp_path))


def test_a_pipe_in_the_autosave_or_font_cache_folder_is_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "autosave-1-0.json")
    os.symlink("/dev/zero", tmp_path / "autosave-2-0.json")
    assert AutosaveStore(tmp_path).pending() == []
    fifo = tmp_path / "DejaVuSans.ttf.fontcache"
    os.mkfifo(fifo)
    assert read_font_cache(fifo, {"key": 1}) is None
