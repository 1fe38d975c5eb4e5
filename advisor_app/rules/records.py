"""The student's record: courses not passed, and the 4+1 rules for graduate courses taken as an
undergraduate (Pratt's "Options for Current Duke Students" page): at most four, 500-level or above,
each with a B or better, never also counted toward the bachelor's, and the internship in the
summer between the two degrees.

A course that cannot count (not passed; a 4+1 course graded below B or also counted toward the
bachelor's) is left out when requirements are counted, unless the advisor accepted the finding.
"""

from msgspec import Struct, field

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.codes import course_level
from advisor_app.domain.plan import LETTER_GRADES, Plan
from advisor_app.rules.context import Context, Placed
from advisor_app.rules.findings import Finding, Fix, Proposals
from advisor_app.rules.fixes import move_candidates, remove_fix

NOT_PASSED = frozenset({"F", "NC", "W"})
# B or better: the grades before "B-" in LETTER_GRADES.
B_OR_BETTER = frozenset(LETTER_GRADES[: LETTER_GRADES.index("B") + 1])


class RecordReview(Struct):
    findings: list[Finding] = field(default_factory=list)
    excluded: set[int] = field(default_factory=set)  # id() of Placed entries that cannot count


def review_records(ctx: Context) -> RecordReview:
    review = RecordReview()
    for p in ctx.placed:
        if p.record.completed and p.record.grade in NOT_PASSED:
            _exclude(
                ctx,
                review,
                p,
                Finding(
                    "record.grade",
                    "warning",
                    f"{p.entry} ({ctx.label(p.term_id)}) was not passed (grade "
                    f"{p.record.grade}): it does not count toward the degree",
                    (p.code,),
                    p.term_id,
                ),
            )
    if any(t.level == "undergraduate" for t in ctx.track.terms):
        _undergraduate(ctx, review)
    _internship_term(ctx, review)
    return review


def _exclude(ctx: Context, review: RecordReview, p: Placed, finding: Finding) -> None:
    review.findings.append(finding)
    if not any(d.matches(finding.rule, finding.courses) for d in ctx.plan.waivers):
        review.excluded.add(id(p))


def _undergraduate(ctx: Context, review: RecordReview) -> None:
    track = ctx.track
    counted: list[Placed] = []
    unrecorded: list[str] = []
    for index, term in enumerate(track.terms):
        if term.level != "undergraduate":
            continue
        for p in ctx.in_term(index):
            if p.code == "MENG 550":
                continue
            level = course_level(p.code)
            minimum = track.undergraduate_min_level
            if minimum is not None and level is not None and level < minimum:
                review.findings.append(
                    Finding(
                        "bse.undergraduate-level",
                        "error",
                        f"{p.entry} is below the {minimum} level: only graduate courses taken "
                        "as an undergraduate count toward the MEng",
                        (p.code,),
                        p.term_id,
                        proposals=_removal(ctx, p),
                    )
                )
                review.excluded.add(id(p))
                continue
            if not p.credit_bearing:
                continue
            _graduate_course_record(ctx, review, p, unrecorded)
            if id(p) not in review.excluded:  # one that cannot count takes none of the places
                counted.append(p)
    cap = track.undergraduate_max_courses
    if cap is not None:
        for p in counted[cap:]:
            _exclude(
                ctx,
                review,
                p,
                Finding(
                    "bse.undergraduate-limit",
                    "error",
                    f"{p.entry}: at most {cap} graduate courses taken as an undergraduate count "
                    "toward the MEng",
                    (p.code,),
                    p.term_id,
                    proposals=_moves(ctx, p),
                ),
            )
    if unrecorded:
        review.findings.append(
            Finding(
                "bse.undergraduate-record",
                "info",
                "A graduate course taken as an undergraduate counts toward the MEng only with a "
                "B or better and if it does not also count toward the bachelor's: record the "
                "grade and how each counts for " + ", ".join(unrecorded),
                tuple(unrecorded),
            )
        )


def _graduate_course_record(
    ctx: Context, review: RecordReview, p: Placed, unrecorded: list[str]
) -> None:
    record = p.record
    if record.counts_for_undergraduate:
        _exclude(
            ctx,
            review,
            p,
            Finding(
                "bse.undergraduate-credit",
                "error",
                f"{p.entry} ({ctx.label(p.term_id)}) also counts toward the bachelor's degree: a "
                "course used for the MEng can never also count toward the bachelor's (4+1 rules)",
                (p.code,),
                p.term_id,
            ),
        )
    elif (
        record.grade
        and record.grade not in B_OR_BETTER
        and (record.grade in LETTER_GRADES or record.completed)
    ):
        # A pass (P, CR) shows no B: it cannot count either.
        shown = "" if record.grade in LETTER_GRADES else ", which shows no letter grade"
        _exclude(
            ctx,
            review,
            p,
            Finding(
                "bse.undergraduate-grade",
                "error",
                f"{p.entry} ({ctx.label(p.term_id)}) was graded {record.grade}{shown}: a graduate "
                "course taken as an undergraduate counts toward the MEng only with a B or better "
                "(4+1 rules)",
                (p.code,),
                p.term_id,
            ),
        )
    elif record.counts_for_undergraduate is None or not record.grade:
        unrecorded.append(p.entry)


def _internship_term(ctx: Context, review: RecordReview) -> None:
    target = ctx.track.internship_term
    if not target:
        return
    four_plus_one = any(t.level == "undergraduate" for t in ctx.track.terms)
    rule = "bse.internship-term" if four_plus_one else "order.internship-term"
    when = (
        "The 4+1 internship falls in the summer between the two degrees"
        if four_plus_one
        else f"The {ctx.track.name} internship comes in the fourth year"
    )
    for p in ctx.placed:
        if p.code == "MENG 550" and p.term_id != target:
            review.findings.append(
                Finding(
                    rule,
                    "error",
                    f"{when} ({ctx.label(target)})",
                    (p.code,),
                    p.term_id,
                    proposals=_moves_to(ctx, p, target),
                )
            )


def _removal(ctx: Context, p: Placed) -> Proposals:
    return lambda: [remove_fix(ctx, p)]


def _moves(ctx: Context, p: Placed) -> Proposals:
    return lambda: move_candidates(ctx, p)


def _moves_to(ctx: Context, p: Placed, target: str) -> Proposals:
    return lambda: [
        Fix("move", p.entry, target, p.term_id, f"Move {p.entry} to {ctx.label(target)}")
    ]


def completed_units(catalog: Catalog, plan: Plan) -> float:
    """Units of the courses the student completed that count toward the degree (each course
    once; not passed, or ruled out by the 4+1 rules, they do not): the header's "completed"."""
    from advisor_app.rules.context import build_context

    track = catalog.tracks.get(plan.track)
    if track is None:
        return 0.0
    ctx = build_context(catalog, track, plan)
    excluded = review_records(ctx).excluded
    seen: set[str] = set()
    total = 0.0
    for p in ctx.placed:
        if not p.record.completed or id(p) in excluded or p.code in seen or p.course is None:
            continue
        seen.add(p.code)
        total += p.units
    return total
