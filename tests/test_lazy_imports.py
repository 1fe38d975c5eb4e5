"""Commands that need neither the PDF nor the signature load neither: `advisor-app tracks`,
`courses` and `--version` start without ReportLab, pyHanko, asyncio, cryptography or pypdf."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

HEAVY = ("reportlab", "pyhanko", "asyncio", "cryptography", "pypdf", "multiprocessing")
LOADED = f"""
import contextlib, io, json, sys
from advisor_app.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as stop:  # --version exits as argparse does
        code = stop.code
print(json.dumps([code, sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))]))
"""


@pytest.mark.parametrize(
    "command", [["tracks"], ["tracks", "--json"], ["courses", "deep"], ["--version"]]
)
def test_quick_commands_load_no_pdf_or_signing_library(command):
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and loaded == []


def _tracks_with_import_log() -> tuple[str, set[str]]:
    """`advisor-app tracks`'s output, and the modules Python's import log (`-X importtime`) saw."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "advisor_app", "tracks"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout, {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}


def test_importtime_confirms_it():
    """The same seen from Python's own import log."""
    output, imported = _tracks_with_import_log()
    assert "advisor_app.cli" in imported and "accelerated-12" in output
    assert not {name.split(".")[0] for name in imported} & set(HEAVY)


def test_tracks_reads_the_tables_without_the_domain_model():
    """Listing the tracks builds no Catalog: no record class is made, no course read."""
    output, imported = _tracks_with_import_log()
    assert "md-meng" in output
    assert not {"msgspec", "advisor_app.domain", "advisor_app.catalog.store"} & imported


def test_tracks_lists_what_the_domain_model_holds():
    """The quick reading and the full catalog agree, track by track and term by term."""
    from advisor_app.catalog import open_catalog
    from advisor_app.catalog.track_list import track_summaries

    catalog = open_catalog().catalog
    assert track_summaries() == [
        {"id": t.id, "name": t.name, "mode": t.mode, "months": t.months, "terms": list(t.term_ids)}
        for t in catalog.tracks.values()
    ]


def test_tracks_on_a_missing_or_corrupt_catalog_says_so(tmp_path):
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not a database" * 100)
    for path in (tmp_path / "missing.sqlite", corrupt):
        done = subprocess.run(
            [sys.executable, "-m", "advisor_app", "--catalog", str(path), "tracks"],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert str(path) in done.stderr and "catalog" in done.stderr


def test_a_command_that_signs_still_finds_its_libraries(tmp_path):
    """Loaded when needed: export imports ReportLab itself."""
    plan = tmp_path / "plan.json"
    subprocess.run(
        [sys.executable, "-m", "advisor_app", "new", "--track", "accelerated-12",
         "--start-year", "2026", "--student", "Ada", "-o", str(plan)],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "advisor_app", "export", str(plan), "-o", str(tmp_path / "p.pdf")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and (tmp_path / "p.pdf").is_file(), done.stderr


SIGNING_EXPORT = """
import json, sys
from advisor_app.cli import main
code = main(sys.argv[1:])
heavy = {"pyhanko", "pyhanko_certvalidator", "aiohttp", "asn1crypto", "urllib.request", "http.client"}
print(json.dumps([code, sorted((set(sys.modules) | {m.split(".")[0] for m in sys.modules}) & heavy)]))
"""


def test_export_sign_signs_without_pyhanko(catalog, pki, tmp_path):
    """`export --sign` writes the signature with cryptography as ReportLab writes the PDF:
    pyHanko (half a second to import) is only for checking signatures. Nor does it load
    asn1crypto, or Python's HTTP client (xml.sax.saxutils imports it, for escaping three
    characters)."""
    from advisor_app.export.verify import SIGNED_RECORD, verify_pdf
    from advisor_app.plans import save_plan
    from tests.export.conftest import advisor_plan
    from tests.pki import PASSPHRASE

    source = tmp_path / "plan.json"
    save_plan(advisor_plan(catalog, "Dr. Noor Advisor"), source)
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASSPHRASE)
    out = tmp_path / "signed.pdf"
    done = subprocess.run(
        [sys.executable, "-c", SIGNING_EXPORT, "export", str(source), "-o", str(out),
         "--sign", str(pki.path("noor.p12")), "--passphrase-file", str(secret)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and loaded == []
    result = verify_pdf(catalog, out, require_signature=True, trust_files=[pki.path("CA.pem")])
    assert result.state == SIGNED_RECORD, result.reasons
