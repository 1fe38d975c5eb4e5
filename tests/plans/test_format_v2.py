"""Plan format version 2: the student's record, external courses, exceptions, history; version 1
files read the same; every limit refused with a clear reason."""

import json
import os
import stat
import time

import pytest

from advisor_app.domain import CourseRecord, Decision, ExternalCourse, Plan, edits, waiver
from advisor_app.plans import LIMITS, PlanFileError, dumps_plan, load_plan, parse_plan, save_plan

FULL = {
    "format": "aipi-plan",
    "version": 2,
    "student": {"name": "Ada", "id": "D1"},
    "advisor": {"name": "Dr. Noor"},
    "track": "bse-meng",
    "start_year": 2026,
    "terms": {
        "ug-fall": [
            {
                "code": "AIPI 510",
                "status": "completed",
                "grade": "a-",
                "counts_for_undergraduate": False,
            },
            "AIPI 520",
        ],
        "fall-1": ["ME 555", {"code": "MENG 570", "status": "in-progress"}],
    },
    "external_courses": [
        {"code": "ME 555", "title": "Advanced ME", "units": 3, "category": "technical-elective"}
    ],
    "exceptions": [
        {
            "kind": "substitute",
            "requirement": "technical-core",
            "course": "AIPI 520",
            "with": "ECE 687D",
            "reason": "Prior ML coursework",
        },
        {
            "kind": "waive-course",
            "requirement": "technical-core",
            "course": "AIPI 540",
            "replace_with": "technical-electives",
            "reason": "Took deep learning",
        },
        {
            "kind": "apply",
            "requirement": "technical-electives",
            "course": "ME 555",
            "reason": "Director approved",
        },
        {"kind": "waive-finding", "rule": "load.f1-minimum", "reason": "Domestic"},
    ],
    "approved_by": "",
    "history": [
        {
            "revision": 1,
            "approved_on": "2026-05-01",
            "approved_by": "Dr. Noor",
            "track": "bse-meng",
            "start_year": 2026,
            "terms": {"ug-fall": ["AIPI 510"]},
            "exceptions": [],
            "external_courses": [],
        }
    ],
    "revision": 2,
}


def test_version_2_reads_every_field_and_round_trips():
    plan = parse_plan(json.dumps(FULL))
    assert plan.record("ug-fall", "AIPI 510") == CourseRecord("completed", "A-", False)
    assert plan.record("ug-fall", "AIPI 520") == CourseRecord()
    assert plan.record("fall-1", "MENG 570").status == "in-progress"
    assert plan.external_courses == (
        ExternalCourse("ME 555", "Advanced ME", 3.0, "technical-elective"),
    )
    kinds = [d.kind for d in plan.exceptions]
    assert kinds == ["substitute", "waive-course", "apply", "waive-finding"]
    assert plan.exceptions[0].with_course == "ECE 687D"
    assert plan.exceptions[1].replace_with == "technical-electives"
    assert plan.history[0].approved_by == "Dr. Noor"
    assert plan.waivers == (plan.exceptions[3],)
    assert parse_plan(dumps_plan(plan)) == plan
    written = json.loads(dumps_plan(plan))
    assert written["version"] == 2 and "waivers" not in written
    assert written["terms"]["ug-fall"][1] == "AIPI 520"  # a planned entry stays a string


def test_version_1_waivers_read_as_waive_finding_exceptions():
    v1 = {
        "format": "aipi-plan",
        "version": 1,
        "track": "accelerated-12",
        "start_year": 2026,
        "terms": {"summer-1": ["AIPI 503"]},
        "waivers": [
            {"rule": "req.bootcamp", "course": "AIPI 503", "reason": "tested out"},
            {"rule": "load.advised"},
        ],
    }
    plan = parse_plan(json.dumps(v1))
    assert plan.exceptions == (
        waiver("req.bootcamp", "AIPI 503", "tested out"),
        waiver("load.advised", "", "no reason given"),
    )
    assert parse_plan(dumps_plan(plan)) == plan
    with pytest.raises(PlanFileError, match="version 1 plans hold course codes only"):
        parse_plan(json.dumps({**v1, "terms": {"fall-1": [{"code": "AIPI 510"}]}}))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"exceptions": [{"kind": "apply", "requirement": "x", "course": "Y"}]}, "'reason'"),
        (
            {"exceptions": [{"kind": "apply", "requirement": "x", "course": "Y", "reason": " "}]},
            "'reason' is empty",
        ),
        ({"exceptions": [{"kind": "bribe", "reason": "r"}]}, "'kind' must be one of"),
        (
            {
                "exceptions": [
                    {"kind": "substitute", "requirement": "r", "course": "A", "reason": "r"}
                ]
            },
            "'with'",
        ),
        (
            {"exceptions": [{"kind": "waive-finding", "reason": "r", "rule": "x", "sneaky": 1}]},
            "unknown field 'sneaky'",
        ),
        ({"terms": {"fall-1": [{"code": "AIPI 510", "status": "done"}]}}, "'status' must be"),
        ({"terms": {"fall-1": [{"code": "AIPI 510", "grade": "Z"}]}}, "is not a grade"),
        (
            {"terms": {"fall-1": [{"code": "AIPI 510", "counts_for_undergraduate": "no"}]}},
            "true or false",
        ),
        (
            {"external_courses": [{"code": "ME 555", "title": "t", "units": 99, "category": "c"}]},
            "'units' must be a number from 0 to 12",
        ),
        ({"waivers": []}, "'waivers' is version 1"),
        ({"student": {"name": "x" * 201}}, "too long"),
        ({"terms": {f"t{i}": ["AIPI 510"] for i in range(LIMITS.terms + 1)}}, "terms; the limit"),
        ({"terms": {"fall-1": ["AIPI 510"] * (LIMITS.entries_per_term + 1)}}, "the limit is 40"),
        ({"notes": "x" * (LIMITS.notes_chars + 1)}, "'notes' is too long"),
        ({"terms": {"fall-1": [5]}}, "entry 1 must be a course code or an object"),
        ({"milestones": ["x", 7]}, "'milestones' must be a list of ids"),
        (
            {"milestones": ["ok", "x" * 65]},
            "milestone 2 in 'milestones' is too long \\(65 characters; the limit is 64\\)",
        ),
    ],
)
def test_bad_version_2_fields_are_clear_errors(change, reason):
    with pytest.raises(PlanFileError, match=reason):
        parse_plan(json.dumps({**FULL, **change}))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '{"format": "aipi-plan", "version": 2, "track": "x", "start_year": ' + "9" * 5000 + "}",
            "a number in it is too long",
        ),
        (
            '{"format": "aipi-plan", "version": 2, "track": "\\ud800", "start_year": 2026}',
            "not valid Unicode",
        ),
        (
            '{"format": "aipi-plan", "version": 2, "track": "x", "start_year": 2026, "u": NaN}',
            "'NaN' is not a number",
        ),
        (
            '{"format": "aipi-plan", "version": 2, "track": "x", "start_year": 2026, "deep": '
            + "[" * 40
            + "]" * 40
            + "}",
            "nested more than 32 levels",
        ),
    ],
)
def test_hostile_json_is_refused_with_one_line(text, reason):
    with pytest.raises(PlanFileError, match=reason):
        parse_plan(text)


def test_a_move_carries_the_record_and_a_removal_drops_it():
    plan = parse_plan(json.dumps(FULL))
    moved = edits.move(plan, "AIPI 510", "ug-fall", "ug-spring")
    assert moved.record("ug-spring", "AIPI 510").grade == "A-"
    assert ("ug-fall", "AIPI 510") not in moved.records
    removed = edits.remove(moved, "AIPI 510", "ug-spring")
    assert removed.records == {("fall-1", "MENG 570"): CourseRecord("in-progress")}


def test_approving_stamps_the_truth_and_keeps_history():
    plan = Plan(track="standard-16", start_year=2026, terms={"fall-1": ("AIPI 510",)})
    approved = edits.approve(plan, "2026-11-25", "Dr. Noor")
    assert (approved.status, approved.approved_on, approved.approved_by) == (
        "approved",
        "2026-11-25",
        "Dr. Noor",
    )
    assert [h.revision for h in approved.history] == [1]
    with pytest.raises(edits.EditError, match="start a new revision first"):
        edits.approve(approved, "2030-01-01", "Someone Else")
    draft = edits.start_revision(approved)
    assert (draft.revision, draft.approved_on, draft.approved_by) == (2, "", "")
    again = edits.approve(draft, "2026-12-01", "Dr. Noor")
    assert [h.revision for h in again.history] == [1, 2]
    assert parse_plan(dumps_plan(again)) == again


def test_exceptions_are_edited_as_values():
    plan = Plan(track="standard-16", start_year=2026)
    first = Decision("apply", "ok", requirement="technical-electives", course="ME 555")
    second = Decision("apply", "better reason", requirement="technical-electives", course="ME 555")
    plan = edits.add_exception(plan, first)
    plan = edits.replace_exception(plan, first, second)
    assert plan.exceptions == (second,)
    assert edits.remove_exception(plan, second).exceptions == ()


# ---------------------------------------------------------------- the file on disk
def test_saving_keeps_permissions_and_follows_a_symlink(tmp_path):
    plan = parse_plan(json.dumps(FULL))
    real = tmp_path / "shared" / "plan.json"
    real.parent.mkdir()
    save_plan(plan, real)
    os.chmod(real, 0o664)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_plan(edits.add_exception(plan, waiver("x", "", "r")), link)
    assert link.is_symlink(), "the link was replaced by a file"
    assert len(load_plan(real).exceptions) == 5
    assert stat.S_IMODE(real.stat().st_mode) == 0o664


def test_a_new_file_follows_the_umask_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        save_plan(parse_plan(json.dumps(FULL)), tmp_path / "new.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_a_stale_temporary_file_is_removed_by_the_next_save(tmp_path):
    target = tmp_path / "plan.json"
    stale = tmp_path / ".plan.json.abc123.tmp"
    stale.write_text("half a plan")
    past = time.time() - 3600
    os.utime(stale, (past, past))
    fresh = tmp_path / ".plan.json.def456.tmp"  # perhaps another window saving right now
    fresh.write_text("in progress")
    save_plan(parse_plan(json.dumps(FULL)), target)
    assert not stale.exists() and fresh.exists()


def test_a_pipe_or_a_folder_is_never_replaced_by_a_plan(tmp_path):
    """Before: `-o` a FIFO (or, as root, a device such as /dev/null) was replaced by a file."""
    pipe, folder = tmp_path / "pipe.json", tmp_path / "folder.json"
    os.mkfifo(pipe)
    folder.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(pipe)
    plan = parse_plan(json.dumps(FULL))
    for target, reason in ((pipe, "not a file"), (link, "not a file"), (folder, "is a folder")):
        with pytest.raises(PlanFileError, match=reason):
            save_plan(plan, target)
    assert stat.S_ISFIFO(pipe.stat().st_mode) and folder.is_dir() and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.json", "link.json", "pipe.json"]


def test_a_long_file_name_saves_with_a_shorter_temporary_name(tmp_path):
    """Before: a 250-byte name was refused ('cannot write there'): the temporary file's name,
    the target's and 14 more bytes, was over the file system's 255."""
    target = tmp_path / ("é" * 125 + ".json")  # 255 bytes in UTF-8: the longest there is
    plan = parse_plan(json.dumps(FULL))
    save_plan(plan, target)
    save_plan(edits.add_exception(plan, waiver("x", "", "r")), target)
    assert len(load_plan(target).exceptions) == 5
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no .bak: no room for it
    stale = tmp_path / f".{'é' * 100}.abc.tmp"  # what a killed save of it left
    stale.write_text("half a plan")
    past = time.time() - 3600
    os.utime(stale, (past, past))
    save_plan(plan, target)
    assert not stale.exists()


@pytest.mark.parametrize(
    ("twice", "key"),
    [
        (
            ('"track": "bse-meng"', '"track": "standard-16", "track": "bse-meng"'),
            "track",
        ),
        (('"format": "aipi-plan"', '"format": "x", "format": "aipi-plan"'), "format"),
    ],
)
def test_a_key_given_twice_in_one_object_is_refused(twice, key):
    """Found in stop 23: the last value won, silently; readers that keep the first saw another
    plan (another track; a course dropped from a term)."""
    text = dumps_plan(parse_plan(json.dumps(FULL)))
    assert twice[0] in text
    with pytest.raises(PlanFileError, match=f'the key "{key}" appears twice in one object'):
        parse_plan(text.replace(twice[0], twice[1], 1))
