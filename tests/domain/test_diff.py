"""What changed between two plans: hand-made pairs with known differences, and the baseline of
"changes since revision N was approved"."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor_app.catalog import open_catalog
from advisor_app.domain import CourseRecord, Decision, Plan, edits, waiver
from advisor_app.domain.diff import (
    COURSE_ADDED,
    COURSE_MOVED,
    COURSE_REMOVED,
    EXCEPTION_ADDED,
    EXCEPTION_REMOVED,
    RECORD_CHANGED,
    START_YEAR_CHANGED,
    TRACK_CHANGED,
    approved_baseline,
    describe_exception,
    diff_plans,
    revision_as_plan,
)
from advisor_app.rules.findings import RULE_TITLES
from tests.plans_for_tests import filled_template

CATALOG = open_catalog().catalog


def label(catalog, requirement_id):
    track = catalog.tracks["standard-16"]
    return next(r.label for r in track.requirements if r.id == requirement_id)


def kinds(changes):
    return [c.kind for c in changes]


def test_the_same_plan_has_no_changes(catalog):
    plan = filled_template(catalog, "standard-16")
    assert diff_plans(catalog, plan, plan) == []


def test_added(catalog):
    old = filled_template(catalog, "standard-16")
    new = edits.place(old, "AIPI 530", "fall-2")
    (change,) = diff_plans(catalog, old, new)
    assert change.kind == COURSE_ADDED and change.course == "AIPI 530"
    assert change.message == "AIPI 530 Optimization in Practice added to Fall 2027"
    assert (change.to_term, change.to_label) == ("fall-2", "Fall 2027")


def test_removed(catalog):
    old = filled_template(catalog, "standard-16")
    new = edits.remove(old, "ECE 682D", "fall-2")
    (change,) = diff_plans(catalog, old, new)
    assert change.kind == COURSE_REMOVED
    assert change.message == "ECE 682D Probabilistic Machine Learning removed from Fall 2027"


def test_moved(catalog):
    old = filled_template(catalog, "standard-16")
    new = edits.move(old, "AIPI 540", "spring-1", "fall-1")
    (change,) = diff_plans(catalog, old, new)
    assert change.kind == COURSE_MOVED
    assert (
        change.message == "AIPI 540 Deep Learning Applications moved from Spring 2027 to Fall 2026"
    )
    assert (change.from_term, change.to_term) == ("spring-1", "fall-1")


def test_reordering_within_a_term_is_no_change(catalog):
    old = filled_template(catalog, "standard-16")
    assert diff_plans(catalog, old, edits.move(old, "AIPI 510", "fall-1", "fall-1", 3)) == []


def test_exceptions_added_and_removed_in_words(catalog):
    old = edits.add_exception(
        filled_template(catalog, "standard-16"), waiver("load.f1-minimum", "", "Domestic student")
    )
    apply = Decision("apply", "Director approved", "technical-electives", "ECE 682D")
    new = edits.add_exception(edits.remove_exception(old, old.exceptions[0]), apply)
    removed, added = diff_plans(catalog, old, new, RULE_TITLES)
    assert removed.kind == EXCEPTION_REMOVED
    assert removed.message == (
        f"Exception removed: finding waived: {RULE_TITLES['load.f1-minimum']}; "
        "reason: Domestic student"
    )
    assert added.kind == EXCEPTION_ADDED
    assert added.message == (
        f"Exception added: ECE 682D counts toward {label(catalog, 'technical-electives')}; "
        "reason: Director approved"
    )


def test_every_kind_of_exception_reads_in_words(catalog):
    plan = filled_template(catalog, "standard-16")
    texts = [
        describe_exception(catalog, plan, d, RULE_TITLES)
        for d in (
            Decision(
                "substitute", "Prior ML", "technical-core", "AIPI 520", with_course="ECE 687D"
            ),
            Decision(
                "waive-course",
                "Tested out",
                "technical-core",
                "AIPI 520",
                replace_with="technical-electives",
            ),
            Decision("waive-finding", "", rule="req.capstone"),
            Decision("waive-finding", "Known", course="AIPI 540", rule="prereq.order"),
        )
    ]
    core, electives = label(catalog, "technical-core"), label(catalog, "technical-electives")
    assert texts[0] == f"ECE 687D replaces AIPI 520 in {core}; reason: Prior ML"
    assert texts[1] == (
        f"AIPI 520 waived from {core} ({electives} needs one more course); reason: Tested out"
    )
    assert texts[2] == f"finding waived: {label(catalog, 'capstone')}; reason: no reason given"
    assert texts[3] == (f"finding waived: {RULE_TITLES['prereq.order']} (AIPI 540); reason: Known")


def test_track_change(catalog):
    old = filled_template(catalog, "accelerated-12")
    new = edits.change_track(old, catalog.tracks["md-meng"])
    (change,) = diff_plans(catalog, old, new)
    assert change.kind == TRACK_CHANGED
    assert change.message == (
        "Track changed from On-Campus Accelerated (12 months) to MD+MEng Dual Degree"
    )


def test_track_change_to_a_track_whose_terms_fall_in_other_years_moves_courses(catalog):
    # The 4+1's master's summer is a year later than the 12-month track's first summer.
    old = Plan("accelerated-12", 2026, {"summer-1": ("AIPI 503",)})
    new = Plan("bse-meng", 2026, {"summer-1": ("AIPI 503",)})
    track, move = diff_plans(catalog, old, new)
    assert track.kind == TRACK_CHANGED and move.kind == COURSE_MOVED
    assert "from Summer 2026 to Summer 2027" in move.message


def test_start_year_change_moves_nothing(catalog):
    old = filled_template(catalog, "online-24")
    (change,) = diff_plans(catalog, old, replace(old, start_year=2027))
    assert change.kind == START_YEAR_CHANGED
    assert change.message == "Start year changed from 2026 to 2027"


def test_record_change(catalog):
    old = filled_template(catalog, "standard-16")
    new = edits.set_record(old, "fall-1", "AIPI 510", CourseRecord("completed", "A-"))
    (change,) = diff_plans(catalog, old, new)
    assert change.kind == RECORD_CHANGED
    assert change.message == (
        "AIPI 510 Sourcing Data for Analytics (Fall 2026): now completed, grade A-, was planned"
    )


def test_placeholders_and_spellings(catalog):
    old = Plan("standard-16", 2026, {"fall-2": ("TBD:technical-elective", "aipi510")})
    new = Plan(
        "standard-16", 2026, {"fall-2": ("AIPI 510",), "spring-1": ("TBD:technical-elective",)}
    )
    (change,) = diff_plans(catalog, old, new)  # "aipi510" is AIPI 510: no change
    assert change.message == "Technical Elective moved from Fall 2027 to Spring 2027"


def test_a_course_taken_twice_moved_once(catalog):
    old = Plan("online-24", 2026, {"spring-1": ("RESIDENCY",), "spring-2": ("RESIDENCY",)})
    new = Plan("online-24", 2026, {"spring-1": ("RESIDENCY",), "fall-2": ("RESIDENCY",)})
    (change,) = diff_plans(catalog, old, new)
    assert change.kind == COURSE_MOVED and "from Spring 2028 to Fall 2027" in change.message


def test_several_changes_at_once(catalog):
    old = filled_template(catalog, "standard-16")
    new = edits.move(old, "AIPI 540", "spring-1", "fall-1")
    new = edits.remove(new, "ECE 682D", "fall-2")
    new = edits.place(new, "AIPI 530", "fall-2")
    new = edits.add_exception(new, waiver("load.units", "", "Approved overload"))
    new = edits.change_track(new, catalog.tracks["standard-16"])
    assert Counter(kinds(diff_plans(catalog, old, new))) == Counter(
        [COURSE_MOVED, COURSE_REMOVED, COURSE_ADDED, EXCEPTION_ADDED]
    )


def test_baseline_is_the_last_revision_approved_before_this_one(catalog):
    plan = filled_template(catalog, "standard-16")
    assert approved_baseline(plan) is None
    first = edits.approve(plan, "2026-11-25", "Dr. Advisor")
    assert approved_baseline(first) is None  # revision 1 approved: nothing before it
    draft = edits.move(edits.start_revision(first), "AIPI 540", "spring-1", "fall-1")
    assert approved_baseline(draft).revision == 1
    second = edits.approve(draft, "2027-01-15", "Dr. Advisor")
    assert [h.revision for h in second.history] == [1, 2]
    assert approved_baseline(second).revision == 1  # the PDF of revision 2 lists its changes
    old = revision_as_plan(approved_baseline(second), second)
    assert old.revision == 1 and old.approved_on == "2026-11-25" and old.history == ()
    assert kinds(diff_plans(catalog, old, second)) == [COURSE_MOVED]


ENTRIES = [*sorted(CATALOG.courses)[:20], "TBD:technical-elective", "AIPI 999"]
TERMS = ["summer-1", "fall-1", "spring-1", "fall-2", "fall-9"]
plans = st.builds(
    Plan,
    track=st.sampled_from(["standard-16", "online-24", "bse-meng"]),
    start_year=st.integers(2020, 2030),
    terms=st.dictionaries(
        st.sampled_from(TERMS), st.lists(st.sampled_from(ENTRIES), max_size=5).map(tuple)
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, plans)
def test_any_two_plans_differ_by_what_was_added_and_removed(old, new):
    assert diff_plans(CATALOG, old, old) == []
    changes = diff_plans(CATALOG, old, new)
    counted = Counter(CATALOG.canonical(e) for _t, e in new.entries())
    counted.subtract(Counter(CATALOG.canonical(e) for _t, e in old.entries()))
    for code, difference in counted.items():
        added = sum(c.kind == COURSE_ADDED and c.course == code for c in changes)
        removed = sum(c.kind == COURSE_REMOVED and c.course == code for c in changes)
        assert added - removed == difference
    assert all(c.message and "TBD:" not in c.message for c in changes)


def test_a_move_between_levels_of_the_same_calendar_term_names_the_terms(catalog):
    old = Plan("bse-meng", 2026, {"ug-fall": ("AIPI 510",)})
    new = Plan("accelerated-12", 2026, {"fall-1": ("AIPI 510",)})
    _track, move = diff_plans(catalog, old, new)
    assert move.message == (
        "AIPI 510 Sourcing Data for Analytics moved from Fall 2026 (Senior Fall) to Fall 2026 (Fall)"
    )
    old = Plan("md-meng", 2026, {"md-curriculum": ("AIPI 510",)})
    new = Plan("md-meng", 2026, {"fall-1": ("AIPI 510",)})
    (move,) = diff_plans(catalog, old, new)
    assert (
        move.kind == COURSE_MOVED and "from MD curriculum (credited) to Fall 2026" in move.message
    )
