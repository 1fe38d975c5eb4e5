"""The plan file: JSON with a format name and version, loaded strictly and saved atomically."""

from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.files import (
    FORMAT_NAME,
    FORMAT_VERSION,
    canonical_json,
    dumps_plan,
    load_plan,
    parse_plan,
    plan_from_dict,
    plan_to_dict,
    save_plan,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "PlanFileError",
    "canonical_json",
    "dumps_plan",
    "load_plan",
    "parse_plan",
    "plan_from_dict",
    "plan_to_dict",
    "save_plan",
]
