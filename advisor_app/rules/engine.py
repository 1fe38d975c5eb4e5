"""One pure entry point: validate a plan against its track's rules in the catalog.

`check` applies the advisor's exceptions first (rules/exceptions.py), then runs every family of
checks, counts the requirements, and turns accepted findings into info lines. It does not work
out fixes: `Report.findings` does, the first time it is read, verifying each one (rules/fixes.py).
Counting, summaries and `errors` read `Report.raw` and stay fast.
"""

from functools import cached_property

from msgspec import Struct
from msgspec.structs import replace

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.plan import WAIVE_COURSE, Decision, Plan
from advisor_app.domain.struct_fields import methods_on
from advisor_app.rules.checks import (
    check_duplicates,
    check_elective_approval,
    check_load,
    check_offering,
    check_order,
    check_terms_and_codes,
)
from advisor_app.rules.context import Context, build_context
from advisor_app.rules.exceptions import adjust, credited_courses, unused_findings
from advisor_app.rules.findings import SEVERITY_RANK, Finding
from advisor_app.rules.fixes import FixVerifier
from advisor_app.rules.records import review_records
from advisor_app.rules.requirements import RequirementStatus, evaluate, requirement_findings

_CHECKS = (
    check_terms_and_codes,
    check_duplicates,
    check_offering,
    check_order,
    check_load,
)


class Report(Struct, frozen=True, dict=True):  # a __dict__ for the cached findings
    """Every finding of a plan. `raw` holds them without fixes (cheap); `findings` adds each
    one's verified fix, worked out once, when first read."""

    raw: list[Finding]
    requirements: list[RequirementStatus]
    catalog: Catalog | None = None
    plan: Plan | None = None

    # The catalog and plan only serve the fixes' verification: not part of the report.
    __eq__, __hash__, __repr__ = methods_on(("raw", "requirements"))

    @cached_property
    def findings(self) -> list[Finding]:
        if self.catalog is None or self.plan is None:
            return [replace(f, proposals=None) for f in self.raw]
        catalog = self.catalog
        verifier = FixVerifier(self.plan, self.raw, lambda plan: check(catalog, plan).raw)
        return [verifier.resolve(f) for f in self.raw]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.raw if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(catalog: Catalog, plan: Plan) -> list[Finding]:
    return check(catalog, plan).findings


def check(catalog: Catalog, plan: Plan) -> Report:
    """Every finding for the plan, accepted ones turned into info lines, in a stable order."""
    track = catalog.tracks.get(plan.track)
    if track is None:
        known = ", ".join(catalog.tracks)
        finding = Finding(
            "track.unknown", "error", f"Unknown track '{plan.track}' (tracks: {known})"
        )
        return Report([finding], [], catalog, plan)
    ctx = build_context(catalog, track, plan)
    adjustments = adjust(ctx)
    ctx.credited = credited_courses(ctx, adjustments)
    raw: list[Finding] = []
    for family in _CHECKS:
        raw.extend(family(ctx))
    raw.extend(check_elective_approval(ctx, adjustments.approved))
    records = review_records(ctx)
    raw.extend(records.findings)
    statuses = evaluate(ctx, adjustments, records.excluded)
    raw.extend(requirement_findings(ctx, statuses))
    # Only the advisor's exceptions turn findings into info lines.
    accepted = [_accept(ctx, f, adjustments.waived) for f in raw] if plan.exceptions else raw
    accepted.extend(unused_findings(ctx, adjustments, accepted))
    return Report(_ordered(ctx, accepted), statuses, catalog, plan)


def _accept(ctx: Context, finding: Finding, waived: dict[str, set[str]]) -> Finding:
    """A finding the advisor accepted (waive-finding), or a requirement's course the advisor
    waived (waive-course, when it took effect), stays visible as an info line with the reason."""
    decision = _decision_for(ctx, finding, waived)
    if decision is None:
        return finding
    return replace(
        finding,
        severity="info",
        original_severity=finding.severity,
        message=f"Waived: {decision.reason} ({finding.message})",
        waived=True,
        waiver_reason=decision.reason,
        fix=None,
        proposals=None,
    )


def _decision_for(ctx: Context, finding: Finding, waived: dict[str, set[str]]) -> Decision | None:
    for decision in ctx.plan.exceptions:
        if decision.matches(finding.rule, finding.courses):
            return decision
        course = ctx.catalog.canonical(decision.course)
        if (
            decision.kind == WAIVE_COURSE
            and finding.requirement == decision.requirement
            and course in finding.courses
            and course in waived.get(decision.requirement, set())
        ):
            return decision
    return None


def _ordered(ctx: Context, findings: list[Finding]) -> list[Finding]:
    term_index, outside = ctx.track.term_index, len(ctx.track.terms)

    def key(f: Finding) -> tuple[int, int, str, tuple[str, ...], str]:
        index = term_index.get(f.term, outside) if f.term else -1
        return (SEVERITY_RANK[f.severity], index, f.rule, f.courses, f.message)

    return sorted(findings, key=key)
