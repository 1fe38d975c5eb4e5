"""The estimated cost of each track's cohort template, against figures computed by hand from the
sourced 2024-25 rates (data/catalog/costs.toml): $32,990 a semester, $3,299 a credit (one third of
$9,897 for three summer credits, and of $9,897 for a 3-credit online course), 20 percent off for
the 4+1 and MD+MEng scholarships, no tuition for the internship or the residencies."""

from msgspec.structs import replace

from advisor_app.domain.costs import estimate_cost, estimate_lines, money
from advisor_app.domain.edits import from_template
from tests.plans_for_tests import filled_template, with_terms

SEMESTER, CREDIT = 32_990, 3_299


def dollars(catalog, plan) -> float:
    estimate = estimate_cost(catalog, plan)
    assert estimate is not None
    return estimate.total_cents / 100


def test_accelerated_template_pays_two_semesters_and_three_summer_credits(catalog):
    # The seed's claim (tracks.toml, and the program page): "pay tuition for two semesters and
    # three summer credits". Summer 2 holds AIPI 560 (1.5 units) + AIPI 561 (1.5) + MENG 550
    # (internship, 0): 3 credits. Summer 1 is the bootcamp, 0 units.
    expected = 2 * SEMESTER + 3 * CREDIT  # 65,980 + 9,897 = 75,877
    assert expected == 75_877  # the published 12-month total (2024-25)
    for plan in (
        filled_template(catalog, "accelerated-12"),
        from_template(catalog.tracks["accelerated-12"], 2026),
    ):
        assert dollars(catalog, plan) == expected
        estimate = estimate_cost(catalog, plan)
        semesters = [t for t in estimate.terms if t.rate and t.rate.id == "semester" and t.cents]
        summer_units = sum(
            t.units for t in estimate.terms if t.rate and t.rate.id == "summer-credit"
        )
        assert len(semesters) == 2 and summer_units == 3


def test_standard_template_is_the_published_upper_figure(catalog):
    # Fall 1 and Spring full semesters, Summer 2 three credits, Fall 2 two electives (6 credits)
    # charged per credit: 65,980 + 9,897 + 6 x 3,299 (19,794) = 95,671.
    assert dollars(catalog, filled_template(catalog, "standard-16")) == 2 * SEMESTER + 9 * CREDIT
    assert 2 * SEMESTER + 9 * CREDIT == 95_671
    published = catalog.tuition.published["standard-16"]
    assert (published.low, published.high) == (85_774, 95_671)


def test_standard_with_one_course_in_the_final_semester_is_the_published_lower_figure(catalog):
    plan = with_terms(filled_template(catalog, "standard-16"), fall_2=("AIPI 571",))
    # 75,877 + 3 x 3,299 (9,897) = 85,774
    assert dollars(catalog, plan) == 75_877 + 3 * CREDIT == 85_774


def test_a_whole_final_semester_never_costs_more_than_a_full_semester(catalog):
    plan = with_terms(
        filled_template(catalog, "standard-16"),
        fall_2=("AIPI 571", "ECE 682D", "AIPI 530", "AIPI 590-01"),
    )
    # 12 credits x 3,299 = 39,588 > 32,990: capped at a semester. 75,877 + 32,990 = 108,867.
    assert dollars(catalog, plan) == 75_877 + SEMESTER == 108_867
    last = estimate_cost(catalog, plan).terms[-1]
    assert "capped" in last.how and last.cents == SEMESTER * 100


def test_online_template_is_thirty_credits(catalog):
    # 9 courses of 3 credits + AIPI 560 and AIPI 561 (1.5 each) = 30 credits; the bootcamp, the
    # seminar and the two residencies carry no tuition. 30 x 3,299 = 98,970 (published).
    assert dollars(catalog, filled_template(catalog, "online-24")) == 30 * CREDIT == 98_970


def test_four_plus_one_takes_twenty_percent_off_the_masters_year(catalog):
    # Master's year: two semesters + 3 summer credits = 75,877; 20% scholarship = 15,175.40;
    # 75,877 - 15,175.40 = 60,701.60. The senior-year terms carry no MEng tuition.
    estimate = estimate_cost(catalog, filled_template(catalog, "bse-meng"))
    assert estimate.tuition_cents == 7_587_700
    assert estimate.scholarship_cents == 1_517_540
    assert estimate.total_cents == 6_070_160 and estimate.total == "$60,701.60"
    assert "20 percent" in estimate.scholarship_label


def test_md_meng_year_three_year_four_and_twenty_percent_off(catalog):
    # Year 3: Fall and Spring full semesters (65,980), its Summer AIPI 560 + AIPI 561 (3 credits,
    # 9,897); Year 4: the thesis (3 credits, 9,897) per credit, the internship nothing; the three
    # MD courses are credited from the MD (no MEng tuition). 65,980 + 9,897 + 9,897 = 85,774;
    # 20% scholarship = 17,154.80; 85,774 - 17,154.80 = 68,619.20.
    estimate = estimate_cost(catalog, filled_template(catalog, "md-meng"))
    assert estimate.tuition_cents == 8_577_400 == (2 * SEMESTER + 6 * CREDIT) * 100
    assert estimate.scholarship_cents == 1_715_480
    assert estimate.total == "$68,619.20"
    md = estimate.terms[0]
    assert md.cents == 0 and md.how == "credited from the MD: no MEng tuition"


def test_senior_year_terms_are_not_charged(catalog):
    estimate = estimate_cost(catalog, filled_template(catalog, "bse-meng"))
    senior = [t for t in estimate.terms if t.term_id.startswith("ug-")]
    assert senior and all(
        t.cents == 0 and t.how == "taken as an undergraduate: no MEng tuition" for t in senior
    )


def test_internship_alone_costs_nothing_and_an_empty_semester_costs_nothing(catalog):
    plan = with_terms(
        filled_template(catalog, "accelerated-12"), summer_2=("MENG 550",), spring_1=()
    )
    # Fall semester only: 32,990.
    assert dollars(catalog, plan) == SEMESTER


def test_courses_outside_the_track_are_listed_not_priced(catalog):
    plan = with_terms(filled_template(catalog, "accelerated-12"), fall_2=("AIPI 571",))
    estimate = estimate_cost(catalog, plan)
    assert estimate.unpriced == (("fall-2", "AIPI 571"),)
    assert estimate.total_cents == 7_587_700
    assert any("Not priced: 1 course" in line for line in estimate_lines(estimate))


def test_external_courses_are_priced_by_their_units(catalog):
    from advisor_app.domain import ExternalCourse

    plan = filled_template(catalog, "online-24")
    plan = replace(
        with_terms(plan, summer_2=("AIPI 540", "ME 555")),
        external_courses=(ExternalCourse("ME 555", "Advanced Topics", 3, "technical-elective"),),
    )
    assert dollars(catalog, plan) == 33 * CREDIT


def test_no_estimate_without_rates_for_the_track(catalog):
    plan = replace(filled_template(catalog, "accelerated-12"), track="no-such-track")
    assert estimate_cost(catalog, plan) is None
    assert (
        estimate_cost(replace(catalog, tuition=None), filled_template(catalog, "md-meng")) is None
    )


def test_money():
    assert money(7_587_700) == "$75,877"
    assert money(6_070_160) == "$60,701.60"
    assert money(-150) == "-$1.50"
    assert money(0) == "$0"


def test_every_inferred_rule_is_marked_as_an_assumption(catalog):
    schedule = catalog.tuition
    assert schedule.academic_year == "2024-25" and schedule.caveat == "estimate, 2024-25 rates"
    # How summer units, online units and a partial final semester are charged are inferred.
    for rate_id in ("summer-credit", "final-credit", "online-credit"):
        assert schedule.rates[rate_id].assumed, rate_id
    assert not schedule.rates["semester"].assumed
    assert "85,774 = $75,877 + 3 x $3,299" in schedule.rates["final-credit"].source
    assert "95,671 = $75,877 + 6 x $3,299" in schedule.rates["final-credit"].source
    assert all("assumption:" in a.source for a in schedule.assumptions)
    assert {"MENG 550", "RESIDENCY"} <= schedule.no_tuition
    assert schedule.sources["page"].url.startswith("https://")
