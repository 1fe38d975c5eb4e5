"""Batch work from the command line: validate many plans (streamed, in order, on every core) and
export a folder of plans for a records office."""

import json

from msgspec.structs import replace

from advisor_app.cli import main
from advisor_app.cli.batch import PARALLEL_FROM
from advisor_app.plans import load_plan, save_plan
from tests.plans_for_tests import filled_template


def write_plans(catalog, folder, count):
    folder.mkdir(parents=True, exist_ok=True)
    tracks = sorted(catalog.tracks)
    paths = []
    for i in range(count):
        plan = replace(filled_template(catalog, tracks[i % len(tracks)]), student_name=f"S{i}")
        path = folder / f"plan-{i:03d}.json"
        save_plan(plan, path)
        paths.append(path)
    return paths


def test_validate_many_plans_in_parallel_keeps_their_order(catalog, tmp_path, capsys):
    paths = write_plans(catalog, tmp_path / "in", PARALLEL_FROM + 6)
    (tmp_path / "in" / "broken.json").write_text("{", encoding="utf-8")
    names = [str(p) for p in paths] + [str(tmp_path / "in" / "broken.json")]
    code = main(["validate", "--json", "--jobs", "2", *names])
    results = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [r["file"] for r in results] == names
    assert all(r["ok"] for r in results[:-1]) and results[-1]["readable"] is False
    code = main(["validate", "-q", "--jobs", "1", *names[:3]])
    out = capsys.readouterr().out.splitlines()
    assert code == 0 and [line.split(":")[0] for line in out] == names[:3]


def test_export_all_writes_every_plan_and_reports_the_bad_ones(catalog, tmp_path, capsys):
    write_plans(catalog, tmp_path / "in", 3)
    (tmp_path / "in" / "broken.json").write_text("not json", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["export-all", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 2
    assert "Exported 3 of 4 plans" in captured.out
    assert "broken.json: cannot be read" in captured.err
    assert sorted(p.name for p in out.iterdir()) == [f"plan-{i:03d}.pdf" for i in range(3)]
    assert load_plan(out / "plan-001.pdf").student_name == "S1"
    # A second run leaves what exists, unless asked to replace it.
    code = main(["export-all", str(tmp_path / "in"), "-o", str(out)])
    assert "3 skipped" in capsys.readouterr().out
    assert main(["export-all", str(tmp_path / "missing"), "-o", str(out)]) == 2
