import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_fuzz_script_runs_and_finds_no_crash():
    """A short run keeps bench/fuzz_plans.py working; the full 10,000+ run is for the note."""
    result = subprocess.run(
        [sys.executable, "bench/fuzz_plans.py", "400", "--seed", "7"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crashes: 0" in result.stdout


def test_the_pdf_fuzz_script_runs_and_finds_no_crash():
    """A few hundred mutated exports (draft, approved, signed) through the PDF reader, verify and
    the verify command; the 10,000-file run is for the note."""
    result = subprocess.run(
        [sys.executable, "bench/fuzz_pdfs.py", "300", "--seed", "11"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crashes: 0" in result.stdout and result.stderr == ""
