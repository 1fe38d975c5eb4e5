"""Plans the tests share: the program page's cohort schedules with their electives chosen."""

from msgspec.structs import replace

from advisor_app.domain import Catalog, ExternalCourse, Plan
from advisor_app.domain.edits import from_template

# Real electives for each placeholder of each template, in the order the placeholders appear.
ELECTIVES = {
    "accelerated-12": ["AIPI 530", "ECE 682D", "AIPI 590-01"],
    "standard-16": ["AIPI 531", "STA 663", "AIPI 571", "ECE 682D"],
    "online-24": ["AIPI 530", "AIPI 590-02", "AIPI 531"],
    "bse-meng": ["AIPI 590-03", "CYBERSEC 511", "ECE 564"],
    "md-meng": ["MED 501", "MED 502", "MED 503"],
}


# Illustrative MD courses (the real ones are not published for AIPI), entered by the advisor.
MD_COURSES = tuple(
    ExternalCourse(code, title, 3.0, "md-course")
    for code, title in (
        ("MED 501", "Clinical informatics (example)"),
        ("MED 502", "Biostatistics for clinicians (example)"),
        ("MED 503", "Health-care systems (example)"),
    )
)


def filled_template(catalog: Catalog, track_id: str, start_year: int = 2026) -> Plan:
    plan = from_template(
        catalog.tracks[track_id], start_year, "Ada Lovelace", "D1234567", "Dr. Advisor"
    )
    picks = iter(ELECTIVES[track_id])
    terms = {
        term: tuple(next(picks) if entry.startswith("TBD:") else entry for entry in entries)
        for term, entries in plan.terms.items()
    }
    plan = replace(plan, terms=terms)
    if track_id == "md-meng":  # the MD courses credited toward the MEng, entered by the advisor
        plan = replace(plan, external_courses=MD_COURSES)
    if track_id == "online-24":
        plan = replace(plan, milestones=("employer-industry-project",))
    return plan


def with_terms(plan: Plan, **changes: tuple[str, ...]) -> Plan:
    """The plan with some terms replaced (keyword names use _ for -: fall_1 -> fall-1)."""
    terms = dict(plan.terms)
    for term, entries in changes.items():
        terms[term.replace("_", "-")] = entries
    return replace(plan, terms={k: v for k, v in terms.items() if v})


def meeting_plan(catalog: Catalog, track_id: str, student_name: str = "Priya Raman") -> Plan:
    """A plan as it looks after an advising meeting: the student, the advisor, an exception (the
    bootcamp tested out), notes. The README's pictures and the export benchmark show it."""
    from advisor_app.domain import Decision, edits

    plan = filled_template(catalog, track_id)
    first_term = next(t for t, entries in plan.terms.items() if "AIPI 503" in entries)
    return replace(
        edits.remove(plan, "AIPI 503", first_term),
        student_name=student_name,
        student_id="D7730215",
        advisor_name="Dr. Jon Reifschneider",
        notes="Interested in NLP; wants the LLM elective in the second year.",
        exceptions=(
            Decision(
                "waive-course",
                "Tested out of the bootcamp, June 2026",
                requirement="bootcamp",
                course="AIPI 503",
            ),
        ),
    )
