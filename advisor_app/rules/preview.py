"""Before an edit: what a drop would break (the drag feedback), and where an added course goes."""

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.edits import EditError, move, place
from advisor_app.domain.plan import Plan
from advisor_app.rules.context import build_context
from advisor_app.rules.engine import check
from advisor_app.rules.findings import Finding
from advisor_app.rules.placement import best_term


def drop_problems(
    catalog: Catalog, plan: Plan, entry: str, to_term: str, from_term: str | None = None
) -> list[Finding]:
    """Errors and warnings that placing `entry` in `to_term` would add, about that entry or term."""
    try:
        after = move(plan, entry, from_term, to_term) if from_term else place(plan, entry, to_term)
    except EditError:
        return []
    before = {(f.rule, f.courses, f.term) for f in check(catalog, plan).raw}
    code = catalog.canonical(entry)
    return [
        f
        for f in check(catalog, after).raw
        if f.severity in ("error", "warning")
        and (f.rule, f.courses, f.term) not in before
        and (code in f.courses or f.term == to_term)
    ]


def suggest_term(catalog: Catalog, plan: Plan, entry: str) -> str | None:
    """The first term of the track where `entry` is offered and fits (order, level, load).

    Falls back to the first term where it is offered and in order, though over the load; None when
    the track has no such term, or the course is already planned as often as it may be taken.
    """
    track = catalog.tracks.get(plan.track)
    if track is None:
        return None
    ctx = build_context(catalog, track, plan)
    code = catalog.canonical(entry)
    course = catalog.courses.get(code)
    if course is not None and ctx.counts[code] >= course.repeatable:
        return None
    return best_term(ctx, code, prefer=0)
