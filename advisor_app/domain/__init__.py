"""Plain data: the catalog's courses and tracks, the plan, and pure edits of a plan.

The names below are loaded from their modules when first used (PEP 562): a command that reads
only the catalog (`advisor-app tracks`) does not build the plan's classes, and building a frozen
dataclass costs Python about a millisecond.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULE_OF = {
    **dict.fromkeys(
        [
            "Catalog",
            "Category",
            "Course",
            "LoadLimit",
            "Milestone",
            "Placeholder",
            "Requirement",
            "Term",
            "Track",
        ],
        "catalog_model",
    ),
    **dict.fromkeys(["PLACEHOLDER_PREFIX", "normalize_code"], "codes"),
    **dict.fromkeys(
        ["ApprovedRevision", "CourseRecord", "Decision", "ExternalCourse", "Plan", "waiver"],
        "plan",
    ),
}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'advisor_app.domain' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"advisor_app.domain.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value
