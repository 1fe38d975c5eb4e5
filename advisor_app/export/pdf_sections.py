"""Two sections of the PDF, each in its own function so pdf.py only calls them: what changed
since the last approved revision, and the estimated cost (with its caveat and assumptions)."""

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.costs import estimate_cost, money, term_label
from advisor_app.domain.diff import approved_baseline, diff_plans, revision_as_plan
from advisor_app.rules.findings import RULE_TITLES

Styles = dict[str, ParagraphStyle]
MakeParagraph = Callable[[str, ParagraphStyle], Paragraph]

_TABLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c1cc")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9edf3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)
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
    rows = [[p(t, s["cellbold"]) for t in ("", "Change")]]
    rows += [[p(_MARKS.get(c.kind, "•"), s["cell"]), p(c.message, s["cell"])] for c in changes]
    table = Table(rows, colWidths=[0.3 * inch, 6.7 * inch], repeatRows=1)
    table.setStyle(_TABLE)
    story.append(table)
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
    rows = [[p(t, s["cellbold"]) for t in ("Term", "Charged as", "Amount")]]
    for term in estimate.terms:
        rows.append(
            [
                p(term_label(term), s["cell"]),
                p(term.how, s["cell"]),
                p(money(term.cents), s["cell"]),
            ]
        )
    if estimate.scholarship_cents:
        rows.append(
            [
                p(estimate.scholarship_label, s["cell"]),
                p("taken off the tuition", s["cell"]),
                p(f"−{money(estimate.scholarship_cents)}", s["cell"]),
            ]
        )
    rows.append(
        [
            p("Estimated total", s["cellbold"]),
            p(estimate.caveat, s["cellbold"]),
            p(estimate.total, s["cellbold"]),
        ]
    )
    table = Table(rows, colWidths=[2.1 * inch, 3.7 * inch, 1.2 * inch], repeatRows=1)
    table.setStyle(_TABLE)
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
