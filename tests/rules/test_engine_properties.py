"""Property-based tests of the rules engine: for any plan, validation never raises, its findings
are deterministic, and the plan survives saving and loading unchanged."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor_app.catalog import open_catalog
from advisor_app.domain import Plan, waiver
from advisor_app.plans import dumps_plan, parse_plan
from advisor_app.rules import check

CATALOG = open_catalog().catalog
TRACKS = sorted(CATALOG.tracks)
TERM_IDS = [*sorted({t for track in CATALOG.tracks.values() for t in track.term_ids}), "fall-9"]
ENTRIES = [
    *sorted(CATALOG.courses),
    *sorted(p.entry for p in CATALOG.placeholders.values()),
    *["AIPI 999", "aipi 510", "TBD:nothing", "ECE 682D"],
]
RULES = [
    "req.bootcamp",
    "prereq.order",
    "offering.term",
    "load.courses",
    "load.units",
    "course.duplicate",
    "placeholder.unresolved",
    "elective.approval",
]

entries = st.sampled_from(ENTRIES)
plans = st.builds(
    Plan,
    track=st.sampled_from([*TRACKS, "no-such-track"]),
    start_year=st.integers(2000, 2100),
    terms=st.dictionaries(
        st.sampled_from(TERM_IDS), st.lists(entries, max_size=7).map(tuple), max_size=9
    ),
    student_name=st.text(max_size=20),
    exceptions=st.lists(
        st.builds(
            waiver,
            rule=st.sampled_from(RULES),
            course=st.sampled_from(["", *ENTRIES[:8]]),
            reason=st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s),
        ),
        max_size=3,
    ).map(tuple),
    milestones=st.lists(st.sampled_from(["employer-industry-project", "x"]), max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_validation_never_raises_and_is_deterministic(plan):
    first = check(CATALOG, plan)
    second = check(CATALOG, plan)
    assert first.findings == second.findings
    for finding in first.findings:
        assert finding.severity in ("error", "warning", "info")
        assert finding.rule and finding.message


@settings(max_examples=200, deadline=None)
@given(plans)
def test_save_then_load_gives_the_same_plan_and_the_same_findings(plan):
    loaded = parse_plan(dumps_plan(plan))
    assert loaded == replace(plan, track=plan.track.strip())
    assert check(CATALOG, loaded).findings == check(CATALOG, plan).findings
