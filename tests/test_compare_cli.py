"""`advisor-app compare` and `advisor-app diff`, from the terminal."""

import json
from datetime import date

import pytest

from advisor_app.cli import main
from advisor_app.domain import edits
from advisor_app.export.pdf import export_pdf
from advisor_app.plans import save_plan
from tests.plans_for_tests import filled_template


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(catalog, tmp_path):
    paths = {}
    for track in ("accelerated-12", "standard-16", "online-24"):
        paths[track] = tmp_path / f"{track}.json"
        save_plan(filled_template(catalog, track), paths[track])
    return paths


def test_compare_two_and_three_plans(capsys, files):
    code, out, err = run(capsys, "compare", files["accelerated-12"], files["standard-16"])
    assert code == 0 and not err
    for expected in (
        "On-Campus Accelerated (12 months)",
        "Graduates:      Summer 2027",
        "Graduates:      Fall 2027",
        "$75,877 (estimate, 2024-25 rates)",
        "$95,671 (estimate, 2024-25 rates)",
        "Fall 2027",
        "ECE 682D *",
    ):
        assert expected in out, expected
    code, out, _ = run(capsys, "compare", *files.values())
    assert code == 0 and "$98,970" in out and "Summer 2028" in out


def test_compare_json(capsys, files):
    code, out, _ = run(capsys, "compare", files["accelerated-12"], files["online-24"], "--json")
    data = json.loads(out)
    assert code == 0 and [p["letter"] for p in data["plans"]] == ["A", "B"]
    assert data["plans"][1]["estimated_cost"]["total"] == 98970
    assert data["plans"][0]["graduation"] == "Summer 2027"
    assert any(
        c["differs"]
        for t in data["terms"]
        for cell in t["plans"]
        for term in cell
        for c in term["courses"]
    )


def test_compare_pdfs(capsys, catalog, tmp_path, files):
    pdf = tmp_path / "plan.pdf"
    export_pdf(catalog, filled_template(catalog, "md-meng"), pdf, date(2026, 11, 25))
    code, out, _ = run(capsys, "compare", pdf, files["accelerated-12"])
    assert code == 0 and "MD+MEng Dual Degree" in out and "$68,619.20" in out


def test_compare_needs_two_or_three_readable_plans(capsys, files, tmp_path):
    code, _, err = run(capsys, "compare", files["accelerated-12"])
    assert code == 2 and err.strip() == "advisor-app: compare takes two or three plans"
    code, _, err = run(capsys, "compare", *files.values(), files["online-24"])
    assert code == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    code, out, err = run(capsys, "compare", files["online-24"], tmp_path / "bad.json")
    assert code == 2 and "bad.json: not valid JSON" in err and err.count("\n") == 1 and not out


def test_diff_two_plans(capsys, catalog, tmp_path, files):
    new = edits.move(filled_template(catalog, "standard-16"), "AIPI 540", "spring-1", "fall-1")
    save_plan(new, tmp_path / "new.json")
    code, out, _ = run(capsys, "diff", files["standard-16"], tmp_path / "new.json")
    assert code == 0
    assert "→ AIPI 540 Deep Learning Applications moved from Spring 2027 to Fall 2026" in out
    code, out, _ = run(capsys, "diff", files["standard-16"], tmp_path / "new.json", "--json")
    (change,) = json.loads(out)["changes"]
    assert change["kind"] == "course-moved" and change["from_label"] == "Spring 2027"
    code, out, _ = run(capsys, "diff", files["standard-16"], files["standard-16"])
    assert code == 0 and out.strip().endswith(": none")


def test_diff_since_approved_on_a_plan_and_its_pdf(capsys, catalog, tmp_path):
    plan = edits.approve(filled_template(catalog, "standard-16"), "2026-11-25", "Dr. A")
    plan = edits.remove(edits.start_revision(plan), "ECE 682D", "fall-2")
    save_plan(plan, tmp_path / "draft.json")
    code, out, _ = run(capsys, "diff", tmp_path / "draft.json", "--since-approved")
    assert code == 0
    assert out.splitlines() == [
        "Changes since revision 1 was approved on 2026-11-25 by Dr. A: 1",
        "  - ECE 682D Probabilistic Machine Learning removed from Fall 2027",
    ]
    approved = edits.approve(plan, "2027-01-15", "Dr. A")
    export_pdf(catalog, approved, tmp_path / "r2.pdf", date(2027, 1, 15))
    code, out, _ = run(capsys, "diff", tmp_path / "r2.pdf", "--since-approved", "--json")
    data = json.loads(out)
    assert code == 0 and data["since_revision"] == 1 and len(data["changes"]) == 1


def test_diff_since_approved_without_an_approval(capsys, tmp_path, files):
    code, out, _ = run(capsys, "diff", files["online-24"], "--since-approved")
    assert code == 0 and "no revision before revision 1 was approved" in out
    code, out, _ = run(capsys, "diff", files["online-24"], "--since-approved", "--json")
    assert json.loads(out)["changes"] == [] and json.loads(out)["since_revision"] is None


def test_diff_usage(capsys, files):
    code, _, err = run(capsys, "diff", files["online-24"])
    assert code == 2 and "diff takes two plans" in err
    code, _, err = run(capsys, "diff", files["online-24"], files["online-24"], "--since-approved")
    assert code == 2 and "--since-approved takes one plan" in err
    code, _, err = run(capsys, "diff", files["online-24"], "missing.json")
    assert code == 2 and "missing.json: no such file" in err
