"""What-if copies on another track: every course is carried (placed, or listed as not placed),
by season and order (docs/what-if.md)."""

from collections import Counter
from itertools import permutations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor_app.catalog import open_catalog
from advisor_app.domain import CourseRecord, Plan, edits, waiver
from advisor_app.domain.track_mapping import NOT_PLACED, map_to_track
from tests.plans_for_tests import filled_template, with_terms

CATALOG = open_catalog().catalog
TRACKS = sorted(CATALOG.tracks)


def entries(plan: Plan) -> Counter[str]:
    return Counter(entry for _term, entry in plan.entries())


def assert_nothing_lost(source: Plan, mapping) -> None:
    assert entries(mapping.plan) == entries(source)
    assert Counter(c.entry for c in mapping.carried) == entries(source)
    for carried in mapping.carried:
        term = carried.to_term or NOT_PLACED
        assert carried.entry in mapping.plan.terms[term]
        assert (carried.to_term is None) == bool(carried.reason)


@pytest.mark.parametrize(("source", "target"), list(permutations(TRACKS, 2)))
def test_every_pair_of_tracks_keeps_every_course(catalog, source, target):
    for plan in (
        filled_template(catalog, source),
        edits.from_template(catalog.tracks[source], 2026),
    ):
        mapping = map_to_track(catalog, plan, catalog.tracks[target])
        assert mapping.plan.track == target
        assert_nothing_lost(plan, mapping)
        placed_terms = set(mapping.plan.terms) - {NOT_PLACED}
        assert placed_terms <= set(catalog.tracks[target].term_ids)


def test_sixteen_to_twelve_months_folds_fall_two_into_the_fall_until_it_is_full(catalog):
    plan = filled_template(catalog, "standard-16")
    mapping = map_to_track(catalog, plan, catalog.tracks["accelerated-12"])
    fall = mapping.plan.terms["fall-1"]
    # Fall 1 had 12 units; of Fall 2's two electives, AIPI 571 fits (15 units, the limit)...
    assert fall[-1] == "AIPI 571" and "ECE 682D" not in fall
    # ...and ECE 682D fits nowhere: kept, outside the track, and listed with the reason.
    assert mapping.plan.terms[NOT_PLACED] == ("ECE 682D",)
    (missing,) = mapping.not_placed
    assert (missing.entry, missing.from_term) == ("ECE 682D", "fall-2")
    assert "no fall term" in missing.reason


def test_twelve_months_to_online_spills_into_the_next_term_of_the_season(catalog):
    plan = filled_template(catalog, "accelerated-12")
    mapping = map_to_track(catalog, plan, catalog.tracks["online-24"])
    # Online terms take at most three courses: the fourth of Fall goes to Fall 2.
    assert mapping.plan.terms["fall-1"][:3] == ("AIPI 510", "AIPI 520", "AIPI 530")
    assert "MENG 570" in mapping.plan.terms["fall-2"]
    assert not mapping.not_placed


def test_four_plus_one_senior_year_limit_sends_the_rest_to_the_masters_year(catalog):
    plan = filled_template(catalog, "accelerated-12")
    mapping = map_to_track(catalog, plan, catalog.tracks["bse-meng"])
    senior = [
        entry
        for term in ("ug-fall", "ug-spring")
        for entry in mapping.plan.terms.get(term, ())
        if catalog.course(entry) and catalog.course(entry).units > 0
    ]
    assert len(senior) == 4  # at most four graduate courses as an undergraduate
    assert mapping.plan.terms["spring-1"][:2] == ("MENG 540", "AIPI 540")
    assert mapping.plan.terms["ug-summer"] == ("AIPI 503",)
    assert mapping.plan.terms["summer-1"] == ("AIPI 560", "AIPI 561", "MENG 550")


def test_same_track_is_an_exact_copy_with_the_new_start_year(catalog):
    plan = filled_template(catalog, "standard-16")
    mapping = map_to_track(catalog, plan, catalog.tracks["standard-16"], 2028)
    assert mapping.plan == replace(plan, start_year=2028)
    assert not mapping.not_placed


def test_records_exceptions_and_history_travel_with_the_copy(catalog):
    plan = filled_template(catalog, "standard-16")
    plan = edits.set_record(plan, "fall-1", "AIPI 510", CourseRecord("completed", "A"))
    plan = edits.add_exception(plan, waiver("load.f1-minimum", "", "Domestic student"))
    plan = edits.approve(plan, "2026-11-25", "Dr. Advisor")
    mapping = map_to_track(catalog, plan, catalog.tracks["accelerated-12"])
    copy = mapping.plan
    assert copy.record("fall-1", "AIPI 510") == CourseRecord("completed", "A")
    assert copy.exceptions == plan.exceptions and copy.history == plan.history
    # A copy of the approved record is a new draft revision, open for edits.
    assert copy.status == "draft" and copy.revision == 2 and not copy.approved_on


def test_terms_outside_the_old_track_are_listed(catalog):
    plan = with_terms(filled_template(catalog, "accelerated-12"), fall_2=("AIPI 571",))
    mapping = map_to_track(catalog, plan, catalog.tracks["md-meng"])
    (missing,) = mapping.not_placed
    assert missing.entry == "AIPI 571" and "does not have" in missing.reason
    assert mapping.plan.terms[NOT_PLACED] == ("AIPI 571",)


ENTRIES = [*sorted(CATALOG.courses), "TBD:technical-elective", "AIPI 999"]
TERM_IDS = [*sorted({t for tr in CATALOG.tracks.values() for t in tr.term_ids}), "fall-9"]
random_plans = st.builds(
    Plan,
    track=st.sampled_from([*TRACKS, "no-such-track"]),
    start_year=st.integers(2000, 2100),
    terms=st.dictionaries(
        st.sampled_from(TERM_IDS),
        st.lists(st.sampled_from(ENTRIES), min_size=1, max_size=8).map(tuple),
        max_size=8,
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans, st.sampled_from(TRACKS))
def test_any_plan_maps_to_any_track_without_losing_a_course(plan, target):
    mapping = map_to_track(CATALOG, plan, CATALOG.tracks[target])
    assert_nothing_lost(plan, mapping)


def test_md_courses_stay_in_the_md_curriculum_or_are_listed(catalog):
    md = filled_template(catalog, "md-meng")
    mapping = map_to_track(catalog, md, catalog.tracks["accelerated-12"])
    listed = {c.entry: c.reason for c in mapping.not_placed}
    assert {"MED 501", "MED 502", "MED 503"} <= set(listed)
    assert listed["MED 501"] == "MD courses are credited only on the MD+MEng track"
    back = map_to_track(
        catalog, filled_template(catalog, "accelerated-12"), catalog.tracks["md-meng"]
    )
    assert "md-curriculum" not in back.plan.terms  # no engineering course lands among MD credits
    assert back.plan.terms["fall-1"][:2] == ("AIPI 510", "AIPI 520")
