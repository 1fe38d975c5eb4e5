"""Two sections of the PDF, each in its own function so pdf.py only calls them: what changed
since the last approved revision, and the estimated cost (with its caveat and assumptions)."""

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.costs import estimate_cost, money, term_label
from advisor_app.domain.diff import approved_baseline, diff_plans, revision_as_plan
from advisor_app.export.pdf_table import cell, grid_table
from advisor_app.rules.findings import RULE_TITLES

Styles = dict[str, ParagraphStyle]
MakeParagraph = Callable[[str, ParagraphStyle], Paragraph]

_MARKS = {
    "course-added": "+",
    "course-removed": "−",
    "course-moved": "→",
    "record-changed": "~",
    "exception-added": "+",
    "exception-removed": "−",
}


def _heading(text: str, s: Styles, p: MakeParagraph) -> list[Flowable]:
    """A section heading never left alone at the foot of a page."""
    return [CondPageBreak(1.3 * inch), p(text, s["h2"])]


def changes_heading(plan: Plan) -> str | None:
    """ "Changes since revision N was approved (on DATE by NAME)", or None before any approval."""
    baseline = approved_baseline(plan)
    if baseline is None:
        return None
    when = f" on {baseline.approved_on}" if baseline.approved_on else ""
    by = f" by {baseline.approved_by}" if baseline.approved_by else ""
    return f"Changes since revision {baseline.revision} was approved{when}{by}"


def changes_section(catalog: Catalog, plan: Plan, s: Styles, p: MakeParagraph) -> list[Flowable]:
    """The change list of revision N+1 against revision N; nothing for a first revision."""
    heading = changes_heading(plan)
    baseline = approved_baseline(plan)
    if heading is None or baseline is None:
        return []
    changes = diff_plans(catalog, revision_as_plan(baseline, plan), plan, RULE_TITLES)
    story: list[Flowable] = [*_heading(heading, s, p)]
    if not changes:
        story.append(
            p(f"None: the plan is as revision {baseline.revision} was approved.", s["body"])
        )
        return story
    widths = [0.3 * inch, 6.7 * inch]
    rows: list[list[object]] = [["", "Change"]]
    rows += [
        [cell(_MARKS.get(c.kind, "•"), s["cell"], widths[0]), cell(c.message, s["cell"], widths[1])]
        for c in changes
    ]
    story.append(grid_table(rows, widths))
    return story


def cost_section(catalog: Catalog, plan: Plan, s: Styles, p: MakeParagraph) -> list[Flowable]:
    """The estimated tuition term by term, the scholarship, the total, and what it assumes."""
    estimate = estimate_cost(catalog, plan)
    schedule = catalog.tuition
    if estimate is None or schedule is None:
        return [
            *_heading("Estimated cost", s, p),
            p("No tuition rates in the catalog for this track.", s["body"]),
        ]
    story: list[Flowable] = [*_heading(f"Estimated cost ({estimate.caveat})", s, p)]
    widths = [2.1 * inch, 3.7 * inch, 1.2 * inch]
    rows: list[list[object]] = [["Term", "Charged as", "Amount"]]

    def row(texts: tuple[str, str, str], bold: bool = False) -> list[object]:
        style = s["cellbold"] if bold else s["cell"]
        return [cell(t, style, w, bold) for t, w in zip(texts, widths, strict=True)]

    for term in estimate.terms:
        rows.append(row((term_label(term), term.how, money(term.cents))))
    if estimate.scholarship_cents:
        scholarship = f"−{money(estimate.scholarship_cents)}"
        rows.append(row((estimate.scholarship_label, "taken off the tuition", scholarship)))
    rows.append(row(("Estimated total", estimate.caveat, estimate.total), bold=True))
    last = len(rows) - 1
    table = grid_table(rows, widths, [(0, last), (1, last), (2, last)])
    story += [table, Spacer(1, 4)]
    notes = [
        f"This is an estimate at {estimate.academic_year} rates, not a bill. {schedule.excludes}"
    ]
    if estimate.unpriced:
        count = len(estimate.unpriced)
        notes.append(
            f"Not priced: {count} course{'' if count == 1 else 's'} in terms the track does "
            "not have."
        )
    notes.append(
        "Assumed where the program publishes no rule: "
        + " ".join(a.text for a in schedule.assumptions)
    )
    story += [p(text, s["small"]) for text in notes]
    return story
