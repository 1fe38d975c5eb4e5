"""Where a course added from the catalog goes: the first term where it is offered and fits."""

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor_app.domain import Plan
from advisor_app.domain.edits import place, remove
from advisor_app.rules import check
from advisor_app.rules.preview import drop_problems, suggest_term
from tests.plans_for_tests import filled_template


def empty_plan(track: str) -> Plan:
    return Plan(track=track, start_year=2026, terms={})


def test_first_term_where_the_course_is_offered(catalog):
    # AIPI 540 runs in Spring on campus and in Summer online.
    assert suggest_term(catalog, empty_plan("standard-16"), "AIPI 540") == "spring-1"
    assert suggest_term(catalog, empty_plan("online-24"), "AIPI 540") == "summer-1"
    assert suggest_term(catalog, empty_plan("standard-16"), "AIPI 503") == "summer-1"


def test_a_term_over_its_load_is_skipped(catalog):
    plan = filled_template(catalog, "standard-16")  # Fall 1 holds its four advised courses
    term = suggest_term(catalog, plan, "AIPI 530")
    assert term == "fall-2"
    after = place(plan, "AIPI 530", term)
    assert not [f for f in check(catalog, after).findings if f.rule.startswith("load.")]


def test_prerequisites_come_first(catalog):
    online = place(place(empty_plan("online-24"), "AIPI 510", "fall-1"), "AIPI 520", "spring-1")
    assert suggest_term(catalog, online, "AIPI 540") == "summer-2"  # after both prerequisites
    # On campus AIPI 540 runs only in Spring: with AIPI 510 in Spring 1 no term is late enough.
    campus = place(empty_plan("standard-16"), "AIPI 510", "spring-1")
    assert suggest_term(catalog, campus, "AIPI 540") is None


def test_a_course_already_planned_is_not_suggested_again(catalog):
    plan = filled_template(catalog, "standard-16")
    assert suggest_term(catalog, plan, "AIPI 540") is None
    # Once removed, it goes back to the term where it runs.
    assert suggest_term(catalog, remove(plan, "AIPI 540", "spring-1"), "AIPI 540") == "spring-1"


def test_unknown_track_and_unknown_course(catalog):
    assert suggest_term(catalog, empty_plan("no-such-track"), "AIPI 540") is None
    # Not a catalog course: like an elective slot, it goes to the first Fall or Spring.
    assert suggest_term(catalog, empty_plan("standard-16"), "XYZ 999") == "fall-1"


@settings(max_examples=60, deadline=None)
@given(
    track=st.sampled_from(["accelerated-12", "standard-16", "online-24", "bse-meng", "md-meng"]),
    data=st.data(),
)
def test_a_suggested_term_adds_no_offering_or_order_problem(catalog, track, data):
    code = data.draw(st.sampled_from(sorted(catalog.courses)))
    plan = filled_template(catalog, track)
    plan = replace(plan, terms={t: e for t, e in plan.terms.items() if code not in e})
    term = suggest_term(catalog, plan, code)
    if term is None:
        return
    assert term in catalog.tracks[track].term_ids
    problems = drop_problems(catalog, plan, code, term)
    placement = ("offering.term", "offering.modality", "prereq.order")
    assert not [p for p in problems if p.rule in placement]
