"""How many units an entry of a plan carries: a catalog course, an elective slot, or a course the
advisor entered (external). One function, so the cost, the comparison and the mapping agree."""

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.plan import Plan


def entry_units(catalog: Catalog, plan: Plan, entry: str) -> float:
    """The units of `entry` in `plan`; 0 for a code the catalog and the plan do not know."""
    course = catalog.course(entry)
    if course is not None:
        return course.units
    placeholder = catalog.placeholder(entry)
    if placeholder is not None:
        return placeholder.units
    external = plan.external(entry) or plan.external(catalog.canonical(entry))
    return external.units if external is not None else 0.0


def entry_title(catalog: Catalog, plan: Plan, entry: str) -> str:
    """What a person reads for an entry: the catalog's title, the slot's label, or the entered
    course's title."""
    external = None if catalog.course(entry) else plan.external(entry)
    return external.title if external is not None else catalog.display_title(entry)
