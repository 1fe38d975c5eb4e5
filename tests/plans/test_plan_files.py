import json
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor_app.domain import Plan, waiver
from advisor_app.plans import (
    PlanFileError,
    dumps_plan,
    load_plan,
    parse_plan,
    plan_to_dict,
    save_plan,
)

VALID = {
    "format": "aipi-plan",
    "version": 1,
    "student": {"name": "李小龍", "id": "D001"},
    "advisor": {"name": "Dr. Noor"},
    "track": "accelerated-12",
    "start_year": 2026,
    "terms": {"summer-1": ["AIPI 503"], "fall-1": ["AIPI 510", "TBD:departmental-elective"]},
    "waivers": [{"rule": "req.bootcamp", "course": "AIPI 503", "reason": "tested out"}],
    "notes": "Wants NLP electives.",
}


def test_valid_file_round_trips(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    plan = load_plan(path)
    assert plan.student_name == "李小龍" and plan.terms["fall-1"] == (
        "AIPI 510",
        "TBD:departmental-elective",
    )
    assert plan.waivers == (waiver("req.bootcamp", "AIPI 503", "tested out"),)
    save_plan(plan, tmp_path / "again.json")
    assert load_plan(tmp_path / "again.json") == plan


def test_unknown_keys_are_kept(tmp_path):
    plan = parse_plan(json.dumps({**VALID, "x-registrar": {"checked": True}}))
    assert plan_to_dict(plan)["x-registrar"] == {"checked": True}


def test_unknown_courses_are_kept():
    plan = parse_plan(json.dumps({**VALID, "terms": {"fall-1": ["NOPE 123"]}}))
    assert plan.terms == {"fall-1": ("NOPE 123",)}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"format": "something-else"}, "not an AIPI plan"),
        ({"version": 3}, "newer AIPI Advisor"),
        ({"version": "1"}, "'version' must be a number"),
        ({"version": 0}, "unknown plan format version"),
        ({"track": ""}, "'track' is empty"),
        ({"start_year": "2026"}, "'start_year'"),
        ({"start_year": True}, "'start_year'"),
        ({"terms": {"fall-1": "AIPI 510"}}, "must be a list"),
        ({"terms": {"fall-1": ["", "AIPI 510"]}}, "entry 1 is empty"),
        ({"terms": []}, "'terms' must be an object"),
        ({"waivers": [{"course": "AIPI 503"}]}, "waiver 1: 'rule' must be text"),
        ({"status": "signed"}, "'status' must be one of"),
        ({"student": "Ada"}, "'student' must be an object"),
    ],
)
def test_bad_fields_are_clear_errors(change, reason):
    with pytest.raises(PlanFileError, match=reason):
        parse_plan(json.dumps({**VALID, **change}))


def test_file_errors_are_one_line(tmp_path):
    cases = {
        "missing.json": None,
        "broken.json": b'{"format": "aipi-plan",',
        "binary.json": b"\xff\xfe\x00garbage",
        "list.json": b"[1, 2, 3]",
        "deep.json": b"[" * 100000 + b"]" * 100000,
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(PlanFileError) as error:
            load_plan(path)
        assert "\n" not in str(error.value) and name in str(error.value)
    with pytest.raises(PlanFileError, match="folder"):
        load_plan(tmp_path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


@given(json_values)
def test_any_json_is_a_plan_or_a_clear_error(value):
    try:
        plan = parse_plan(json.dumps(value))
    except PlanFileError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(plan, Plan)


@given(st.dictionaries(st.sampled_from([*sorted(VALID), "extra"]), json_values, max_size=12))
def test_valid_plan_with_fields_replaced_by_anything(overrides):
    try:
        plan = parse_plan(json.dumps({**VALID, **overrides}))
    except PlanFileError as error:
        assert str(error)
    else:
        assert parse_plan(dumps_plan(plan)) == plan


@given(st.binary(max_size=300))
# No deadline: the first b"%PDF" example imports pypdf, which takes longer on a busy machine.
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150, deadline=None
)
def test_any_bytes_in_a_file_are_a_plan_or_a_clear_error(tmp_path, content):
    path = tmp_path / "fuzz.json"
    path.write_bytes(content)
    try:
        load_plan(path)
    except PlanFileError as error:
        assert "\n" not in str(error)


plans = st.builds(
    Plan,
    track=st.sampled_from(["accelerated-12", "online-24", "x"]),
    start_year=st.integers(1900, 2200),
    terms=st.dictionaries(
        st.text(min_size=1, max_size=10).filter(str.strip),
        st.lists(
            st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s),
            min_size=1,
            max_size=4,
        ).map(tuple),
        max_size=5,
    ),
    student_name=st.text(max_size=30),
    notes=st.text(max_size=100),
    exceptions=st.lists(
        st.builds(
            waiver,
            rule=st.text(min_size=1, max_size=10).filter(lambda s: s.strip() == s and s),
            course=st.text(max_size=8).filter(lambda s: s.strip() == s),
            reason=st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s),
        ),
        max_size=3,
    ).map(tuple),
)


@given(plans)
def test_save_then_load_gives_the_same_plan(plan):
    assert parse_plan(dumps_plan(plan)) == replace(plan, track=plan.track.strip())


def test_save_keeps_a_backup_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "plan.json"
    first = parse_plan(json.dumps(VALID))
    save_plan(first, path)
    save_plan(replace(first, notes="second"), path)
    assert load_plan(path).notes == "second"
    assert (
        json.loads((tmp_path / "plan.json.bak").read_text(encoding="utf-8"))["notes"]
        == VALID["notes"]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.json.bak"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_clear_error(tmp_path):
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(PlanFileError, match="read-only"):
            save_plan(parse_plan(json.dumps(VALID)), tmp_path / "plan.json")
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(PlanFileError, match="no such folder"):
        save_plan(parse_plan(json.dumps(VALID)), tmp_path / "nope" / "plan.json")


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    save_plan(parse_plan(json.dumps(VALID)), path)
    before = path.read_bytes()

    def broken_replace(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PlanFileError, match="No space left"):
        save_plan(replace(parse_plan(json.dumps(VALID)), notes="new"), path)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
