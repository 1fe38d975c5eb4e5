"""The cohort schedules on the program page, electives chosen, validate without errors."""

import pytest
from msgspec.structs import replace

from advisor_app.rules import check
from tests.plans_for_tests import filled_template, with_terms

TRACKS = ["accelerated-12", "standard-16", "online-24", "bse-meng", "md-meng"]


@pytest.mark.parametrize("track_id", TRACKS)
def test_filled_cohort_schedule_has_no_errors_or_warnings(catalog, track_id):
    report = check(catalog, filled_template(catalog, track_id))
    assert [f for f in report.findings if f.severity != "info"] == []
    required = [s for s in report.requirements if s.requirement.severity == "error"]
    assert all(s.met for s in required), [s.requirement.id for s in required if not s.met]


@pytest.mark.parametrize("track_id", TRACKS)
def test_template_with_open_placeholders_only_warns(catalog, track_id):
    from advisor_app.domain.edits import from_template

    report = check(catalog, from_template(catalog.tracks[track_id], 2026))
    assert report.errors == []
    assert {f.rule for f in report.findings if f.severity == "warning"} == {
        "placeholder.unresolved"
    }


def test_accelerated_spring_schedules_five_courses_without_warning(catalog):
    plan = filled_template(catalog, "accelerated-12")
    assert len(plan.terms["spring-1"]) == 5
    assert not [f for f in check(catalog, plan).findings if f.rule.startswith("load.")]


def test_standard_16_later_schedule_variant_also_validates(catalog):
    # The 2024-25 page moved the Fall 1 departmental elective to Fall 2.
    plan = filled_template(catalog, "standard-16")
    plan = with_terms(
        plan,
        fall_1=("AIPI 510", "AIPI 520", "MENG 570", "AIPI 501", "EGR 590"),
        fall_2=("AIPI 531", "AIPI 571", "ECE 682D"),
    )
    assert check(catalog, plan).errors == []


def test_standard_16_final_semester_partial_load_is_not_flagged(catalog):
    plan = filled_template(catalog, "standard-16")
    assert not [f for f in check(catalog, plan).findings if f.rule == "load.f1-minimum"]


def test_templates_total_thirty_units(catalog):
    for track_id in ("accelerated-12", "online-24", "md-meng"):
        report = check(catalog, filled_template(catalog, track_id))
        total = next(s for s in report.requirements if s.requirement.id == "total-units")
        assert total.have == 30


def test_calendar_labels_follow_start_year(catalog):
    track = catalog.tracks["online-24"]
    labels = [t.calendar_label(2026) for t in track.terms]
    assert labels == [
        "Summer 2026",
        "Fall 2026",
        "Spring 2027",
        "Summer 2027",
        "Fall 2027",
        "Spring 2028",
        "Summer 2028",
    ]


def test_student_fields_do_not_affect_rules(catalog):
    plan = filled_template(catalog, "accelerated-12")
    assert check(catalog, plan).findings == check(catalog, replace(plan, student_name="")).findings
