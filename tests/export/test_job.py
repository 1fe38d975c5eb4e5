"""The child process the window exports and checks PDFs in (export/job.py): its requests, its
steps, and one line of result, never a traceback."""

import base64
import io
import json
import subprocess
import sys
from datetime import date

from advisor_app.export.job import main
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import dumps_plan, load_plan, parse_plan
from tests.conftest import REPO
from tests.export.conftest import advisor_plan
from tests.pki import PASSPHRASE


def run(request: object) -> tuple[list[dict], dict]:
    out = io.StringIO()
    assert main(io.StringIO(json.dumps(request)), out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    *steps, last = lines
    return [line for line in steps if "step" in line], last["result"]


def export_request(catalog_path, plan, output, **extra):
    return {
        "action": "export",
        "catalog": str(catalog_path),
        "plan": dumps_plan(plan),
        "output": str(output),
        "generated": date.today().isoformat(),
        "approve": False,
        "certificate": None,
        "passphrase": "",
        **extra,
    }


def test_a_draft_export_says_its_step_and_writes_the_pdf(catalog_db, catalog, tmp_path):
    plan = advisor_plan(catalog, "Dr. Advisor")
    steps, result = run(export_request(catalog_db.path, plan, tmp_path / "out.pdf"))
    assert steps == [{"step": "Drawing the PDF", "number": 1, "of": 1}]
    assert result == {"ok": True}
    assert load_plan(tmp_path / "out.pdf") == plan


def test_a_signed_sign_off_approves_signs_and_checks(catalog_db, catalog, tmp_path, pki, trusted):
    plan = advisor_plan(catalog, "Dr. Advisor")
    request = export_request(
        catalog_db.path,
        plan,
        tmp_path / "signed.pdf",
        approve=True,
        certificate=str(pki.path("advisor.p12")),
        passphrase=base64.b64encode(PASSPHRASE).decode(),
    )
    steps, result = run(request)
    assert [s["step"] for s in steps] == [
        "Opening the certificate",
        "Drawing and signing the PDF",
        "Checking the signature",
    ]
    assert [s["number"] for s in steps] == [1, 2, 3] and {s["of"] for s in steps} == {3}
    assert result["ok"] and result["approved_on"] == date.today().isoformat()
    assert result["approved_by"] == "Dr. Advisor"
    assert result["verification"] == {
        "state": "signed-record",
        "signer": "Dr. Advisor",
        "reasons": [],
    }
    assert verify_pdf(catalog, tmp_path / "signed.pdf").state == "signed-record"


def test_the_window_s_trust_folder_is_the_one_checked(catalog_db, catalog, tmp_path, pki):
    """The window names its trust folder (tests replace it): the child reads that one."""
    from tests.pki import trust_folder

    folder = trust_folder(pki, tmp_path / "user-trust")
    plan = advisor_plan(catalog, "Dr. Advisor")
    signed = export_request(
        catalog_db.path,
        plan,
        tmp_path / "signed.pdf",
        approve=True,
        certificate=str(pki.path("advisor.p12")),
        passphrase=base64.b64encode(PASSPHRASE).decode(),
    )
    assert run(signed)[1]["verification"]["state"] == "invalid"  # no trust folder given
    assert run({**signed, "user_trust_dir": str(folder)})[1]["verification"]["state"] == (
        "signed-record"
    )


def test_refusals_and_bad_requests_are_one_line(catalog_db, catalog, tmp_path, pki):
    nameless = advisor_plan(catalog, "")
    request = export_request(catalog_db.path, nameless, tmp_path / "x.pdf", approve=True)
    _, result = run(request)
    assert not result["ok"] and "names no advisor" in result["message"]
    wrong = export_request(
        catalog_db.path,
        advisor_plan(catalog, "Dr. Advisor"),
        tmp_path / "x.pdf",
        certificate=str(pki.path("advisor.p12")),
        passphrase=base64.b64encode(b"wrong").decode(),
    )
    assert "passphrase is wrong" in run(wrong)[1]["message"]
    assert not (tmp_path / "x.pdf").exists()
    for bad in ([1, 2], {"action": "format the disk"}, {"action": "open"}):
        _, result = run(bad)
        assert not result["ok"] and "\n" not in result["message"]
    out = io.StringIO()
    main(io.StringIO("{not json"), out)
    assert json.loads(out.getvalue())["result"]["ok"] is False


def test_opening_a_pdf_returns_its_plan_and_state(catalog_db, signed_record, trusted, tmp_path):
    path, plan = signed_record
    steps, result = run({"action": "open", "catalog": str(catalog_db.path), "path": str(path)})
    assert steps == [{"step": "Checking the PDF", "number": 1, "of": 1}]
    assert result["ok"] and result["state"] == "signed-record" and result["signed"]
    assert result["signer"] == "Dr. Noor Advisor" and parse_plan(result["plan"]) == plan
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(path.read_bytes()[:2000])
    _, result = run({"action": "open", "catalog": str(catalog_db.path), "path": str(broken)})
    assert not result["ok"] and "broken.pdf" in result["message"]


def test_the_child_runs_as_a_module_and_answers_on_its_pipe(catalog_db, catalog, tmp_path):
    request = export_request(catalog_db.path, advisor_plan(catalog, "Dr. A"), tmp_path / "m.pdf")
    done = subprocess.run(
        [sys.executable, "-m", "advisor_app.export.job"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == {"result": {"ok": True}}
    assert done.stderr == "" and (tmp_path / "m.pdf").is_file()
