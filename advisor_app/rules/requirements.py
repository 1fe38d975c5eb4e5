"""The requirement tree of a track: progress for the checklist, findings for what is unmet.

Counting follows the advisor's exceptions (rules/exceptions.py): a substitute fills its course's
place and counts nowhere else; a waived course is not needed (and its replacement is); a course
applied to a requirement counts there. Courses the student's record rules out (rules/records.py)
do not count.
"""

from collections.abc import Iterator

from msgspec import Struct

from advisor_app.domain.catalog_model import Requirement
from advisor_app.rules.context import Context, Placed
from advisor_app.rules.exceptions import Adjustments
from advisor_app.rules.findings import Finding, Proposals
from advisor_app.rules.fixes import add_candidates


class RequirementStatus(Struct, frozen=True):
    """How far the plan meets one requirement, for the checklist and the PDF."""

    requirement: Requirement
    have: float  # courses, milestones or units that count
    need: float
    pending: float  # placeholders that would count once chosen
    satisfied_by: tuple[str, ...]
    missing: tuple[str, ...]  # all-of: the courses not yet in the plan
    waived: bool = False
    # all-of: courses waived from it, and substitutes (course -> the course in its place)
    waived_courses: tuple[str, ...] = ()
    substitutes: tuple[tuple[str, str], ...] = ()

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


def evaluate(ctx: Context, adjustments: Adjustments, excluded: set[int]) -> list[RequirementStatus]:
    in_track = ctx.in_track()
    counting = [p for p in in_track if id(p) not in excluded] if excluded else in_track
    approved = adjustments.approved | adjustments.approved_by_waiver
    present: dict[str, int] = {}
    for p in counting:
        if p.course is not None:
            present[p.code] = present.get(p.code, 0) + 1
    whole = {w.rule for w in ctx.plan.waivers if not w.course}
    statuses = []
    for req, needed in zip(ctx.track.requirements, ctx.facts.needed, strict=True):
        if req.kind == "all-of":
            statuses.append(_all_of(req, needed, adjustments, present, whole))
        elif req.kind == "n-of":
            statuses.append(_n_of(ctx, req, adjustments, counting, approved, whole))
        else:
            statuses.append(_units_from(ctx, req, counting, approved, whole))
    return statuses


def _all_of(
    req: Requirement,
    needed: tuple[tuple[str, int], ...],
    adjustments: Adjustments,
    present: dict[str, int],
    whole: set[str],
) -> RequirementStatus:
    """`needed`: each course the requirement names, once, with how many times it is needed."""
    waived = adjustments.waived.get(req.id, set())
    substitutes = adjustments.substitutes.get(req.id, {})
    if waived:
        needed = tuple((code, times) for code, times in needed if code not in waived)
    missing: list[str] = []
    satisfied: list[str] = []
    for code, times in needed:
        stand_in = substitutes.get(code) if substitutes else None
        have = present.get(code, 0) or (1 if stand_in and present.get(stand_in) else 0)
        if have:
            satisfied.append(stand_in if not present.get(code) and stand_in else code)
        if have < times:
            missing += [stand_in or code] * (times - have)
    total = sum(times for _, times in needed)
    return RequirementStatus(
        req,
        total - len(missing),
        total,
        0,
        tuple(satisfied),
        tuple(missing),
        waived=(bool(whole) and f"req.{req.id}" in whole) or (total == 0 and bool(waived)),
        waived_courses=tuple(sorted(waived)) if waived else (),
        substitutes=tuple(sorted(substitutes.items())) if substitutes else (),
    )


def _n_of(
    ctx: Context,
    req: Requirement,
    adjustments: Adjustments,
    counting: list[Placed],
    approved: set[str],
    whole: set[str],
) -> RequirementStatus:
    # A course counts where the advisor applied it; else, unless it is a substitute (it counts
    # only where it stands in) or a graduate elective not approved, where its category or code
    # is named.
    reserved = adjustments.reserved
    applied = adjustments.applied.get(req.id, ())
    categories, courses = req.categories, req.courses
    chosen: dict[str, None] = {}
    for p in counting:
        course, code = p.course, p.code
        if course is None or code in chosen or code in reserved:
            continue
        if code in applied or (
            (course.category != "graduate-elective" or code in approved)
            and (course.category in categories or code in courses)
        ):
            chosen[code] = None
    for code in adjustments.substitutes.get(req.id, {}).values():  # an elective's substitute
        if code not in chosen and any(p.code == code for p in counting):
            chosen[code] = None
    done = [m for m in req.milestones if m in ctx.plan.milestones]
    # A slot counts only where whatever fills it would count (a technical-elective slot may not
    # be departmental).
    pending = sum(1 for p in counting if p.placeholder and p.placeholder.categories <= categories)
    need = req.n + adjustments.extra_needed.get(req.id, 0)
    return RequirementStatus(
        req,
        len(chosen) + len(done),
        need,
        pending,
        (*chosen, *done),
        (),
        waived=bool(whole) and f"req.{req.id}" in whole,
    )


def _units_from(
    ctx: Context, req: Requirement, counting: list[Placed], approved: set[str], whole: set[str]
) -> RequirementStatus:
    seen: set[str] = set()
    units = 0.0
    any_category = "*" in req.categories
    for p in counting:
        course, code = p.course, p.code
        if course is None or code in seen:
            continue
        if course.category == "graduate-elective" and code not in approved:
            continue
        if any_category or course.category in req.categories:
            seen.add(code)
            times = ctx.counts[code] if course.repeatable > 1 else 1
            units += p.units * min(times, course.repeatable)
    planned_units = sum(p.placeholder.units for p in counting if p.placeholder)
    return RequirementStatus(
        req,
        units,
        req.units,
        planned_units,
        tuple(sorted(seen)),
        (),
        waived=bool(whole) and f"req.{req.id}" in whole,
    )


def requirement_findings(ctx: Context, statuses: list[RequirementStatus]) -> Iterator[Finding]:
    for status in statuses:
        req = status.requirement
        if req.kind == "all-of" and not status.missing and not status.waived_courses:
            continue  # nothing to say
        rule = f"req.{req.id}"
        if req.kind == "all-of":
            stands_for = {v: k for k, v in status.substitutes}
            for code in dict.fromkeys(status.missing):
                course = ctx.catalog.courses.get(code)
                title = course.title if course else "a course outside the catalog"
                count = status.missing.count(code)
                times = (
                    f" ({count} more needed)"
                    if count > 1 or len(set(req.courses)) < len(req.courses)
                    else ""
                )
                instead = f" (in place of {stands_for[code]})" if code in stands_for else ""
                # In the plan but ruled out by its record (not passed, a 4+1 grade below B).
                where = (
                    "is in the plan but does not count (see its record)"
                    if code in ctx.first
                    else "is not in the plan"
                )
                yield Finding(
                    rule,
                    req.severity,
                    f"{req.label}: {code} {title}{instead} {where}{times}",
                    (stands_for.get(code, code),),
                    None,
                    requirement=req.id,
                    title=req.label,
                    proposals=_add(ctx, code) if course else None,
                )
            for code in status.waived_courses:
                yield _waived_course_line(ctx, req, code)
        elif not status.planned:
            short = status.need - status.have - status.pending
            if req.kind == "n-of":
                # A milestone alone (the online employer project) is marked done, not added.
                todo = (
                    "mark it done once it is confirmed (its box in the requirements panel)"
                    if req.milestones and not req.courses and not req.categories
                    else f"add {short:g} more"
                )
                yield Finding(
                    rule,
                    req.severity,
                    f"{req.label}: {status.progress}; {todo}",
                    (),
                    None,
                    requirement=req.id,
                    title=req.label,
                    proposals=_add_slot(ctx, req),
                )
            else:
                yield Finding(
                    rule,
                    req.severity,
                    f"{req.label}: {status.progress}; {short:g} more units needed",
                    requirement=req.id,
                    title=req.label,
                )


def _waived_course_line(ctx: Context, req: Requirement, code: str) -> Finding:
    """A waived course's finding, kept visible: the engine turns it into an info line with the
    reason of the exception that waived it."""
    course = ctx.catalog.courses.get(code)
    return Finding(
        f"req.{req.id}",
        req.severity,
        f"{req.label}: {code} {course.title if course else ''} is not in the plan".replace(
            "  ", " "
        ),
        (code,),
        None,
        requirement=req.id,
        title=req.label,
    )


def _add(ctx: Context, code: str) -> Proposals:
    course = ctx.catalog.courses.get(code)
    # A course that goes with another (the assessment with the internship) goes where it is.
    prefer = next((ctx.first[c] for c in course.corequisites if c in ctx.first), 0) if course else 0
    return lambda: add_candidates(ctx, code, prefer)


def _add_slot(ctx: Context, req: Requirement) -> Proposals | None:
    # The most open elective slot that still certainly counts toward this requirement.
    options = sorted(
        (p for p in ctx.catalog.placeholders.values() if p.categories <= req.categories),
        key=lambda p: -len(p.categories),
    )
    if not options:
        return None
    entry = options[0].entry
    return lambda: add_candidates(ctx, entry, 0)
