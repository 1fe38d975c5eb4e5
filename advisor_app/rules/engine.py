"""One pure entry point: validate a plan against its track's rules in the catalog."""

from dataclasses import dataclass, replace

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.plan import Plan
from advisor_app.rules.checks import (
    check_duplicates,
    check_elective_approval,
    check_load,
    check_offering,
    check_order,
    check_terms_and_codes,
    check_undergraduate_terms,
)
from advisor_app.rules.context import Context, build_context
from advisor_app.rules.findings import Finding
from advisor_app.rules.requirements import RequirementStatus, evaluate, requirement_findings

_CHECKS = (
    check_terms_and_codes,
    check_duplicates,
    check_offering,
    check_order,
    check_load,
    check_elective_approval,
    check_undergraduate_terms,
)


@dataclass(frozen=True, slots=True)
class Report:
    findings: list[Finding]
    requirements: list[RequirementStatus]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(catalog: Catalog, plan: Plan) -> list[Finding]:
    return check(catalog, plan).findings


def check(catalog: Catalog, plan: Plan) -> Report:
    """Every finding for the plan, waived ones turned into info lines, in a stable order."""
    track = catalog.tracks.get(plan.track)
    if track is None:
        known = ", ".join(catalog.tracks)
        finding = Finding(
            "track.unknown", "error", f"Unknown track '{plan.track}' (tracks: {known})"
        )
        return Report([finding], [])
    ctx = build_context(catalog, track, plan)
    raw: list[Finding] = []
    for family in _CHECKS:
        raw.extend(family(ctx))
    waived = [_apply_waivers(ctx, f) for f in raw]
    approved = {
        code for f in waived if f.rule == "elective.approval" and f.waived for code in f.courses
    }
    statuses = evaluate(ctx, approved)
    statuses = [_waive_status(ctx, s) for s in statuses]
    waived += [_apply_waivers(ctx, f) for f in requirement_findings(ctx, statuses)]
    return Report(_ordered(ctx, waived), statuses)


def _apply_waivers(ctx: Context, finding: Finding) -> Finding:
    for waiver in ctx.plan.waivers:
        if waiver.matches(finding.rule, finding.courses):
            reason = waiver.reason or "no reason given"
            return replace(
                finding,
                severity="info",
                original_severity=finding.severity,
                message=f"Waived: {reason} ({finding.message})",
                waived=True,
                waiver_reason=reason,
                fix=None,
            )
    return finding


def _waive_status(ctx: Context, status: RequirementStatus) -> RequirementStatus:
    rule = f"req.{status.requirement.id}"
    if any(w.rule == rule and not w.course for w in ctx.plan.waivers):
        return replace(status, waived=True)
    return status


def _ordered(ctx: Context, findings: list[Finding]) -> list[Finding]:
    def key(f: Finding) -> tuple[int, int, str, tuple[str, ...], str]:
        index = ctx.track.term_index.get(f.term or "", len(ctx.track.terms)) if f.term else -1
        return (f.rank, index, f.rule, f.courses, f.message)

    return sorted(findings, key=key)
