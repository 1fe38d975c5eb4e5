"""The rules engine: requirements, order, offering, load and length, as findings with fixes."""

from advisor_app.rules.engine import Report, check, validate
from advisor_app.rules.exceptions import describe
from advisor_app.rules.findings import Finding, Fix, count_by_severity, summary
from advisor_app.rules.fixes import apply_fix
from advisor_app.rules.records import completed_units
from advisor_app.rules.requirements import RequirementStatus

__all__ = [
    "Finding",
    "Fix",
    "Report",
    "RequirementStatus",
    "apply_fix",
    "check",
    "completed_units",
    "count_by_severity",
    "describe",
    "summary",
    "validate",
]
