"""Property-based tests of the rules engine: for any plan (with any exceptions, records and
courses entered by the advisor), validation never raises, its findings are deterministic, every
offered fix is verified, and the plan survives saving and loading, and the PDF, unchanged."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from advisor_app.catalog import open_catalog
from advisor_app.domain import CourseRecord, Decision, ExternalCourse, Plan, waiver
from advisor_app.domain.plan import ENTRY_STATUSES, GRADES
from advisor_app.plans import dumps_plan, parse_plan
from advisor_app.rules import apply_fix, check

CATALOG = open_catalog().catalog
TRACKS = sorted(CATALOG.tracks)
TERM_IDS = [*sorted({t for track in CATALOG.tracks.values() for t in track.term_ids}), "fall-9"]
ENTRIES = [
    *sorted(CATALOG.courses),
    *sorted(p.entry for p in CATALOG.placeholders.values()),
    *["AIPI 999", "aipi 510", "TBD:nothing", "ECE 682D", "COMPSCI 571", "ME 555", "MED 501"],
]
REQUIREMENTS = [*sorted({r.id for t in CATALOG.tracks.values() for r in t.requirements}), "nope"]
CODES = st.sampled_from(["AIPI 520", "AIPI 510", "ME 555", "ECE 687D", "AIPI 530", "MED 501"])
decisions = st.one_of(
    st.builds(
        Decision,
        kind=st.sampled_from(["substitute", "waive-course", "apply"]),
        reason=st.just("Advisor's reason"),
        requirement=st.sampled_from(REQUIREMENTS),
        course=CODES,
        with_course=CODES,
        replace_with=st.sampled_from(["", "technical-electives", "nope"]),
    ).map(
        lambda d: Decision(
            d.kind,
            d.reason,
            d.requirement,
            d.course,
            with_course=d.with_course if d.kind == "substitute" else "",
            replace_with=d.replace_with if d.kind == "waive-course" else "",
        )
    ),
    st.builds(
        waiver,
        rule=st.sampled_from(["req.technical-core", "req.bootcamp", "offering.term", "x"]),
        course=st.sampled_from(["", "AIPI 520", "AIPI 503"]),
        reason=st.just("Accepted"),
    ),
)
externals = st.lists(
    st.builds(
        ExternalCourse,
        code=st.sampled_from(["ME 555", "MED 501", "AIPI 590-09"]),
        title=st.just("Entered"),
        units=st.sampled_from([0.0, 1.5, 3.0]),
        category=st.sampled_from(["technical-elective", "graduate-elective", "md-course", "x"]),
    ),
    max_size=3,
    unique_by=lambda c: c.code,
).map(tuple)
records = st.builds(
    CourseRecord,
    status=st.sampled_from(ENTRY_STATUSES),
    grade=st.sampled_from(["", *GRADES]),
    counts_for_undergraduate=st.sampled_from([None, True, False]),
)
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
        st.one_of(
            st.builds(
                waiver,
                rule=st.sampled_from(RULES),
                course=st.sampled_from(["", *ENTRIES[:8]]),
                reason=st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s),
            ),
            decisions,
        ),
        max_size=4,
    ).map(tuple),
    milestones=st.lists(st.sampled_from(["employer-industry-project", "x"]), max_size=2).map(tuple),
    external_courses=externals,
)


@st.composite
def plans_with_records(draw):  # type: ignore[no-untyped-def]
    plan = draw(plans)
    keyed = sorted({(term, entry) for term, entry in plan.entries()})
    chosen = draw(st.lists(st.sampled_from(keyed), max_size=4)) if keyed else []
    return replace(plan, records={key: draw(records) for key in chosen})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_records())
def test_validation_never_raises_and_is_deterministic(plan):
    first = check(CATALOG, plan)
    second = check(CATALOG, plan)
    assert first.findings == second.findings
    for finding in first.findings:
        assert finding.severity in ("error", "warning", "info")
        assert finding.rule and finding.message and finding.title
    errors = {f.identity for f in first.raw if f.severity == "error"}
    for finding in first.findings:
        if finding.fix is not None:
            after = check(CATALOG, apply_fix(plan, finding.fix)).raw
            assert {f.identity for f in after if f.severity == "error"} <= errors


@settings(max_examples=200, deadline=None)
@given(plans_with_records())
def test_save_then_load_gives_the_same_plan_and_the_same_findings(plan):
    loaded = parse_plan(dumps_plan(plan))
    assert loaded == replace(plan, track=plan.track.strip())
    assert check(CATALOG, loaded).findings == check(CATALOG, plan).findings


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_records())
def test_the_plan_survives_the_pdf(plan):
    from advisor_app.export.pdf import render_pdf
    from advisor_app.plans import plan_from_bytes

    assert plan_from_bytes(render_pdf(CATALOG, plan), "plan.pdf") == parse_plan(dumps_plan(plan))
