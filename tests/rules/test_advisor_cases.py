"""The rules on the cases an advisor brings (issue: rules an advisor can rely on): MD+MEng as
published, waived core courses, courses from outside the catalog, cross-listings, 4+1, online
industry experience, and the smaller points."""

import pytest
from msgspec.structs import replace

from advisor_app.domain import CourseRecord, Decision, ExternalCourse, edits, waiver
from advisor_app.domain.edits import from_template, move, place, remove
from advisor_app.rules import apply_fix, check
from tests.plans_for_tests import filled_template, with_terms


def errors(catalog, plan):
    return [f for f in check(catalog, plan).findings if f.severity == "error"]


def rules(catalog, plan, severity=None):
    return {
        f.rule for f in check(catalog, plan).findings if severity is None or f.severity == severity
    }


def status(catalog, plan, requirement):
    return next(s for s in check(catalog, plan).requirements if s.requirement.id == requirement)


# ------------------------------------------------------------------ 1. MD+MEng as published
def test_md_meng_is_seven_courses_in_year_3_three_md_courses_thesis_and_internship(catalog):
    track = catalog.tracks["md-meng"]
    names = [t.name for t in track.terms]
    assert names[0] == "MD curriculum (credited)" and "Year 4 Fall" in names
    plan = filled_template(catalog, "md-meng")
    year_3 = [
        c for t in ("fall-1", "spring-1", "summer-2") for c in plan.terms[t] if catalog.units_of(c)
    ]
    assert len(year_3) == 7  # seven engineering courses in the third year
    assert plan.terms["md-curriculum"] == ("MED 501", "MED 502", "MED 503")
    assert "THESIS" in plan.terms["fall-2"] and "MENG 550" in plan.terms["summer-3"]
    report = check(catalog, plan)
    assert [f for f in report.findings if f.severity != "info"] == []
    total = next(s for s in report.requirements if s.requirement.id == "total-units")
    assert total.have == 30


def test_md_meng_template_with_md_slots_open_has_no_errors(catalog):
    plan = from_template(catalog.tracks["md-meng"], 2026)
    report = check(catalog, plan)
    assert report.errors == []
    assert {f.rule for f in report.findings if f.severity == "warning"} == {
        "placeholder.unresolved"
    }


@pytest.mark.parametrize(
    ("entry", "term", "rule"),
    [
        ("AIPI 520", "fall-1", "req.technical-core"),
        ("MENG 540", "spring-1", "req.product-development"),
        ("THESIS", "fall-2", "req.thesis"),
        ("MENG 550", "summer-3", "req.internship"),
        ("MED 502", "md-curriculum", "req.md-courses"),
    ],
)
def test_md_meng_dropping_a_course_the_thesis_or_the_internship_is_an_error(
    catalog, entry, term, rule
):
    plan = remove(filled_template(catalog, "md-meng"), entry, term)
    assert rule in rules(catalog, plan, "error")


def test_md_meng_plan_in_the_old_twelve_month_shape_is_refused(catalog):
    old = from_template(catalog.tracks["accelerated-12"], 2026)
    plan = replace(old, track="md-meng")
    assert {"req.thesis", "req.md-courses"} <= rules(catalog, plan, "error")


def test_only_md_courses_in_the_md_column(catalog):
    plan = place(filled_template(catalog, "md-meng"), "AIPI 530", "md-curriculum")
    f = next(f for f in check(catalog, plan).findings if f.rule == "term.medical-only")
    assert f.severity == "error" and f.fix is not None and f.fix.action in ("move", "remove")


# ------------------------------------------------------------------ 2. a waived core course
def test_waiving_a_core_course_needs_an_additional_technical_elective(catalog, accelerated):
    plan = remove(accelerated, "AIPI 520", "fall-1")
    plan = replace(plan, exceptions=(waiver("req.technical-core", "AIPI 520", "Prior ML"),))
    report = check(catalog, plan)
    assert "req.total-units" in {f.rule for f in report.errors}  # 27 of 30 units
    electives = next(s for s in report.requirements if s.requirement.id == "technical-electives")
    assert (electives.have, electives.need) == (3, 4)
    assert not electives.met
    # The waived course's line stays visible as waived, with the reason.
    line = next(f for f in report.findings if f.rule == "req.technical-core")
    assert line.waived and "Prior ML" in line.message
    # One more technical elective: a clean plan again.
    fixed = place(plan, "AIPI 531", "fall-1")
    assert errors(catalog, fixed) == []


WAIVE_520 = Decision(
    "waive-course",
    "Prior ML coursework",
    requirement="technical-core",
    course="AIPI 520",
    replace_with="technical-electives",
)


def test_waive_course_exception_names_its_replacement(catalog, accelerated):
    plan = remove(accelerated, "AIPI 520", "fall-1")
    plan = edits.add_exception(plan, WAIVE_520)
    assert status(catalog, plan, "technical-electives").need == 4
    assert status(catalog, plan, "technical-core").met
    plan = place(plan, "AIPI 531", "fall-1")
    assert errors(catalog, plan) == []


def test_substitute_fills_the_place_and_counts_nowhere_else(catalog, accelerated):
    plan = with_terms(
        accelerated,
        fall_1=("AIPI 510", "ECE 687D", "AIPI 530", "MENG 570", "AIPI 501", "EGR 590"),
    )
    plan = edits.add_exception(
        plan,
        Decision(
            "substitute", "Took ML at Duke", "technical-core", "AIPI 520", with_course="ECE 687D"
        ),
    )
    report = check(catalog, plan)
    assert report.errors == [], [f.message for f in report.errors]
    core = next(s for s in report.requirements if s.requirement.id == "technical-core")
    assert "ECE 687D" in core.satisfied_by and dict(core.substitutes) == {"AIPI 520": "ECE 687D"}
    electives = next(s for s in report.requirements if s.requirement.id == "technical-electives")
    assert "ECE 687D" not in electives.satisfied_by
    assert "elective.approval" not in {f.rule for f in report.findings}  # the substitution approves


# ------------------------------------------------------------------ 3. courses outside the catalog
def test_an_entered_course_can_be_planned_and_counted(catalog, accelerated):
    plan = with_terms(
        accelerated,
        spring_1=("MENG 540", "AIPI 540", "AIPI 549", "ME 555", "AIPI 590-01"),
    )
    assert "course.unknown" in rules(catalog, plan, "error")
    me555 = ExternalCourse("ME 555", "Advanced topics", 3, "graduate-elective")
    plan = replace(plan, external_courses=(me555,))
    assert "course.unknown" not in rules(catalog, plan)
    assert "elective.approval" in rules(catalog, plan, "warning")
    assert "req.technical-electives" in rules(catalog, plan, "error")
    approved = edits.add_exception(
        plan,
        Decision("apply", "Director approved 2026-09-01", "technical-electives", "ME 555"),
    )
    assert errors(catalog, approved) == []
    assert "elective.approval" not in rules(catalog, approved)


def test_a_new_aipi_590_section_entered_as_departmental_elective_counts(catalog, accelerated):
    section = ExternalCourse("AIPI 590-07", "Special Topics: Agents", 3, "aipi-elective")
    plan = with_terms(
        accelerated,
        fall_1=("AIPI 510", "AIPI 520", "AIPI 590-07", "MENG 570", "AIPI 501", "EGR 590"),
    )
    assert "course.unknown" in rules(catalog, plan)
    plan = replace(plan, external_courses=(section,))
    assert errors(catalog, plan) == []


def test_an_exception_that_matches_nothing_is_reported_with_a_removal_fix(catalog, accelerated):
    stale = Decision("apply", "old", "technical-electives", "ME 555")
    plan = edits.add_exception(accelerated, stale)
    f = next(f for f in check(catalog, plan).findings if f.rule == "exception.unused")
    assert f.severity == "warning" and f.fix is not None
    assert f.fix.action == "remove-exception" and f.fix.exception == stale
    assert apply_fix(plan, f.fix).exceptions == ()
    unused_waiver = edits.add_exception(accelerated, waiver("offering.term", "", "nothing"))
    assert "exception.unused" in rules(catalog, unused_waiver, "warning")


# ------------------------------------------------------------------ 4. cross-listed courses
def test_cross_listed_codes_are_one_course(catalog, accelerated):
    assert catalog.canonical("COMPSCI 571") == "ECE 682D"
    assert catalog.canonical("sta561d") == "ECE 682D"
    assert catalog.canonical("IDS 721") == "AIPI 571"
    plan = place(accelerated, "COMPSCI 571", "fall-1")
    f = next(f for f in check(catalog, plan).findings if f.rule == "course.duplicate")
    assert "ECE 682D" in f.message and "COMPSCI 571" in f.message
    alone = with_terms(
        accelerated,
        spring_1=("MENG 540", "AIPI 540", "AIPI 549", "STA 561D", "AIPI 590-01"),
    )
    assert errors(catalog, alone) == []


# ------------------------------------------------------------------ 5. 4+1
def test_4_plus_1_allows_aipi_540_in_the_masters_year(catalog):
    plan = filled_template(catalog, "bse-meng")
    plan = move(plan, "AIPI 540", "ug-spring", "spring-1")
    assert errors(catalog, plan) == [], [f.message for f in errors(catalog, plan)]


def test_4_plus_1_internship_needs_two_semesters_not_particular_courses(catalog):
    # Senior year taken with only AIPI 510 and 520; the internship still falls between the degrees.
    plan = move(filled_template(catalog, "bse-meng"), "AIPI 540", "ug-spring", "spring-1")
    meng_550 = [f for f in check(catalog, plan).findings if "MENG 550" in f.courses]
    assert meng_550 == []
    too_early = move(plan, "MENG 550", "summer-1", "ug-summer")
    assert {"bse.internship-term", "prereq.semesters"} <= rules(catalog, too_early, "error")


def test_4_plus_1_grade_below_b_or_bachelors_credit_is_an_error(catalog):
    plan = filled_template(catalog, "bse-meng")
    low = edits.set_record(plan, "ug-fall", "AIPI 510", CourseRecord("completed", "B-", False))
    f = next(f for f in check(catalog, low).findings if f.rule == "bse.undergraduate-grade")
    assert f.severity == "error" and "AIPI 510" in f.message and "B or better" in f.message
    both = edits.set_record(plan, "ug-fall", "AIPI 520", CourseRecord("completed", "A", True))
    f = next(f for f in check(catalog, both).findings if f.rule == "bse.undergraduate-credit")
    assert f.severity == "error" and "AIPI 520" in f.message and "bachelor" in f.message
    # Such a course does not count toward the MEng.
    assert "AIPI 520" in status(catalog, both, "technical-core").missing
    good = edits.set_record(plan, "ug-fall", "AIPI 510", CourseRecord("completed", "B", False))
    assert not {"bse.undergraduate-grade", "bse.undergraduate-credit"} & rules(catalog, good)


def test_4_plus_1_cap_fix_reduces_errors_and_never_loops(catalog):
    plan = filled_template(catalog, "bse-meng")
    plan = move(plan, "MENG 570", "fall-1", "ug-fall")
    plan = move(plan, "MENG 540", "spring-1", "ug-spring")
    assert "bse.undergraduate-limit" in rules(catalog, plan, "error")
    for _ in range(10):
        report = check(catalog, plan)
        fixable = [f for f in report.findings if f.severity == "error" and f.fix]
        if not fixable:
            break
        before = len(report.errors)
        plan = apply_fix(plan, fixable[0].fix)
        assert len(check(catalog, plan).errors) < before
    assert errors(catalog, plan) == []


# ------------------------------------------------------------------ 6. online industry experience
def test_online_industry_experience_is_one_consistent_rule(catalog):
    plan = filled_template(catalog, "online-24")
    requirement = next(
        r for r in catalog.tracks["online-24"].requirements if r.id == "industry-project"
    )
    assert "MENG 550" not in requirement.courses
    with_internship = place(plan, "MENG 550", "summer-2")
    assert "offering.modality" in rules(catalog, with_internship, "error")
    assert not status(catalog, replace(plan, milestones=()), "industry-project").met
    assert status(catalog, plan, "industry-project").met


# ------------------------------------------------------------------ 7. the smaller points
def test_elective_titles_and_catalog_year(catalog):
    assert catalog.courses["BIOSTAT 709"].title == "Observational Studies"
    assert catalog.courses["BME 580"].title == "Biomedical Data Science"
    assert "public-elective-titles" in catalog.courses["BME 580"].source
    assert catalog.catalog_year == "2024-2025"


def test_electives_from_other_departments_are_not_assumed_online(catalog):
    plan = with_terms(filled_template(catalog, "online-24"), fall_2=("AIPI 530", "BME 580"))
    f = next(f for f in check(catalog, plan).findings if f.rule == "offering.unconfirmed")
    assert f.severity == "warning" and "check online availability" in f.message
    on_campus = edits.replace_entry(
        filled_template(catalog, "standard-16"), "spring-1", "STA 663", "BME 580"
    )
    assert "offering.unconfirmed" not in rules(catalog, on_campus)


def test_internship_assessment_fix_goes_with_the_internship(catalog, accelerated):
    f = next(
        f for f in check(catalog, accelerated).findings if f.rule == "req.internship-assessment"
    )
    assert f.fix is not None and f.fix.to_term in ("summer-2",)


def test_online_elective_fix_avoids_a_term_at_the_advised_load(catalog):
    plan = filled_template(catalog, "online-24")
    plan = remove(plan, "AIPI 531", "spring-2")
    f = next(f for f in check(catalog, plan).findings if f.rule == "req.technical-electives")
    assert f.fix is not None
    after = check(catalog, apply_fix(plan, f.fix))
    assert "load.advised" not in {g.rule for g in after.findings}
    assert after.errors == []


def test_the_internship_comes_after_two_semesters(catalog, accelerated):
    plan = move(accelerated, "MENG 550", "summer-2", "summer-1")
    f = next(f for f in check(catalog, plan).findings if f.rule == "prereq.semesters")
    assert f.severity == "error" and f.fix and f.fix.to_term == "summer-2"


def test_completed_units_count_what_counts_toward_the_degree(catalog):
    from advisor_app.rules import completed_units

    plan = filled_template(catalog, "bse-meng")
    plan = edits.set_record(plan, "ug-fall", "AIPI 510", CourseRecord("completed", "A", False))
    plan = edits.set_record(plan, "ug-fall", "AIPI 520", CourseRecord("completed", "B-", False))
    plan = edits.set_record(plan, "ug-spring", "AIPI 540", CourseRecord("in-progress"))
    assert completed_units(catalog, plan) == 3  # B- as an undergraduate does not count
    failed = edits.set_record(plan, "ug-fall", "AIPI 510", CourseRecord("completed", "F", False))
    assert completed_units(catalog, failed) == 0


# ------------------------------------------------------------------ found in review
def _unused(catalog, plan):
    return [f for f in check(catalog, plan).findings if f.rule == "exception.unused"]


def test_waive_course_without_a_replacement_takes_the_catalogs(catalog, accelerated):
    """A waived core course is replaced by an additional technical elective, whether or not the
    exception names the replacement."""
    plan = remove(accelerated, "AIPI 520", "fall-1")
    plan = edits.add_exception(
        plan, Decision("waive-course", "Prior ML", requirement="technical-core", course="AIPI 520")
    )
    assert status(catalog, plan, "technical-electives").need == 4
    assert "req.technical-electives" in {f.rule for f in errors(catalog, plan)}


def test_a_course_is_waived_once(catalog, accelerated):
    plan = remove(accelerated, "AIPI 520", "fall-1")
    decision = WAIVE_520
    twice = replace(plan, exceptions=(decision, replace(decision, reason="Again")))
    assert status(catalog, twice, "technical-electives").need == 4  # not 5
    assert "waives AIPI 520 already" in _unused(catalog, twice)[0].message
    both = replace(plan, exceptions=(decision, waiver("req.technical-core", "AIPI 520", "Also")))
    assert status(catalog, both, "technical-electives").need == 4
    assert len(_unused(catalog, both)) == 1


def test_waive_course_needs_a_requirement_that_names_courses(catalog, accelerated):
    counting = Decision(
        "waive-course", "x", requirement="technical-electives", course="AIPI 590-09"
    )
    nowhere = Decision(
        "waive-course", "x", requirement="technical-core", course="AIPI 520", replace_with="seminar"
    )
    for decision in (counting, nowhere):
        plan = edits.add_exception(remove(accelerated, "AIPI 520", "fall-1"), decision)
        assert len(_unused(catalog, plan)) == 1


def test_a_course_counts_once_even_when_applied(catalog, accelerated):
    """Applying a core course, the capstone or the bootcamp to an elective requirement would count
    it twice: the exception is unused and the elective stays short."""
    plan = filled_template(catalog, "accelerated-12")
    electives = [c for c in plan.terms["spring-1"] if c in ("ECE 682D", "BME 580")]
    plan = remove(plan, electives[-1], "spring-1")
    for course in ("AIPI 540", "AIPI 503"):
        applied = edits.add_exception(
            plan, Decision("apply", "x", requirement="technical-electives", course=course)
        )
        assert not status(catalog, applied, "technical-electives").met
        assert "a course counts once" in _unused(catalog, applied)[0].message


def test_4_plus_1_a_pass_shows_no_b(catalog):
    plan = filled_template(catalog, "bse-meng")
    passed = edits.set_record(plan, "ug-fall", "AIPI 510", CourseRecord("completed", "P", False))
    f = next(f for f in check(catalog, passed).findings if f.rule == "bse.undergraduate-grade")
    assert f.severity == "error" and "shows no letter grade" in f.message
    core = next(f for f in check(catalog, passed).findings if f.rule == "req.technical-core")
    assert "is in the plan but does not count" in core.message


def test_md_courses_stay_in_the_md_column(catalog):
    """Found in review: the MD column refused AIPI courses, but an MD course moved out of it into
    an engineering term passed."""
    plan = filled_template(catalog, "md-meng")
    md = plan.terms["md-curriculum"][-1]
    moved = move(plan, md, "md-curriculum", "fall-1")
    found = [f for f in errors(catalog, moved) if f.rule == "term.medical-only"]
    assert found and "is an MD course" in found[0].message
    fixed = apply_fix(moved, found[0].fix)
    assert md in fixed.terms["md-curriculum"] and errors(catalog, fixed) == []


def test_4_plus_1_a_course_that_cannot_count_takes_no_place_under_the_cap(catalog):
    """Found in review: five courses in the senior year, one graded C: the four that can count
    are within the cap of four."""
    plan = filled_template(catalog, "bse-meng")  # three courses in the senior year
    plan = move(plan, "AIPI 590-03", "fall-1", "ug-fall")  # the fourth
    plan = place(plan, "AIPI 530", "ug-fall")  # the fifth, graded C
    plan = edits.set_record(plan, "ug-fall", "AIPI 530", CourseRecord("completed", "C", False))
    found = rules(catalog, plan)
    assert "bse.undergraduate-grade" in found and "bse.undergraduate-limit" not in found


def test_an_elective_slot_in_a_summer_is_flagged_with_a_move(catalog):
    """Found in review: an elective slot placed in a summer passed, though no elective runs then
    (choosing any course for it was an error); the fix names the slot, not its id."""
    plan = from_template(catalog.tracks["online-24"], 2026)
    slot = next(e for e in plan.terms["spring-2"] if e.startswith("TBD:"))
    moved = move(plan, slot, "spring-2", "summer-2")
    found = next(f for f in check(catalog, moved).findings if f.rule == "offering.term")
    assert found.severity == "warning" and "TBD:" not in found.fix.description
    assert "offering.term" not in rules(catalog, apply_fix(moved, found.fix))


def test_md_meng_internship_is_in_the_fourth_year(catalog):
    """Found in review: the MD+MEng internship passed in the Year 3 summer; the program puts it in
    the fourth year."""
    plan = filled_template(catalog, "md-meng")
    early = move(plan, "MENG 550", "summer-3", "summer-2")
    found = next(f for f in errors(catalog, early) if f.rule == "order.internship-term")
    assert "fourth year" in found.message
    assert errors(catalog, apply_fix(early, found.fix)) == []


def test_an_md_slot_out_of_its_column_is_named_and_moved_back(catalog):
    """An MD slot moved into Year 3 is named by its label (never "TBD:md-course"), is not also
    called an elective out of season, and its fix moves it back beside the other MD slots."""
    plan = from_template(catalog.tracks["md-meng"], 2026)
    moved = move(plan, "TBD:md-course", "md-curriculum", "summer-2")
    found = next(f for f in errors(catalog, moved) if f.rule == "term.medical-only")
    assert found.message.startswith("The MD Course (credited) slot is an MD course")
    assert "offering.term" not in rules(catalog, moved)
    fixed = apply_fix(moved, found.fix)
    assert fixed.terms["md-curriculum"].count("TBD:md-course") == 3
    assert errors(catalog, fixed) == []
