"""The advisor's exceptions, applied in one place before anything is counted.

- substitute: the `with` course fills `course`'s place in the requirement, and counts nowhere else;
  it also stands for `course` wherever the order of courses matters.
- waive-course: `course` is waived from the requirement (it stands as done for prerequisites) and
  the requirement named by `replace_with` (by default, the replacement the requirement names in
  the catalog: a waived core course is replaced by an additional technical elective) needs one
  more course. Only a requirement that names its courses can waive one, and a course is waived
  once.
- apply: a course counts toward a requirement (and, for a graduate course outside the approved
  list, that is the director's approval). A course that a requirement names (a core course, the
  capstone, the bootcamp) counts there and cannot be applied elsewhere too: a course counts once.
- waive-finding: a finding is accepted. On a requirement's missing course it waives the course as
  waive-course does, with the replacement the requirement names in the catalog (a waived core
  course is replaced by an additional technical elective), and the finding stays as an info line.

An exception that no longer matches anything is reported (`exception.unused`, a warning) with a
fix that removes it.
"""

from collections import Counter
from collections.abc import Iterator, Mapping

from msgspec import Struct, field

from advisor_app.domain.catalog_model import Requirement
from advisor_app.domain.plan import APPLY, SUBSTITUTE, WAIVE_COURSE, WAIVE_FINDING, Decision
from advisor_app.rules.context import Context
from advisor_app.rules.findings import RULE_TITLES, Finding, Fix


class Adjustments(Struct):
    # requirement id -> {course it stands for: the substitute}
    substitutes: dict[str, dict[str, str]] = field(default_factory=dict)
    # requirement id -> courses waived from it
    waived: dict[str, set[str]] = field(default_factory=dict)
    # requirement id -> how many more courses it needs (replacing waived ones)
    extra_needed: Counter[str] = field(default_factory=Counter)
    # requirement id -> courses counted toward it by the advisor
    applied: dict[str, list[str]] = field(default_factory=dict)
    # graduate courses outside the approved list that the advisor approved (by counting them
    # toward a requirement, or as a substitute)
    approved: set[str] = field(default_factory=set)
    # ... or by accepting the finding that asks for the approval (it stays as an info line)
    approved_by_waiver: set[str] = field(default_factory=set)
    # substitutes: they count toward the requirement they fill and nowhere else
    reserved: set[str] = field(default_factory=set)
    # exceptions that match nothing, with the reason
    unused: list[tuple[Decision, str]] = field(default_factory=list)
    # waive-finding exceptions that waived a requirement's course (they are used)
    course_waivers: set[Decision] = field(default_factory=set)


def adjust(ctx: Context) -> Adjustments:
    result = Adjustments()
    requirements = {r.id: r for r in ctx.track.requirements}
    for decision in ctx.plan.exceptions:
        if decision.kind == WAIVE_FINDING:
            _waive_finding(ctx, requirements, decision, result)
            continue
        requirement = requirements.get(decision.requirement)
        if requirement is None:
            result.unused.append(
                (
                    decision,
                    f"the {ctx.track.name} track has no requirement '{decision.requirement}'",
                )
            )
            continue
        course = ctx.catalog.canonical(decision.course)
        if decision.kind == SUBSTITUTE:
            _substitute(ctx, requirement, course, decision, result)
        elif decision.kind == WAIVE_COURSE:
            _waive_course(ctx, requirements, requirement, course, decision, result)
        elif decision.kind == APPLY:
            _apply(ctx, requirement, course, decision, result)
    return result


def _substitute(
    ctx: Context, requirement: Requirement, course: str, decision: Decision, result: Adjustments
) -> None:
    with_course = ctx.catalog.canonical(decision.with_course)
    if requirement.kind != "all-of":  # an elective's place: the substitute simply counts there
        _apply(ctx, requirement, with_course, decision, result)
        return
    if course not in requirement.courses:
        result.unused.append((decision, f"{course} is not part of {requirement.label}"))
        return
    if course in ctx.first:
        result.unused.append((decision, f"{course} is in the plan itself"))
        return
    result.substitutes.setdefault(requirement.id, {})[course] = with_course
    result.reserved.add(with_course)
    result.approved.add(with_course)


def _waive_course(
    ctx: Context,
    requirements: dict[str, Requirement],
    requirement: Requirement,
    course: str,
    decision: Decision,
    result: Adjustments,
) -> None:
    if requirement.kind != "all-of":
        result.unused.append(
            (
                decision,
                f"{requirement.label} counts courses without naming them: there is no course to "
                "waive (accept its finding instead)",
            )
        )
        return
    if course not in requirement.courses:
        result.unused.append((decision, f"{course} is not part of {requirement.label}"))
        return
    if course in ctx.first:
        result.unused.append((decision, f"{course} is in the plan, so it counts as it is"))
        return
    if course in result.waived.get(requirement.id, set()):
        result.unused.append((decision, f"another exception waives {course} already"))
        return
    replacement = decision.replace_with or requirement.replaced_by
    if replacement and replacement not in requirements:
        result.unused.append(
            (decision, f"the {ctx.track.name} track has no requirement '{replacement}'")
        )
        return
    if replacement and requirements[replacement].kind == "all-of":
        label = requirements[replacement].label
        result.unused.append(
            (decision, f"{label} names its courses: it cannot take one more in {course}'s place")
        )
        return
    result.waived.setdefault(requirement.id, set()).add(course)
    if replacement:
        result.extra_needed[replacement] += 1


def _apply(
    ctx: Context, requirement: Requirement, course: str, decision: Decision, result: Adjustments
) -> None:
    if requirement.kind == "all-of":
        result.unused.append(
            (decision, f"{requirement.label} names its courses; use a substitution instead")
        )
        return
    if course not in ctx.first:
        result.unused.append((decision, f"{course} is not in the plan"))
        return
    known = ctx.catalog.courses.get(course)
    counts_anyway = (
        known is not None
        and known.category != "graduate-elective"
        and (known.category in requirement.categories or "*" in requirement.categories)
    )
    if counts_anyway:
        result.unused.append((decision, f"{course} counts toward {requirement.label} anyway"))
        return
    named_by = next(
        (r for r in ctx.track.requirements if r.kind == "all-of" and course in r.courses), None
    )
    if named_by is not None:
        result.unused.append(
            (decision, f"{course} counts toward {named_by.label}: a course counts once")
        )
        return
    result.applied.setdefault(requirement.id, []).append(course)
    result.approved.add(course)


def _waive_finding(
    ctx: Context,
    requirements: dict[str, Requirement],
    decision: Decision,
    result: Adjustments,
) -> None:
    if decision.rule == "elective.approval" and decision.course:
        result.approved_by_waiver.add(ctx.catalog.canonical(decision.course))
        return
    if not decision.rule.startswith("req.") or not decision.course:
        return
    requirement = requirements.get(decision.rule.removeprefix("req."))
    course = ctx.catalog.canonical(decision.course)
    if requirement is None or requirement.kind != "all-of" or course not in requirement.courses:
        return
    if course in ctx.first:
        return  # the finding it waives is not there: reported as unused with the others
    if course in result.waived.get(requirement.id, set()):
        result.unused.append((decision, f"another exception waives {course} already"))
        return
    result.waived.setdefault(requirement.id, set()).add(course)
    result.course_waivers.add(decision)
    if requirement.replaced_by and requirement.replaced_by in requirements:
        result.extra_needed[requirement.replaced_by] += 1


def credited_courses(ctx: Context, adjustments: Adjustments) -> frozenset[str]:
    """Courses that stand as done without being placed: waived ones (a tested-out bootcamp
    still opens the courses that need it)."""
    return frozenset(c for courses in adjustments.waived.values() for c in courses)


def unused_findings(
    ctx: Context, adjustments: Adjustments, findings: list[Finding]
) -> Iterator[Finding]:
    """`exception.unused` for every exception that matches nothing, with a fix that removes it."""
    unused = list(adjustments.unused)
    reported = {id(decision) for decision, _ in adjustments.unused}
    for decision in ctx.plan.exceptions:
        if (
            decision.kind != WAIVE_FINDING
            or decision in adjustments.course_waivers
            or id(decision) in reported
        ):
            continue
        if any(
            f.waived and decision.matches(f.rule, f.courses) for f in findings
        ) or _waives_requirement(ctx, decision):
            continue
        unused.append((decision, "it matches no finding of the plan"))
    for decision, why in unused:
        text = _quoted(describe(decision, requirement_labels(ctx)))
        yield Finding(
            "exception.unused",
            "warning",
            f"The exception {text} no longer applies: {why}",
            (ctx.catalog.canonical(decision.course),) if decision.course else (),
            fix=Fix(
                "remove-exception",
                decision.course,
                description=f"Remove the exception {text}",
                exception=decision,
            ),
        )


def _quoted(text: str) -> str:
    """“text”, unless it opens with a quotation of its own (“Too many units” accepted)."""
    return text if text.startswith("“") else f"“{text}”"


def _waives_requirement(ctx: Context, decision: Decision) -> bool:
    rule = decision.rule
    return (
        rule.startswith("req.")
        and not decision.course
        and any(f"req.{r.id}" == rule for r in ctx.track.requirements)
    )


def describe(decision: Decision, labels: Mapping[str, str] | None = None) -> str:
    """An exception in plain words, for the window, the PDF and messages. `labels` maps
    requirement ids to their labels (a track's); ids are shown where a label is unknown."""
    labels = labels or {}

    def requirement(rid: str) -> str:
        return labels.get(rid, rid)

    if decision.kind == SUBSTITUTE:
        return (
            f"{decision.with_course} in place of {decision.course} "
            f"({requirement(decision.requirement)})"
        )
    if decision.kind == WAIVE_COURSE:
        more = (
            f"; one more course of {requirement(decision.replace_with)}"
            if decision.replace_with
            else ""
        )
        return f"{decision.course} waived from {requirement(decision.requirement)}{more}"
    if decision.kind == APPLY:
        return f"{decision.course} counts toward {requirement(decision.requirement)}"
    rule = decision.rule
    title = (
        requirement(rule.removeprefix("req."))
        if rule.startswith("req.")
        else RULE_TITLES.get(rule, rule)
    )
    about = f" for {decision.course}" if decision.course else ""
    return f"“{title}” accepted{about}"


def requirement_labels(ctx: Context) -> dict[str, str]:
    return {r.id: r.label for r in ctx.track.requirements}
