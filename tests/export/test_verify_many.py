"""`advisor-app verify` of many PDFs: in the order given, on every core, the worst exit code, a
summary at the end; one PDF exactly as before."""

import io
import json
import shutil
from datetime import date

from advisor_app.cli import main
from advisor_app.cli.batch import Progress
from advisor_app.cli.export_commands import VERIFY_PARALLEL_FROM
from advisor_app.export.pdf import export_pdf
from tests.export.conftest import advisor_plan


def pdfs(catalog, signed_record, folder):
    """A signed-off record, a draft, a tampered record and a truncated file."""
    folder.mkdir()
    record = folder / "record.pdf"
    shutil.copy(signed_record[0], record)
    draft = folder / "draft.pdf"
    export_pdf(catalog, advisor_plan(catalog, "Dr. Advisor"), draft, date.today())
    tampered = folder / "tampered.pdf"
    data = bytearray(record.read_bytes())
    data[data.index(b"/Producer") + 12] ^= 1  # one byte of the signed part
    tampered.write_bytes(bytes(data))
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(draft.read_bytes()[:1500])
    return record, draft, tampered, truncated


def test_many_pdfs_in_parallel_keep_their_order_with_the_worst_exit_code(
    catalog, signed_record, trusted, tmp_path, capsys
):
    record, draft, tampered, truncated = pdfs(catalog, signed_record, tmp_path / "in")
    names = [str(p) for p in (record, draft, tampered, truncated)] * VERIFY_PARALLEL_FROM
    assert main(["verify", "--json", "--jobs", "2", *names]) == 2
    captured = capsys.readouterr()
    results = json.loads(captured.out)
    assert [r["file"] for r in results] == names
    assert [r["state"] for r in results[:4]] == ["signed-record", "draft", "invalid", "unreadable"]
    assert all({"state", "signer", "trusted", "reasons"} <= set(r) for r in results)
    assert results[0]["signer"] == "Dr. Noor Advisor" and results[0]["trusted"]
    assert "truncated" in results[3]["reasons"][0]
    total = len(names)
    assert (
        f"Verified {total} PDFs: {total // 4} signed-off records, {total // 4} drafts, "
        f"{total // 4} invalid, {total // 4} unreadable" in captured.err
    )
    assert captured.err.count("truncated.pdf: the PDF is truncated") == total // 4


def test_the_text_reports_follow_each_other_then_the_summary(
    catalog, signed_record, trusted, tmp_path, capsys
):
    record, draft, tampered, _ = pdfs(catalog, signed_record, tmp_path / "in")
    assert main(["verify", "--jobs", "1", str(record), str(draft)]) == 0
    out = capsys.readouterr().out.splitlines()
    heads = [line for line in out if not line.startswith("  ")]
    assert heads == [
        f"{record}: signed-off record, revision 1, approved on {date.today().isoformat()}, "
        "signed by Dr. Noor Advisor (trusted)",
        f"{draft}: draft, not a record (revision 1)",
        "Verified 2 PDFs: 1 signed-off record, 1 draft",
    ]
    assert main(["verify", str(draft), str(tampered)]) == 1
    assert "Verified 2 PDFs: 1 draft, 1 invalid" in capsys.readouterr().out
    assert main(["verify", "--require-signature", str(record), str(draft)]) == 1


def test_one_pdf_is_reported_as_before(catalog, signed_record, trusted, tmp_path, capsys):
    _, draft, tampered, truncated = pdfs(catalog, signed_record, tmp_path / "in")
    assert main(["verify", "--json", str(draft)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert isinstance(result, dict) and result["state"] == "draft" and result["file"] == str(draft)
    assert {"state", "signer", "trusted", "reasons"} <= set(result)
    assert main(["verify", str(tampered)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{tampered}: INVALID") and "Verified" not in captured.out
    assert main(["verify", str(truncated)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("advisor-app: truncated.pdf: ")
    assert main(["verify", str(draft), "--trust", str(tmp_path / "none.pem")]) == 2
    assert "cannot use the trust file" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_makes_way_for_reports_and_comes_back():
    stream = Terminal()
    progress = Progress(3, "verified", stream)
    progress.clear()  # nothing drawn yet: nothing to take away
    progress.step()
    assert stream.getvalue() == ""  # drawn every 25 files, or when it was taken away
    progress.clear()
    progress.step()
    assert stream.getvalue().endswith("2/3 verified") and "\x1b[K" in stream.getvalue()
    progress.step()
    progress.close()
    assert stream.getvalue().endswith("3/3 verified\n")
    quiet = io.StringIO()
    silent = Progress(3, "verified", quiet)
    silent.step()
    silent.clear()
    assert quiet.getvalue() == ""
