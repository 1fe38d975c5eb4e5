"""What a plan was checked against when it was exported, embedded beside it in the PDF, so that a
later verification can say what changed since: the catalog, the courses' facts, the findings."""

import json
from typing import Any

from msgspec import Struct

from advisor_app.domain import Catalog, Plan
from advisor_app.plans.pdf_reader import CONTEXT_NAME
from advisor_app.rules import Finding

__all__ = ["CONTEXT_NAME", "ExportContext", "changes_since", "export_context", "read_context"]


def course_facts(catalog: Catalog, plan: Plan) -> dict[str, dict[str, Any]]:
    facts: dict[str, dict[str, Any]] = {}
    for _term, entry in plan.entries():
        course = catalog.course(entry)
        if course:
            facts[course.code] = {
                "title": course.title,
                "units": course.units,
                "on_campus": sorted(course.on_campus),
                "online": sorted(course.online),
                "prerequisites": list(course.prerequisites),
            }
    return facts


def finding_lines(findings: list[Finding]) -> list[str]:
    return [f"{f.severity}: {f.message}" for f in findings]


def export_context(
    catalog: Catalog, plan: Plan, findings: list[Finding], fingerprint: str, generated: str
) -> bytes:
    data = {
        "catalog_version": catalog.version,
        "catalog_year": catalog.catalog_year,
        "generated": generated,
        "fingerprint": fingerprint,  # the full SHA-256 (hex) of the plan and catalog version
        "findings": finding_lines(findings),
        "courses": course_facts(catalog, plan),
    }
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


class ExportContext(Struct, frozen=True):
    catalog_version: str
    findings: list[str]
    courses: dict[str, dict[str, Any]]
    fingerprint: str = ""


def read_context(raw: bytes | None) -> ExportContext | None:
    """The context, or None when the PDF has none (or a damaged one): verification then says so."""
    if not raw:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return ExportContext(
            catalog_version=str(data["catalog_version"]),
            findings=[str(line) for line in data["findings"]],
            courses={str(k): dict(v) for k, v in data["courses"].items()},
            fingerprint=str(data.get("fingerprint", "")),
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def changes_since(
    context: ExportContext, catalog: Catalog, plan: Plan, findings: list[Finding]
) -> list[str]:
    """Plain-English lines: what is different now from when the plan was exported."""
    changes = []
    if context.catalog_version != catalog.version:
        changes.append(f"catalog version {context.catalog_version} → {catalog.version}")
    now = course_facts(catalog, plan)
    for code, before in context.courses.items():
        after = now.get(code)
        if after is None:
            # Facts are kept for the plan's courses: one missing now left the plan, or the catalog.
            gone = code in catalog.courses
            changes.append(
                f"{code} is no longer in the plan"
                if gone
                else f"{code} is no longer in the catalog"
            )
            continue
        for key, value in before.items():
            if after.get(key) != value:
                changes.append(
                    f"{code} {key.replace('_', ' ')}: {_show(value)} → {_show(after.get(key))}"
                )
    lines = finding_lines(findings)
    changes += [f"new finding, {line}" for line in lines if line not in context.findings]
    changes += [f"no longer found, {line}" for line in context.findings if line not in lines]
    return changes


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
