"""describe_changes: what differs between two versions of a plan, in plain words: the plan diff
(domain/diff.py) and every other field."""

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor_app.domain import Plan, waiver
from advisor_app.domain.plan import CourseRecord, ExternalCourse
from advisor_app.plans.changes import describe_changes
from tests.plans_for_tests import filled_template, with_terms


def test_equal_plans_have_no_changes(catalog):
    plan = filled_template(catalog, "standard-16")
    assert describe_changes(plan, replace(plan), catalog) == []


def test_added_removed_moved_and_reordered_courses_by_term(catalog):
    plan = filled_template(catalog, "standard-16")
    new = with_terms(
        plan,
        fall_2=("AIPI 571", "ECE 682D", "AIPI 530"),  # added
        spring_1=("MENG 540", "AIPI 549", "STA 663"),  # AIPI 540 moved out
        fall_1=("AIPI 540", "AIPI 520", "AIPI 510", "MENG 570", "AIPI 501", "EGR 590"),
    )
    new = replace(new, notes="Student added a note")
    assert describe_changes(plan, new, catalog) == [
        "AIPI 540 Deep Learning Applications moved from Spring 2027 to Fall 2026",
        "AIPI 530 Optimization in Practice added to Fall 2027",
        "AIPI 531 Deep Reinforcement Learning Applications removed from Fall 2026",
        "Fall 2026: order changed",
        "Notes changed",
    ]


def test_placeholders_read_as_their_labels(catalog):
    old = Plan("standard-16", 2026, {"fall-2": ("AIPI 571",)})
    new = with_terms(old, fall_2=("AIPI 571", "TBD:technical-elective"))
    (line,) = describe_changes(old, new, catalog)
    assert line == "Technical Elective added to Fall 2027"


def test_fields_records_exceptions_and_other_data(catalog):
    old = filled_template(catalog, "standard-16")
    new = replace(
        old,
        student_name="Ada King",
        track="accelerated-12",
        start_year=2027,
        status="approved",
        approved_on="2026-11-25",
        records={("fall-1", "AIPI 510"): CourseRecord("completed", "A-")},
        exceptions=(waiver("load.f1-minimum", "", "Domestic student"),),
        external_courses=(ExternalCourse("ME 555", "Advanced Topics", 3.0, "technical-elective"),),
        milestones=("employer-industry-project",),
        extra={"color": "blue"},
    )
    lines = describe_changes(old, new, catalog)
    assert lines[:2] == [
        "Track changed from On-Campus Standard (16 months) to On-Campus Accelerated (12 months)",
        "Start year changed from 2026 to 2027",
    ]
    assert "Student name: Ada Lovelace → Ada King" in lines
    assert "Status: draft → approved" in lines and "Approved on: (empty) → 2026-11-25" in lines
    assert any(line.startswith("AIPI 510") and "completed" in line for line in lines)
    assert any("exception" in line.lower() and "Domestic student" in line for line in lines)
    assert "Outside course added: ME 555 Advanced Topics, 3 units" in lines
    assert "Milestone done added: employer-industry-project" in lines
    assert lines[-1] == "Other data changed: color"
    back = describe_changes(new, old, catalog)
    assert any("removed" in line and "Domestic student" in line for line in back)


def test_an_approval_recorded_in_the_history_is_named(catalog):
    from advisor_app.domain import edits

    old = filled_template(catalog, "standard-16")
    approved = edits.approve(old, "2026-11-25", "Dr. Advisor")
    revised = edits.start_revision(approved)
    lines = describe_changes(old, revised, catalog)
    assert lines == ["Revision: 1 → 2", "Approval history changed"]


def test_long_or_multiline_values_stay_one_short_line(catalog):
    old = Plan("standard-16", 2026, student_name="Ada")
    new = replace(old, student_name="A\nda " + "x" * 500)
    (line,) = describe_changes(old, new, catalog)
    assert "\n" not in line and len(line) < 100 and line.endswith("…")


def test_a_record_for_the_bachelors_is_named(catalog):
    old = Plan("bse-meng", 2026, {"ug-fall": ("AIPI 510",)})
    new = replace(
        old, records={("ug-fall", "AIPI 510"): CourseRecord(counts_for_undergraduate=True)}
    )
    (line,) = describe_changes(old, new, catalog)
    assert line.startswith("AIPI 510") and "bachelor" in line


CODES = ("AIPI 510", "AIPI 520", "AIPI 530", "TBD:technical-elective")
TERMS = ("fall-1", "spring-1", "fall-2")
plans = st.builds(
    Plan,
    track=st.sampled_from(["standard-16", "accelerated-12"]),
    start_year=st.sampled_from([2026, 2027]),
    terms=st.dictionaries(
        st.sampled_from(TERMS), st.lists(st.sampled_from(CODES), unique=True).map(tuple)
    ),
    student_name=st.sampled_from(["", "Ada"]),
    notes=st.text(max_size=3),
    milestones=st.lists(st.sampled_from(["a", "b"]), unique=True).map(tuple),
    status=st.sampled_from(["draft", "approved"]),
    revision=st.integers(1, 3),
    exceptions=st.lists(st.sampled_from([waiver("load.units", "", "ok")]), max_size=1).map(tuple),
    extra=st.dictionaries(st.sampled_from(["x", "y"]), st.integers(0, 2), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(plans, plans)
def test_a_difference_is_always_named_and_equal_plans_name_none(catalog, old, new):
    lines = describe_changes(old, new, catalog)
    assert (lines == []) == (old == new)
    assert all(line and "\n" not in line for line in lines)
