"""The plan file: JSON with a format name and version, loaded strictly and saved atomically."""

from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.files import (
    canonical_json,
    dumps_plan,
    exception_to_dict,
    load_plan,
    parse_plan,
    plan_from_bytes,
    plan_to_dict,
    save_plan,
)
from advisor_app.plans.format import FORMAT_NAME, FORMAT_VERSION
from advisor_app.plans.limits import LIMITS
from advisor_app.plans.parsing import plan_from_dict

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LIMITS",
    "PlanFileError",
    "canonical_json",
    "dumps_plan",
    "exception_to_dict",
    "load_plan",
    "parse_plan",
    "plan_from_bytes",
    "plan_from_dict",
    "plan_to_dict",
    "save_plan",
]
