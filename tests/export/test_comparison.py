"""Plans side by side: terms aligned by calendar, differing courses marked, a summary each."""

from msgspec.structs import replace

from advisor_app.domain import edits
from advisor_app.export.comparison import compare_plans
from tests.plans_for_tests import filled_template, with_terms


def row(comparison, label):
    return next(r for r in comparison.rows if r.label == label)


def codes(cell, differing=None):
    return [
        c.code for term in cell for c in term.courses if differing is None or c.differs == differing
    ]


def test_twelve_and_sixteen_months_side_by_side(catalog):
    a = filled_template(catalog, "accelerated-12")
    b = filled_template(catalog, "standard-16")
    comparison = compare_plans(catalog, [("12 months", a), ("16 months", b)])
    assert [r.label for r in comparison.rows] == [
        "Summer 2026",
        "Fall 2026",
        "Spring 2027",
        "Summer 2027",
        "Fall 2027",
    ]
    fall = row(comparison, "Fall 2026")
    assert codes(fall.cells[0]) == [
        "AIPI 510",
        "AIPI 520",
        "AIPI 530",
        "MENG 570",
        "AIPI 501",
        "EGR 590",
    ]
    assert codes(fall.cells[0], differing=True) == ["AIPI 530"]  # B's Fall has AIPI 531
    (differing,) = [c for t in fall.cells[0] for c in t.courses if c.differs]
    assert differing.elsewhere == "not in B"
    last = row(comparison, "Fall 2027")
    assert last.cells[0] == ()  # the 12-month plan has no term then
    assert codes(last.cells[1]) == ["AIPI 571", "ECE 682D"]
    ece = next(c for t in last.cells[1] for c in t.courses if c.code == "ECE 682D")
    assert ece.differs and ece.elsewhere == "Spring 2027 in A"
    same = row(comparison, "Summer 2027")
    assert codes(same.cells[0], differing=True) == codes(same.cells[1], differing=True) == []

    twelve, sixteen = comparison.summaries
    assert (twelve.track_name, twelve.graduation, twelve.units) == (
        "On-Campus Accelerated (12 months)",
        "Summer 2027",
        30,
    )
    assert (sixteen.graduation, sixteen.units) == ("Fall 2027", 33)
    assert twelve.cost.total == "$75,877" and sixteen.cost.total == "$95,671"
    assert (twelve.errors, twelve.warnings) == (0, 0)


def test_a_moved_course_is_marked_in_both_plans(catalog):
    a = filled_template(catalog, "standard-16")
    b = edits.move(a, "AIPI 540", "spring-1", "fall-1")
    comparison = compare_plans(catalog, [("before", a), ("after", b)])
    assert codes(row(comparison, "Spring 2027").cells[0], differing=True) == ["AIPI 540"]
    assert codes(row(comparison, "Fall 2026").cells[1], differing=True) == ["AIPI 540"]
    assert comparison.summaries[1].errors > comparison.summaries[0].errors
    assert comparison.differing == 2


def test_three_plans_and_a_later_start(catalog):
    a = filled_template(catalog, "accelerated-12")
    b = replace(a, start_year=2027)
    c = filled_template(catalog, "online-24")
    comparison = compare_plans(catalog, [("a", a), ("b", b), ("c", c)])
    assert comparison.letters == ("A", "B", "C")
    assert comparison.rows[0].label == "Summer 2026" and comparison.rows[-1].label == "Summer 2028"
    first = row(comparison, "Summer 2026")
    assert codes(first.cells[0]) == codes(first.cells[2]) == ["AIPI 503"] and first.cells[1] == ()
    aipi503 = first.cells[0][0].courses[0]
    assert aipi503.differs and aipi503.elsewhere == "Summer 2027 in B"


def test_duplicates_count(catalog):
    a = filled_template(catalog, "accelerated-12")
    b = with_terms(a, spring_1=("MENG 540", "AIPI 540", "AIPI 549", "ECE 682D"))
    spring = row(compare_plans(catalog, [("a", a), ("b", b)]), "Spring 2027")
    (extra,) = [c for t in spring.cells[0] for c in t.courses if c.differs]
    assert extra.code == "AIPI 590-01" and extra.elsewhere == "not in B"


def test_courses_outside_a_track_get_their_own_row(catalog):
    a = with_terms(filled_template(catalog, "accelerated-12"), fall_2=("AIPI 571",))
    b = filled_template(catalog, "accelerated-12")
    comparison = compare_plans(catalog, [("a", a), ("b", b)])
    outside = comparison.rows[-1]
    assert outside.label == "Outside the track"
    assert outside.cells[0][0].term_name == "fall-2, outside the track" and outside.cells[1] == ()
    assert comparison.summaries[0].errors == 1


def test_placeholders_read_as_their_slot(catalog):
    plan = edits.from_template(catalog.tracks["standard-16"], 2026)
    comparison = compare_plans(catalog, [("a", plan), ("b", plan)])
    labels = [c.label for r in comparison.rows for cell in r.cells for t in cell for c in t.courses]
    assert "(AIPI Departmental Elective)" in labels and not any("TBD" in x for x in labels)
    data = comparison.to_dict()
    assert (
        data["plans"][0]["letter"] == "A" and data["plans"][0]["estimated_cost"]["total"] == 95671
    )
    assert data["terms"][1]["label"] == "Fall 2026"


def test_unknown_track(catalog):
    plan = replace(filled_template(catalog, "accelerated-12"), track="nope")
    (summary,) = compare_plans(catalog, [("x", plan)]).summaries
    assert summary.track_name == "nope (unknown track)" and summary.cost is None
    assert summary.graduation == "—"


def test_md_credits_have_their_own_first_row(catalog):
    md = filled_template(catalog, "md-meng")
    comparison = compare_plans(
        catalog, [("md", md), ("12", filled_template(catalog, "accelerated-12"))]
    )
    first = comparison.rows[0]
    assert first.label == "Credited from the MD" and first.cells[1] == ()
    assert codes(first.cells[0]) == ["MED 501", "MED 502", "MED 503"]
    assert [r.label for r in comparison.rows][1:3] == ["Summer 2026", "Fall 2026"]
    assert comparison.summaries[0].cost.total == "$68,619.20"
    assert comparison.summaries[0].graduation == "Summer 2028"
