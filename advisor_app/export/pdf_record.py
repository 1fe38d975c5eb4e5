"""The student's record and the advisor's exceptions in the PDF, in plain words."""

from typing import Any

from reportlab.lib.styles import ParagraphStyle

from advisor_app.domain import Catalog, Plan
from advisor_app.export.fonts import paragraph as _p
from advisor_app.rules import RequirementStatus, describe

STATUS_WORDS = {"completed": "completed", "in-progress": "in progress"}


def record_note(catalog: Catalog, plan: Plan, term_id: str, entry: str) -> str:
    """ " (completed, A-)", " (in progress)", " (entered by the advisor)", or ""."""
    parts = []
    record = plan.record(term_id, entry)
    if record.status in STATUS_WORDS:
        parts.append(STATUS_WORDS[record.status] + (f", {record.grade}" if record.grade else ""))
    if record.counts_for_undergraduate is True:
        parts.append("also counted toward the bachelor's")
    course = catalog.course(entry)
    if course is not None and course.external:
        parts.append("entered by the advisor")
    if course is not None and entry != course.code:
        parts.append(f"same course as {course.code}")
    return f" ({'; '.join(parts)})" if parts else ""


def satisfied_text(status: RequirementStatus) -> str:
    substitutes = dict(status.substitutes)
    stands_for = {v: k for k, v in substitutes.items()}
    parts = [
        f"{code} (in place of {stands_for[code]})" if code in stands_for else code
        for code in status.satisfied_by
    ]
    parts += [f"{code} waived" for code in status.waived_courses]
    return ", ".join(parts) or "—"


def exception_section(catalog: Catalog, plan: Plan, styles: dict[str, ParagraphStyle]) -> list[Any]:
    """ "The advisor's exceptions": each in plain words with its reason; then entered courses."""
    track = catalog.tracks.get(plan.track)
    labels = {r.id: r.label for r in track.requirements} if track else {}
    story: list[Any] = [_p("The advisor's exceptions", styles["h2"])]
    if not plan.exceptions:
        story.append(_p("None.", styles["body"]))
    for decision in plan.exceptions:
        story.append(_p(f"{describe(decision, labels)}. Reason: {decision.reason}", styles["body"]))
    if plan.external_courses:
        story.append(_p("Courses from outside the catalog", styles["h2"]))
        for course in plan.external_courses:
            category = catalog.categories.get(course.category)
            kind = category.label if category else course.category
            story.append(
                _p(
                    f"{course.code} {course.title}: {course.units:g} units, {kind} "
                    "(entered by the advisor)",
                    styles["body"],
                )
            )
    return story
