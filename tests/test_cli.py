import json

import pytest

from advisor_app.cli import main
from advisor_app.plans import load_plan, save_plan
from tests.plans_for_tests import filled_template


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_tracks_and_courses(capsys):
    code, out, _ = run(capsys, "tracks")
    assert code == 0 and "accelerated-12" in out and "online-24" in out
    code, out, _ = run(capsys, "courses", "deep")
    assert code == 0 and "AIPI 540" in out
    code, out, _ = run(capsys, "courses", "--json", "--category", "aipi-elective")
    assert {c["code"] for c in json.loads(out)} >= {"AIPI 530", "AIPI 531"}


def test_new_then_validate(capsys, tmp_path):
    path = tmp_path / "plan.json"
    code, out, _ = run(
        capsys,
        "new",
        "--track",
        "standard-16",
        "--start-year",
        "2027",
        "--student",
        "Ada",
        "-o",
        str(path),
    )
    assert code == 0 and load_plan(path).track == "standard-16"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and "warnings" in out  # placeholders
    code, _, err = run(
        capsys,
        "new",
        "--track",
        "standard-16",
        "--start-year",
        "2027",
        "--student",
        "Ada",
        "-o",
        str(path),
    )
    assert code == 2 and "exists" in err
    code, _, err = run(
        capsys,
        "new",
        "--track",
        "nine-month",
        "--start-year",
        "2027",
        "--student",
        "Ada",
        "-o",
        str(tmp_path / "x.json"),
    )
    assert code == 2 and "unknown track" in err


def test_validate_exit_codes_and_json(capsys, tmp_path, catalog):
    good, bad, broken = tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "broken.json"
    plan = filled_template(catalog, "accelerated-12")
    save_plan(plan, good)
    from advisor_app.domain.edits import move

    save_plan(move(plan, "AIPI 540", "spring-1", "summer-2"), bad)
    broken.write_text("{not json", encoding="utf-8")
    assert run(capsys, "validate", str(good))[0] == 0
    code, out, _ = run(capsys, "validate", str(bad), "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False
    assert any(
        f["rule"] == "offering.term" and f["fix"]["to_term"] == "spring-1" for f in data["findings"]
    )
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 2 and err.count("\n") == 1 and "not valid JSON" in err
    assert err.startswith(f"{broken}: cannot read: not valid JSON")  # the file named once
    code, out, _ = run(capsys, "validate", "--json", str(good), str(bad))
    assert code == 1 and [r["ok"] for r in json.loads(out)] == [True, False]
    assert run(capsys, "validate", str(good), str(broken), str(bad))[0] == 2


def test_missing_catalog_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "--catalog", str(tmp_path / "none.sqlite"), "tracks")
    assert code == 2 and "catalog not found" in err


@pytest.mark.parametrize("args", [["catalog", "info"], []])
def test_catalog_info_and_help(capsys, args):
    assert run(capsys, *args)[0] == 0


def test_catalog_build(capsys, tmp_path):
    code, _out, _ = run(capsys, "catalog", "build", "--output", str(tmp_path / "c.sqlite"))
    assert code == 0 and (tmp_path / "c.sqlite").exists()


def test_output_is_inert_on_a_terminal():
    from advisor_app.cli.common import inert, inert_json

    assert inert("Ada\r\x1b[2K\x07\x9b\u202e\u2028ok\tx\n") == (
        "Ada\\r\\x1b[2K\\x07\\x9b\\u202e\\u2028ok\\tx\\n"
    )
    assert inert("王小明 Zoë (ﻣﺤﻤﺪ)") == "王小明 Zoë (ﻣﺤﻤﺪ)"  # letters of any script stay
    assert inert("प्रिया\u200d") == "प्रिया\u200d"  # a joiner shapes a script; not a control
    text = json.dumps({"name": "a\x9bb\u202ec"}, ensure_ascii=False, indent=1)
    assert inert_json(text) == '{\n "name": "a\\u009bb\\u202ec"\n}'
    assert json.loads(inert_json(text)) == {"name": "a\x9bb\u202ec"}


def test_errors_naming_a_hostile_file_are_inert(capsys, tmp_path):
    path = tmp_path / "evil\x1b[2Jname\r.json"
    path.write_text("{not json")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "\x1b" not in err and "\r" not in err and "\\x1b[2J" in err


@pytest.mark.parametrize("collecting", [True, False])
def test_export_leaves_the_cycle_collector_as_it_found_it(tmp_path, catalog, collecting, capsys):
    """export pauses the collector while it runs (it only cost time there), then restores it,
    also when the export fails."""
    import gc

    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    was = gc.isenabled()
    try:
        if not collecting:
            gc.disable()
        assert main(["export", str(source), "-o", str(tmp_path / "plan.pdf")]) == 0
        assert gc.isenabled() == collecting
        assert main(["export", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.pdf")]) == 2
        assert gc.isenabled() == collecting
    finally:
        if was:
            gc.enable()
    capsys.readouterr()


RUN = """
import atexit, sys
atexit.register(lambda: print("exit handlers ran"))
sys.argv = ["advisor-app", *sys.argv[1:]]
from advisor_app.cli import run
run()
"""


def test_the_installed_command_ends_at_once_after_an_export(tmp_path, catalog):
    """`advisor-app` (cli.run) ends the process without tearing it down after an export, its
    output flushed and its exit code kept; other commands exit as usual."""
    import subprocess
    import sys

    from tests.conftest import REPO

    def advisor_app(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", RUN, *args], cwd=REPO, capture_output=True, text=True
        )

    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    done = advisor_app("export", str(source), "-o", str(tmp_path / "plan.pdf"))
    assert done.returncode == 0 and done.stdout.startswith("Wrote "), done.stderr
    assert "exit handlers ran" not in done.stdout and (tmp_path / "plan.pdf").is_file()
    assert load_plan(tmp_path / "plan.pdf") == load_plan(source)
    done = advisor_app("export", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and "missing.json" in done.stderr
    done = advisor_app("tracks")
    assert done.returncode == 0 and done.stdout.endswith("exit handlers ran\n")


def test_an_export_started_with_its_output_closed_still_ends_cleanly(tmp_path, catalog):
    """`advisor-app export … >&-`: Python has no sys.stdout then; the PDF is written and the
    command ends with its code, no traceback."""
    import shlex
    import subprocess
    import sys

    from tests.conftest import REPO

    source = tmp_path / "plan.json"
    save_plan(filled_template(catalog, "accelerated-12"), source)
    out = tmp_path / "plan.pdf"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(RUN)} export {source} -o {out} >&-"
    done = subprocess.run(command, shell=True, cwd=REPO, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert out.is_file()
