"""What a drop would break, worked out before the drop (for the drag feedback in the window)."""

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.edits import EditError, move, place
from advisor_app.domain.plan import Plan
from advisor_app.rules.engine import check
from advisor_app.rules.findings import Finding


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
