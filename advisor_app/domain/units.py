"""How many units an entry of a plan carries, and its title, with the courses the advisor entered
for the plan (external courses) counted like the catalog's: the catalog's own `units_of` and
`display_title`, seen through the plan."""

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.plan import Plan


def entry_units(catalog: Catalog, plan: Plan, entry: str) -> float:
    """The units of `entry` in `plan`; 0 for a code the catalog and the plan do not know."""
    return catalog.with_external(plan.external_courses).units_of(entry)


def entry_title(catalog: Catalog, plan: Plan, entry: str) -> str:
    """What a person reads for an entry: the course's title, or the elective slot's label."""
    return catalog.with_external(plan.external_courses).display_title(entry)
