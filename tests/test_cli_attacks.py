"""The command line against what a hostile user passes it (attacked in stop 23): each case was a
traceback, a runaway or lost data, and is now one line and exit 2, or a correct result."""

import os
import subprocess
import sys

import pytest

from advisor_app.cli import main
from advisor_app.plans import load_plan, save_plan
from tests.conftest import REPO
from tests.plans_for_tests import filled_template


def run(capsys, *args):
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse refuses a bad argument this way, with exit 2
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_bytes_that_are_not_utf8_in_a_name_are_refused_not_a_crash(tmp_path):
    """A terminal passes such bytes; Python keeps them as lone surrogates, which nothing writes."""
    for command in (
        ["new", "--track", "accelerated-12", "--start-year", "2026", "--student", b"A\xffB"],
        ["certificate", "--name", b"Dr. \xff Jane", "--passphrase-file", os.devnull],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "advisor_app", *command, "-o", str(tmp_path / "out")],
            cwd=REPO,
            capture_output=True,
        )
        assert done.returncode == 2 and b"not valid text" in done.stderr
        assert b"Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_new_refuses_a_plan_every_other_command_would_refuse(capsys, tmp_path):
    out = tmp_path / "new.json"
    code, _, err = run(
        capsys, "new", "--track", "accelerated-12", "--start-year", "2026",
        "--student", "A" * 10_000, "-o", str(out),
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and not out.exists()
    assert "--student is too long (10,000 characters; the limit is 200)" in err
    code, _, err = run(
        capsys, "new", "--track", "accelerated-12", "--start-year", "2026",
        "--student", "A", "--advisor", "B" * 201, "-o", str(out),
    )  # fmt: skip
    assert code == 2 and "--advisor is too long (201 characters" in err and not out.exists()


@pytest.mark.parametrize("jobs", ["0", "-5", "many"])
def test_jobs_must_be_a_whole_number_from_one(capsys, tmp_path, jobs):
    code, _, err = run(capsys, "validate", "--jobs", jobs, str(tmp_path / "p.json"))
    assert code == 2 and "--jobs" in err


def test_a_million_jobs_start_no_more_processes_than_there_is_work(capsys, catalog, tmp_path):
    """Before: --jobs 1000000 started processes until memory ran out (2 GB in 5 s)."""
    plans = []
    for n in range(3):
        plans.append(tmp_path / f"p{n}.json")
        save_plan(filled_template(catalog, "accelerated-12"), plans[-1])
    code, out, _ = run(capsys, "validate", "-q", "--jobs", "1000000", *map(str, plans))
    assert code == 0 and out.count("\n") == 3


def test_export_never_writes_over_the_plan_it_exports(capsys, catalog, tmp_path):
    plan = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), plan)
    before = plan.read_bytes()
    code, _, err = run(capsys, "export", str(plan), "-o", str(tmp_path / "." / "plan.json"))
    assert code == 2 and "is the plan being exported" in err and plan.read_bytes() == before
    pdf = tmp_path / "plan.pdf"
    assert run(capsys, "export", str(plan), "-o", str(pdf))[0] == 0
    record = pdf.read_bytes()
    assert run(capsys, "export", str(pdf), "-o", str(pdf))[0] == 2 and pdf.read_bytes() == record


def test_export_all_names_every_plan_file_it_cannot_export(capsys, catalog, tmp_path):
    """Before: p.json and p.JSON made one p.pdf (one plan lost, exit 0); a folder, a pipe or a
    broken link named *.json was left out of the count without a word."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    save_plan(filled_template(catalog, "accelerated-12"), folder / "p.json")
    save_plan(filled_template(catalog, "standard-16"), folder / "p.JSON")
    (folder / "dir.json").mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "gone.json").symlink_to(tmp_path / "nowhere")
    code, stdout, err = run(capsys, "export-all", str(folder), "-o", str(out))
    assert code == 2 and "Exported 1 of 5 plans" in stdout
    assert "rename one of them" in err and "is a folder" in err
    assert "pipe or socket" in err and "gone.json: cannot be read: no such file" in err
    assert [p.name for p in out.iterdir()] == ["p.pdf"]
    assert load_plan(out / "p.pdf").track == "standard-16"  # p.JSON's, whole; p.json's refused


def test_export_all_never_writes_through_a_link_planted_in_the_output_folder(
    capsys, catalog, tmp_path
):
    """Found in stop 25: with --force, a link out/ada.pdf -> victim.json turned the victim into
    a PDF; a folder in the PDF's way was said to be a plan that 'cannot be read'."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir(), out.mkdir()
    save_plan(filled_template(catalog, "accelerated-12"), folder / "ada.json")
    save_plan(filled_template(catalog, "standard-16"), folder / "bo.json")
    victim = tmp_path / "victim.json"
    victim.write_text("the victim", encoding="utf-8")
    (out / "ada.pdf").symlink_to(victim)
    (out / "bo.pdf").mkdir()
    code, stdout, err = run(capsys, "export-all", str(folder), "-o", str(out), "--force")
    assert code == 2 and "Exported 0 of 2 plans" in stdout
    assert victim.read_text(encoding="utf-8") == "the victim" and (out / "ada.pdf").is_symlink()
    assert "ada.json: could not be exported: " in err and "is a symbolic link; not replaced" in err
    assert "bo.json: could not be exported: " in err and "cannot be read" not in err
