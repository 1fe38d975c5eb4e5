"""The requirement tree of a track: progress for the checklist, findings for what is unmet."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from advisor_app.domain.catalog_model import Requirement
from advisor_app.rules.context import Context, Placed
from advisor_app.rules.findings import Finding, Fix
from advisor_app.rules.placement import best_term


@dataclass(frozen=True, slots=True)
class RequirementStatus:
    """How far the plan meets one requirement, for the checklist and the PDF."""

    requirement: Requirement
    have: float  # courses, milestones or units that count
    need: float
    pending: float  # placeholders that would count once chosen
    satisfied_by: tuple[str, ...]
    missing: tuple[str, ...]  # all-of: the courses not yet in the plan
    waived: bool = False

    @property
    def met(self) -> bool:
        return self.waived or self.have >= self.need

    @property
    def planned(self) -> bool:
        """Met once the placeholders are chosen."""
        return self.met or self.have + self.pending >= self.need

    @property
    def progress(self) -> str:
        """ "2 of 3", "30 of 30 units", "1 of 1 (+1 more)": never "2 of 1"."""
        unit = " units" if self.requirement.kind == "units-from" else ""
        counted = min(self.have, self.need)
        text = f"{counted:g} of {self.need:g}{unit}"
        if self.have > self.need:
            text += f" (+{self.have - self.need:g} more)"
        if self.pending and not self.met:
            text += f" (+{min(self.pending, self.need - self.have):g} planned)"
        return text


def _counts_as(ctx: Context, p: Placed, req: Requirement, approved: set[str]) -> bool:
    if p.course is None or p.index is None:
        return False
    if p.course.category == "graduate-elective" and p.code not in approved:
        return False
    return "*" in req.categories or p.course.category in req.categories or p.code in req.courses


def evaluate(ctx: Context, approved_electives: set[str]) -> list[RequirementStatus]:
    statuses = []
    placed = ctx.in_track()
    for req in ctx.track.requirements:
        if req.kind == "all-of":
            need = Counter(req.courses)
            missing = []
            for code, times in need.items():
                missing += [code] * (times - min(times, ctx.counts.get(code, 0)))
            satisfied = tuple(c for c in need if ctx.counts.get(c))
            # A course the advisor credited (tested out) meets the requirement, and its finding
            # still shows as waived.
            credited = bool(missing) and all(c in ctx.credited for c in missing)
            statuses.append(
                RequirementStatus(
                    req,
                    len(req.courses) - len(missing),
                    len(req.courses),
                    0,
                    satisfied,
                    tuple(missing),
                    waived=credited,
                )
            )
        elif req.kind == "n-of":
            chosen: list[str] = []
            for p in placed:
                if p.code not in chosen and _counts_as(ctx, p, req, approved_electives):
                    chosen.append(p.code)
            done = [m for m in req.milestones if m in ctx.plan.milestones]
            # A slot counts only where whatever fills it would count (a technical-elective slot may not
            # be departmental).
            pending = sum(
                1 for p in placed if p.placeholder and p.placeholder.categories <= req.categories
            )
            statuses.append(
                RequirementStatus(
                    req, len(chosen) + len(done), req.n, pending, tuple(chosen + done), ()
                )
            )
        else:
            seen: set[str] = set()
            units = 0.0
            for p in placed:
                if p.code not in seen and _counts_as(ctx, p, req, approved_electives):
                    seen.add(p.code)
                    units += p.units * (
                        ctx.counts[p.code] if p.course and p.course.repeatable > 1 else 1
                    )
            units += sum(
                ctx.catalog.courses[c].units
                for c in ctx.credited
                if c in ctx.catalog.courses and c not in seen
            )
            planned_units = sum(p.placeholder.units for p in placed if p.placeholder)
            statuses.append(
                RequirementStatus(req, units, req.units, planned_units, tuple(sorted(seen)), ())
            )
    return statuses


def requirement_findings(ctx: Context, statuses: list[RequirementStatus]) -> Iterator[Finding]:
    for status in statuses:
        req = status.requirement
        rule = f"req.{req.id}"
        if req.kind == "all-of":
            for code in dict.fromkeys(status.missing):
                course = ctx.catalog.courses[code]
                target = best_term(ctx, code, prefer=0)
                fix = (
                    Fix("add", code, target, None, f"Add {code} to {ctx.label(target)}")
                    if target
                    else None
                )
                count = status.missing.count(code)
                times = (
                    f" ({count} more needed)"
                    if count > 1 or len(set(req.courses)) < len(req.courses)
                    else ""
                )
                yield Finding(
                    rule,
                    req.severity,
                    f"{req.label}: {code} {course.title} is not in the plan{times}",
                    (code,),
                    target,
                    fix,
                    requirement=req.id,
                    title=req.label,
                )
        elif not status.planned:
            short = status.need - status.have - status.pending
            if req.kind == "n-of":
                fix = _add_placeholder_fix(ctx, req)
                yield Finding(
                    rule,
                    req.severity,
                    f"{req.label}: {status.progress}; add {short:g} more",
                    (),
                    None,
                    fix,
                    requirement=req.id,
                    title=req.label,
                )
            else:
                yield Finding(
                    rule,
                    req.severity,
                    f"{req.label}: {status.progress}; {short:g} more units needed",
                    requirement=req.id,
                    title=req.label,
                )


def _add_placeholder_fix(ctx: Context, req: Requirement) -> Fix | None:
    # The most open elective slot that still certainly counts toward this requirement.
    options = sorted(
        (p for p in ctx.catalog.placeholders.values() if p.categories <= req.categories),
        key=lambda p: -len(p.categories),
    )
    if not options:
        return None
    entry = options[0].entry
    target = best_term(ctx, entry, prefer=0)
    if target is None:
        return None
    article = "an" if options[0].label[0] in "AEIOU" else "a"
    return Fix(
        "add", entry, target, None, f"Add {article} {options[0].label} slot to {ctx.label(target)}"
    )
