"""Fixes: the candidates each check proposes, the edit a fix makes, and the check every fix passes
before it is offered.

A fix on an error is offered only when applying it leaves fewer errors; a fix on a warning or an
info line only when it removes that finding; no fix may add an error. Among the candidates, one
that adds no warning either is preferred. Candidates are worked out only when a report's fixes
are asked for, so validating a plan stays fast; a report verifies at most MAX_CHECKS plans.
"""

from collections.abc import Callable, Iterable, Iterator

from msgspec.structs import replace

from advisor_app.domain import edits
from advisor_app.domain.plan import Plan
from advisor_app.rules.context import Context, Placed
from advisor_app.rules.findings import Finding, Fix
from advisor_app.rules.placement import candidate_terms

CANDIDATES_PER_FINDING = 4
MAX_CHECKS = 60


def move_candidates(ctx: Context, placed: Placed, prefer: int | None = None) -> Iterator[Fix]:
    name = entry_name(ctx, placed.code, placed.entry)
    for target in candidate_terms(ctx, placed.code, current=placed, prefer=prefer):
        yield Fix(
            "move", placed.entry, target, placed.term_id, f"Move {name} to {ctx.label(target)}"
        )


def add_candidates(ctx: Context, code: str, prefer: int = 0) -> Iterator[Fix]:
    for target in candidate_terms(ctx, code, prefer=prefer):
        yield Fix("add", code, target, None, f"Add {_name(ctx, code)} to {ctx.label(target)}")


def remove_fix(ctx: Context, placed: Placed) -> Fix:
    return Fix(
        "remove",
        placed.entry,
        None,
        placed.term_id,
        f"Remove {entry_name(ctx, placed.code, placed.entry)} from {ctx.label(placed.term_id)}",
    )


def entry_name(ctx: Context, code: str, entry: str) -> str:
    """A placed entry as people read it: "the Technical Elective slot", never its id."""
    slot = ctx.catalog.placeholder(code)
    return f"the {slot.label} slot" if slot else entry


def _name(ctx: Context, code: str) -> str:
    placeholder = ctx.catalog.placeholder(code)
    if placeholder is None:
        return code
    return f"{_article(placeholder.label)} {placeholder.label} slot"


def _article(label: str) -> str:
    """ "an" before a vowel sound: "an Elective", "an MD Course" (an initialism read letter by
    letter: "em-dee"), "a Technical Elective"."""
    word = label.split(" ", 1)[0]
    initialism = len(word) > 1 and word.isupper()
    return "an" if label[:1] in ("AEFHILMNORSX" if initialism else "AEIOU") else "a"


def apply_fix(plan: Plan, fix: Fix) -> Plan:
    """The plan with the fix made (the window's Apply fix makes exactly this edit)."""
    if fix.action == "add" and fix.to_term:
        return edits.place(plan, fix.entry, fix.to_term)
    if fix.action == "move" and fix.to_term and fix.from_term:
        return edits.move(plan, fix.entry, fix.from_term, fix.to_term)
    if fix.action == "remove" and fix.from_term:
        return edits.remove(plan, fix.entry, fix.from_term)
    if fix.action == "remove-exception" and fix.exception is not None:
        return edits.remove_exception(plan, fix.exception)
    raise edits.EditError(f"cannot apply a fix of kind {fix.action!r}")


Checker = Callable[[Plan], list[Finding]]


class FixVerifier:
    """Picks, for each finding, the first candidate fix that passes the check above."""

    def __init__(self, plan: Plan, findings: list[Finding], check_plan: Checker) -> None:
        self.plan = plan
        self.check_plan = check_plan
        self.errors = {f.identity for f in findings if f.severity == "error"}
        self.error_count = sum(1 for f in findings if f.severity == "error")
        self.warnings = {f.identity for f in findings if f.severity == "warning"}
        self.budget = MAX_CHECKS

    def resolve(self, finding: Finding) -> Finding:
        if finding.proposals is None or finding.waived:
            return replace(finding, proposals=None)
        fix = self._first_verified(finding, finding.proposals())
        return replace(finding, fix=fix, proposals=None)

    def _first_verified(self, finding: Finding, proposals: Iterable[Fix]) -> Fix | None:
        fallback: Fix | None = None
        for tried, fix in enumerate(proposals):
            if tried >= CANDIDATES_PER_FINDING or self.budget <= 0:
                break
            self.budget -= 1
            verdict = self._verdict(finding, fix)
            if verdict == "clean":
                return fix
            if verdict == "ok" and fallback is None:
                fallback = fix
        return fallback

    def _verdict(self, finding: Finding, fix: Fix) -> str:
        try:
            after = self.check_plan(apply_fix(self.plan, fix))
        except edits.EditError:
            return "no"
        errors = [f for f in after if f.severity == "error"]
        if any(f.identity not in self.errors for f in errors):
            return "no"  # no fix may add an error
        if finding.severity == "error":
            if len(errors) >= self.error_count:
                return "no"
        elif any(f.identity == finding.identity for f in after):
            return "no"  # a fix on a warning or info line must remove it
        new_warnings = any(
            f.identity not in self.warnings for f in after if f.severity == "warning"
        )
        return "ok" if new_warnings else "clean"
