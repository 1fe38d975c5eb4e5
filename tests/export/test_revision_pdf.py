"""The history survives saving, loading and the PDF; the PDF of revision 2 lists what changed
since revision 1 was approved, and every PDF prints the estimated cost with its caveat."""

import io
from datetime import date

from pypdf import PdfReader

from advisor_app.domain import Decision, edits
from advisor_app.export.pdf import export_pdf, render_pdf
from advisor_app.plans import dumps_plan, load_plan, parse_plan, save_plan
from tests.plans_for_tests import filled_template


def text_of(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def revision_two(catalog):
    plan = edits.approve(filled_template(catalog, "standard-16"), "2026-11-25", "Dr. Ada Advisor")
    plan = edits.start_revision(plan)
    plan = edits.move(plan, "AIPI 571", "fall-2", "spring-1")
    plan = edits.add_exception(
        plan, Decision("apply", "Director approved", "technical-electives", "ECE 682D")
    )
    return edits.approve(plan, "2027-01-15", "Dr. Ada Advisor")


def test_history_survives_save_and_load(catalog, tmp_path):
    plan = revision_two(catalog)
    assert [h.revision for h in plan.history] == [1, 2]
    save_plan(plan, tmp_path / "plan.json")
    assert load_plan(tmp_path / "plan.json") == plan
    assert parse_plan(dumps_plan(plan)).history == plan.history


def test_history_survives_the_pdf_round_trip(catalog, tmp_path):
    plan = revision_two(catalog)
    export_pdf(catalog, plan, tmp_path / "plan.pdf", date(2027, 1, 15))
    back = load_plan(tmp_path / "plan.pdf")
    assert back.history == plan.history and back == plan


def test_pdf_of_revision_two_prints_its_changes(catalog):
    text = text_of(render_pdf(catalog, revision_two(catalog), date(2027, 1, 15)))
    assert "Changes since revision 1 was approved on 2026-11-25 by Dr. Ada Advisor" in text
    assert (
        "AIPI 571 Data Analysis at Scale in the Cloud moved from Fall 2027 to Spring 2027" in text
    )
    assert "Exception added: ECE 682D counts toward" in text


def test_draft_of_revision_two_with_no_changes_says_so(catalog):
    plan = edits.start_revision(
        edits.approve(filled_template(catalog, "standard-16"), "2026-11-25", "Dr. A")
    )
    text = text_of(render_pdf(catalog, plan, date(2027, 1, 15)))
    assert "Changes since revision 1 was approved" in text
    assert "None: the plan is as revision 1 was approved." in text


def test_first_revision_has_no_change_list_but_its_cost(catalog):
    text = text_of(render_pdf(catalog, filled_template(catalog, "accelerated-12")))
    assert "Changes since" not in text
    assert "Estimated cost (estimate, 2024-25 rates)" in text
    assert "Estimated total estimate, 2024-25 rates $75,877" in text
    assert "not a bill" in text and "Assumed where the program publishes no rule" in text


def test_scholarship_and_unpriced_courses_in_the_pdf(catalog):
    from tests.plans_for_tests import with_terms

    plan = with_terms(filled_template(catalog, "bse-meng"), fall_9=("AIPI 571",))
    text = text_of(render_pdf(catalog, plan))
    assert "4+1 BSE+Master's scholarship (20 percent)" in text and "−$15,175.40" in text
    assert "$60,701.60" in text and "Not priced: 1 course" in text


def test_a_track_without_rates(catalog):
    from msgspec.structs import replace

    plan = replace(filled_template(catalog, "md-meng"), track="nope")
    assert "No tuition rates in the catalog for this track" in text_of(render_pdf(catalog, plan))
