"""Plain data: the catalog's courses and tracks, the plan, and pure edits of a plan."""

from advisor_app.domain.catalog_model import (
    Catalog,
    Category,
    Course,
    LoadLimit,
    Milestone,
    Placeholder,
    Requirement,
    Term,
    Track,
)
from advisor_app.domain.codes import PLACEHOLDER_PREFIX, normalize_code
from advisor_app.domain.plan import (
    ApprovedRevision,
    CourseRecord,
    Decision,
    ExternalCourse,
    Plan,
    waiver,
)

__all__ = [
    "PLACEHOLDER_PREFIX",
    "ApprovedRevision",
    "Catalog",
    "Category",
    "Course",
    "CourseRecord",
    "Decision",
    "ExternalCourse",
    "LoadLimit",
    "Milestone",
    "Placeholder",
    "Plan",
    "Requirement",
    "Term",
    "Track",
    "normalize_code",
    "waiver",
]
