"""Each rule family with a plan that passes and one that fails."""

from msgspec.structs import replace

from advisor_app.domain import Plan, waiver
from advisor_app.domain.edits import move, place, remove
from advisor_app.rules import check, summary
from tests.plans_for_tests import filled_template, with_terms


def rules_of(catalog, plan: Plan, severity: str | None = None) -> set[str]:
    return {
        f.rule for f in check(catalog, plan).findings if severity is None or f.severity == severity
    }


def finding(catalog, plan: Plan, rule: str):
    return next(f for f in check(catalog, plan).findings if f.rule == rule)


# ------------------------------------------------------------------ requirements
def test_missing_core_course_is_an_error_with_an_add_fix(catalog, accelerated):
    plan = remove(accelerated, "AIPI 561", "summer-2")
    f = finding(catalog, plan, "req.technical-core")
    assert f.severity == "error" and f.courses == ("AIPI 561",)
    assert f.fix and f.fix.action == "add" and f.fix.to_term == "summer-2"
    assert f.fix.description == "Add AIPI 561 to Summer 2027"


def test_missing_product_development_course(catalog, accelerated):
    plan = remove(accelerated, "MENG 540", "spring-1")
    assert "req.product-development" in rules_of(catalog, plan, "error")


def test_too_few_technical_electives(catalog, accelerated):
    plan = remove(accelerated, "ECE 682D", "spring-1")
    f = finding(catalog, plan, "req.technical-electives")
    assert f.severity == "error" and "2 of 3" in f.message
    assert f.fix and f.fix.entry == "TBD:technical-elective"


def test_departmental_elective_rule(catalog, accelerated):
    plan = with_terms(
        accelerated,
        fall_1=("AIPI 510", "AIPI 520", "STA 663", "MENG 570", "AIPI 501", "EGR 590"),
        spring_1=("MENG 540", "AIPI 540", "AIPI 549", "ECE 682D", "BME 580"),
    )
    assert "req.departmental-elective" in rules_of(catalog, plan, "error")
    assert "req.technical-electives" not in rules_of(catalog, plan)


def test_capstone_seminar_bootcamp_required(catalog, accelerated):
    plan = remove(
        remove(remove(accelerated, "AIPI 549", "spring-1"), "AIPI 501", "fall-1"),
        "AIPI 503",
        "summer-1",
    )
    assert {"req.capstone", "req.seminar", "req.bootcamp"} <= rules_of(catalog, plan, "error")


def test_internship_and_career_required_on_campus_only(catalog, accelerated):
    plan = remove(remove(accelerated, "MENG 550", "summer-2"), "EGR 590", "fall-1")
    assert {"req.internship", "req.career-strategy"} <= rules_of(catalog, plan, "error")
    online = filled_template(catalog, "online-24")
    assert not {"req.internship", "req.career-strategy"} & rules_of(catalog, online)


def test_online_needs_two_residencies(catalog):
    plan = filled_template(catalog, "online-24")
    plan = remove(plan, "RESIDENCY", "spring-2")
    f = finding(catalog, plan, "req.residencies")
    assert f.severity == "error" and "RESIDENCY" in f.courses
    assert f.fix and f.fix.to_term == "spring-2"


def test_online_industry_project_is_a_milestone(catalog):
    plan = replace(filled_template(catalog, "online-24"), milestones=())
    assert finding(catalog, plan, "req.industry-project").severity == "info"


def test_total_units(catalog, accelerated):
    plan = replace(
        accelerated, exceptions=(waiver("req.technical-electives", "", "transfer credit"),)
    )
    plan = remove(plan, "ECE 682D", "spring-1")
    f = finding(catalog, plan, "req.total-units")
    assert f.severity == "error" and "27 of 30" in f.message


def test_graduate_elective_counts_only_with_approval(catalog, accelerated):
    plan = with_terms(
        accelerated, spring_1=("MENG 540", "AIPI 540", "AIPI 549", "ECE 580", "AIPI 590-01")
    )
    assert finding(catalog, plan, "elective.approval").severity == "warning"
    assert "req.technical-electives" in rules_of(catalog, plan, "error")
    approved = replace(
        plan, exceptions=(waiver("elective.approval", "ECE 580", "Director approved 2026-09-01"),)
    )
    assert rules_of(catalog, approved, "error") == set()
    assert finding(catalog, approved, "elective.approval").waived


# ------------------------------------------------------------------ order
def test_prerequisite_in_same_term_is_an_order_error_with_move_fix(catalog, accelerated):
    plan = move(accelerated, "AIPI 520", "fall-1", "spring-1")
    f = finding(catalog, plan, "prereq.order")
    assert f.severity == "error" and set(f.courses) >= {"AIPI 520"}
    assert f.fix is not None and f.fix.action == "move"


def test_prerequisite_order_fix_resolves_the_finding(catalog):
    plan = filled_template(catalog, "online-24")
    plan = move(plan, "AIPI 540", "summer-2", "summer-1")
    f = finding(catalog, plan, "prereq.order")
    assert f.fix and f.fix.description == "Move AIPI 540 to Summer 2027"
    fixed = move(plan, f.fix.entry, f.fix.from_term, f.fix.to_term)
    assert check(catalog, fixed).errors == []


def test_corequisite_same_term_is_fine_later_is_not(catalog, accelerated):
    same = place(accelerated, "MENG 551", "summer-2")
    assert not {"prereq.order", "prereq.missing"} & rules_of(catalog, same)
    assert "req.internship-assessment" not in rules_of(catalog, same)
    standard = filled_template(catalog, "standard-16")
    later = place(standard, "MENG 551", "fall-2")
    assert "prereq.order" not in rules_of(catalog, later)
    early = place(move(standard, "MENG 550", "summer-2", "summer-2"), "MENG 551", "fall-1")
    assert "prereq.order" in rules_of(catalog, early, "error")


def test_missing_prerequisite_that_no_requirement_reports(catalog):
    # Online students need no internship, so MENG 551 without MENG 550 is reported by its order rule.
    plan = place(filled_template(catalog, "online-24"), "MENG 551", "summer-3")
    f = finding(catalog, plan, "prereq.missing")
    assert "MENG 550" in f.courses and f.severity == "error"


def test_missing_required_prerequisite_is_reported_once(catalog, accelerated):
    plan = remove(accelerated, "AIPI 510", "fall-1")
    rules = [f.rule for f in check(catalog, plan).findings if "AIPI 510" in f.courses]
    assert rules == ["req.technical-core"]


def test_bootcamp_waived_credits_it_as_taken(catalog, accelerated):
    plan = remove(accelerated, "AIPI 503", "summer-1")
    plan = replace(plan, exceptions=(waiver("req.bootcamp", "AIPI 503", "Tested out, June 2026"),))
    report = check(catalog, plan)
    assert report.errors == []
    waived = [f for f in report.findings if f.waived]
    assert len(waived) == 1 and waived[0].message.startswith("Waived: Tested out, June 2026")
    assert waived[0].severity == "info" and waived[0].original_severity == "error"


# ------------------------------------------------------------------ offering and modality
def test_course_in_a_term_it_is_not_offered(catalog, accelerated):
    plan = move(accelerated, "AIPI 540", "spring-1", "summer-2")
    f = finding(catalog, plan, "offering.term")
    assert "not offered in Summer" in f.message
    assert f.fix and f.fix.to_term == "spring-1"


def test_online_offering_differs_from_on_campus(catalog):
    plan = filled_template(catalog, "online-24")
    assert "offering.term" not in rules_of(catalog, plan)  # AIPI 520 in Spring online is right
    moved = move(plan, "AIPI 520", "spring-1", "fall-1")
    assert "offering.term" in rules_of(catalog, moved, "error")


def test_course_not_offered_in_the_mode(catalog):
    plan = place(filled_template(catalog, "online-24"), "EGR 590", "fall-1")
    f = finding(catalog, plan, "offering.modality")
    assert f.fix and f.fix.action == "remove"


# ------------------------------------------------------------------ load and length
def test_too_many_units_on_campus(catalog):
    plan = filled_template(catalog, "standard-16")
    plan = place(place(plan, "AIPI 531", "fall-1"), "AIPI 530", "fall-1")
    rules = rules_of(catalog, plan, "error")
    assert "load.units" in rules


def test_advised_course_count_is_a_warning_with_move(catalog):
    plan = place(filled_template(catalog, "standard-16"), "STA 640", "spring-1")
    f = finding(catalog, plan, "load.advised")
    assert f.severity == "warning" and f.fix and f.fix.to_term == "fall-2"


def test_online_load_warning_then_error(catalog):
    plan = filled_template(catalog, "online-24")
    three = place(plan, "AIPI 531", "fall-2")
    assert finding(catalog, three, "load.advised").severity == "warning"
    four = place(three, "STA 640", "fall-2")
    assert finding(catalog, four, "load.courses").severity == "error"


def test_summer_holds_two_credit_courses(catalog, accelerated):
    plan = place(accelerated, "AIPI 503", "summer-2")  # 0 units: not load, a duplicate
    assert "load.courses" not in rules_of(catalog, plan)
    online = filled_template(catalog, "online-24")
    crowded = move(online, "AIPI 540", "summer-2", "summer-3")
    assert "load.courses" in rules_of(catalog, crowded, "error")


def test_f1_minimum_is_information(catalog, accelerated):
    plan = with_terms(accelerated, fall_1=("AIPI 510", "AIPI 520", "AIPI 501", "EGR 590"))
    assert finding(catalog, plan, "load.f1-minimum").severity == "info"


def test_term_outside_the_track_is_a_length_error(catalog, accelerated):
    plan = move(accelerated, "ECE 682D", "spring-1", "fall-2")
    f = finding(catalog, plan, "length.outside-track")
    assert f.severity == "error" and f.term == "fall-2"
    assert (
        f.fix
        and f.fix.action == "move"
        and f.fix.to_term in catalog.tracks["accelerated-12"].term_ids
    )


# ------------------------------------------------------------------ codes
def test_duplicate_course(catalog, accelerated):
    plan = place(accelerated, "AIPI 530", "spring-1")
    f = finding(catalog, plan, "course.duplicate")
    assert f.term == "spring-1" and f.fix and f.fix.action == "remove"


def test_residency_twice_in_one_term_is_a_duplicate(catalog):
    plan = filled_template(catalog, "online-24")
    plan = move(plan, "RESIDENCY", "spring-2", "spring-1")
    assert "course.duplicate" in rules_of(catalog, plan, "error")


def test_unknown_course_is_kept_and_reported(catalog, accelerated):
    plan = place(accelerated, "XYZ 999", "fall-1")
    f = finding(catalog, plan, "course.unknown")
    assert f.courses == ("XYZ 999",) and f.severity == "error"


def test_codes_and_labels_are_resolved_flexibly(catalog, accelerated):
    plan = with_terms(
        accelerated, summer_2=("aipi560", "AIPI  561", "Industry Internship or Project")
    )
    assert check(catalog, plan).errors == []


def test_unresolved_placeholder_is_a_warning(catalog, accelerated):
    plan = place(remove(accelerated, "ECE 682D", "spring-1"), "Technical Elective 1", "spring-1")
    assert finding(catalog, plan, "placeholder.unresolved").severity == "warning"
    assert check(catalog, plan).errors == []


def test_unknown_track(catalog, accelerated):
    report = check(catalog, replace(accelerated, track="nine-months"))
    assert [f.rule for f in report.findings] == ["track.unknown"]


# ------------------------------------------------------------------ 4+1 and MD+MEng
def test_bse_undergraduate_terms_count_at_most_four(catalog):
    plan = filled_template(catalog, "bse-meng")
    plan = with_terms(
        plan,
        ug_spring=("AIPI 540", "AIPI 531"),
        fall_1=("MENG 570", "CYBERSEC 511", "ECE 564", "AIPI 501", "EGR 590"),
        spring_1=("MENG 540", "AIPI 549", "AIPI 590-03"),
    )
    assert "bse.undergraduate-limit" not in rules_of(catalog, plan)
    five = place(plan, "AIPI 530", "ug-fall")
    assert "bse.undergraduate-limit" in rules_of(catalog, five, "error")


def test_bse_undergraduate_course_must_be_graduate_level(catalog):
    plan = place(filled_template(catalog, "bse-meng"), "COMPSCI 371", "ug-fall")
    assert "bse.undergraduate-level" in rules_of(catalog, plan, "error")


def test_bse_internship_between_the_degrees(catalog):
    plan = filled_template(catalog, "bse-meng")
    assert "bse.internship-term" not in rules_of(catalog, plan)
    moved = move(plan, "MENG 550", "summer-1", "ug-summer")
    f = finding(catalog, moved, "bse.internship-term")
    assert f.fix and f.fix.to_term == "summer-1"


# ------------------------------------------------------------------ waivers and summary
def test_waiver_without_course_matches_by_rule(catalog, accelerated):
    plan = move(accelerated, "AIPI 540", "spring-1", "summer-2")
    waived = replace(plan, exceptions=(waiver("offering.term", "", "Special section approved"),))
    f = finding(catalog, waived, "offering.term")
    assert f.waived and f.severity == "info" and f.fix is None


def test_waiver_for_another_course_does_not_match(catalog, accelerated):
    plan = move(accelerated, "AIPI 540", "spring-1", "summer-2")
    waived = replace(plan, exceptions=(waiver("offering.term", "AIPI 510", "wrong course"),))
    assert finding(catalog, waived, "offering.term").severity == "error"


def test_summary_counts(catalog, accelerated):
    assert summary(check(catalog, accelerated).findings) == "No errors"
    plan = place(remove(accelerated, "AIPI 561", "summer-2"), "TBD:technical-elective", "fall-1")
    assert summary(check(catalog, plan).findings).startswith("1 error, ")


def test_findings_are_deterministic(catalog, accelerated):
    plan = place(move(accelerated, "AIPI 540", "spring-1", "fall-1"), "XYZ 1", "summer-1")
    assert check(catalog, plan) == check(catalog, plan)
