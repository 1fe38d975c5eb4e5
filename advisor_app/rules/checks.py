"""The rule families that look at placed entries: terms, codes, duplicates, offering, order, load."""

from collections import Counter
from collections.abc import Iterator

from advisor_app.domain.codes import course_level
from advisor_app.rules.context import Context, Placed
from advisor_app.rules.findings import Finding, Fix
from advisor_app.rules.placement import best_term, load_ok


def move_fix(ctx: Context, placed: Placed, prefer: int | None = None) -> Fix | None:
    target = best_term(ctx, placed.code, current=placed, prefer=prefer)
    if target is None:
        return None
    return Fix(
        "move", placed.entry, target, placed.term_id, f"Move {placed.code} to {ctx.label(target)}"
    )


def remove_fix(ctx: Context, placed: Placed) -> Fix:
    return Fix(
        "remove",
        placed.entry,
        None,
        placed.term_id,
        f"Remove {placed.entry} from {ctx.label(placed.term_id)}",
    )


def check_terms_and_codes(ctx: Context) -> Iterator[Finding]:
    """Entries outside the track's terms (program length), unknown codes, open placeholders."""
    last = len(ctx.track.terms) - 1
    for p in ctx.placed:
        if p.index is None:
            yield Finding(
                "length.outside-track",
                "error",
                f"{p.code} is in {p.term_id}, a term the {ctx.track.name} track does not have "
                f"(it ends {ctx.label(ctx.track.terms[-1].id)})",
                (p.code,),
                p.term_id,
                move_fix(ctx, p, prefer=last),
            )
        if p.course is None and p.placeholder is None:
            yield Finding(
                "course.unknown",
                "error",
                f"{p.entry} is not in the {ctx.catalog.catalog_year} catalog: check the code, "
                "or waive this with the approved course's details",
                (p.entry,),
                p.term_id,
                remove_fix(ctx, p),
            )
        elif p.placeholder is not None:
            yield Finding(
                "placeholder.unresolved",
                "warning",
                f"Choose a course for the {p.placeholder.label} slot in {ctx.label(p.term_id)}",
                (p.code,),
                p.term_id,
            )


def check_duplicates(ctx: Context) -> Iterator[Finding]:
    seen: Counter[str] = Counter()
    seen_in_term: set[tuple[str, str]] = set()
    for p in ctx.placed:
        if p.course is None:
            continue
        seen[p.code] += 1
        again_in_term = (p.code, p.term_id) in seen_in_term
        seen_in_term.add((p.code, p.term_id))
        if seen[p.code] > p.course.repeatable or again_in_term:
            times = (
                "once"
                if p.course.repeatable == 1
                else f"{p.course.repeatable} times, in different terms"
            )
            yield Finding(
                "course.duplicate",
                "error",
                f"{p.code} is placed more than once; it counts {times}",
                (p.code,),
                p.term_id,
                remove_fix(ctx, p),
            )


def check_offering(ctx: Context) -> Iterator[Finding]:
    mode = ctx.track.mode
    mode_name = "online students" if mode == "online" else "on-campus students"
    for p in ctx.in_track():
        if p.course is None or p.index is None:
            continue
        seasons = p.course.seasons_offered(mode)
        term = ctx.track.terms[p.index]
        if not seasons:
            yield Finding(
                "offering.modality",
                "error",
                f"{p.code} {p.course.title} is not offered to {mode_name}",
                (p.code,),
                p.term_id,
                remove_fix(ctx, p),
            )
        elif term.season not in seasons:
            offered = " and ".join(s.capitalize() for s in sorted(seasons, key=_season_order))
            yield Finding(
                "offering.term",
                "error",
                f"{p.code} is not offered in {term.season.capitalize()} to {mode_name} "
                f"(offered: {offered})",
                (p.code,),
                p.term_id,
                move_fix(ctx, p),
            )


def _season_order(season: str) -> int:
    return ("summer", "fall", "spring").index(season)


def check_order(ctx: Context) -> Iterator[Finding]:
    """Prerequisites in an earlier term, co-requisites in the same term or an earlier one."""
    required_elsewhere = {
        c for r in ctx.track.requirements if r.kind == "all-of" for c in r.courses
    }
    missing_reported: set[str] = set()
    for p in ctx.in_track():
        if p.course is None or p.index is None:
            continue
        for kind, needs in (
            ("prerequisite", p.course.prerequisites),
            ("corequisite", p.course.corequisites),
        ):
            for need in needs:
                if need in ctx.credited:
                    continue
                at = ctx.first.get(need)
                if at is None:
                    # A required course's absence is reported once, by its requirement.
                    if need in required_elsewhere or need in missing_reported:
                        continue
                    missing_reported.add(need)
                    target = best_term(ctx, need, prefer=0)
                    fix = (
                        Fix("add", need, target, None, f"Add {need} to {ctx.label(target)}")
                        if target
                        else None
                    )
                    yield Finding(
                        "prereq.missing",
                        "error",
                        f"{p.code} needs {need} {'before it' if kind == 'prerequisite' else 'alongside it'}, "
                        f"and {need} is not in the plan",
                        (p.code, need),
                        p.term_id,
                        fix,
                    )
                elif (kind == "prerequisite" and at >= p.index) or (
                    kind == "corequisite" and at > p.index
                ):
                    where = (
                        "an earlier term"
                        if kind == "prerequisite"
                        else "the same term or an earlier one"
                    )
                    need_term = ctx.track.terms[at].id
                    fix = move_fix(ctx, p)
                    if fix is None:
                        need_placed = next(
                            q for q in ctx.in_track() if q.code == need and q.index == at
                        )
                        fix = move_fix(ctx, need_placed)
                    yield Finding(
                        "prereq.order",
                        "error",
                        f"{p.code} ({ctx.label(p.term_id)}) needs {need} in {where}; "
                        f"{need} is in {ctx.label(need_term)}",
                        (p.code, need),
                        p.term_id,
                        fix,
                    )


def check_load(ctx: Context) -> Iterator[Finding]:
    track = ctx.track
    teaching_terms = [
        t for t in track.terms if t.season in ("fall", "spring") and t.level == "graduate"
    ]
    final_semester = teaching_terms[-1].id if teaching_terms else None
    for index, term in enumerate(track.terms):
        if term.level == "undergraduate":
            continue
        limit = track.limits.get(term.season)
        here = [p for p in ctx.in_term(index) if p.credit_bearing]
        if limit is None or not here:
            continue
        units = sum(p.units for p in here)
        label = ctx.label(term.id)
        codes = tuple(p.code for p in here)
        movable = _lightest_move(ctx, here)
        if limit.max_units is not None and units > limit.max_units:
            yield Finding(
                "load.units",
                "error",
                f"{label} carries {units:g} units; the limit is {limit.max_units:g}",
                codes,
                term.id,
                movable,
            )
        if limit.max_courses is not None and len(here) > limit.max_courses:
            yield Finding(
                "load.courses",
                "error",
                f"{label} has {len(here)} courses; at most {limit.max_courses} are allowed",
                codes,
                term.id,
                movable,
            )
        elif limit.advised_courses is not None and len(here) > limit.advised_courses:
            yield Finding(
                "load.advised",
                "warning",
                f"{label} has {len(here)} courses; the program advises at most "
                f"{limit.advised_courses}",
                codes,
                term.id,
                movable,
            )
        partial_ok = track.partial_final_term and term.id == final_semester
        if limit.f1_min_units is not None and units < limit.f1_min_units and not partial_ok:
            yield Finding(
                "load.f1-minimum",
                "info",
                f"{label} carries {units:g} units: F-1 visa students must carry at least "
                f"{limit.f1_min_units:g} in Fall and Spring",
                codes,
                term.id,
            )


def _lightest_move(ctx: Context, here: list[Placed]) -> Fix | None:
    for p in reversed(here):
        fix = move_fix(ctx, p)
        if fix and fix.to_term and load_ok(ctx, ctx.track.term_index[fix.to_term], p.units, p):
            return fix
    return None


def check_elective_approval(ctx: Context) -> Iterator[Finding]:
    for p in ctx.placed:
        if p.course is not None and p.course.category == "graduate-elective":
            yield Finding(
                "elective.approval",
                "warning",
                f"{p.code} {p.course.title} is not on the approved elective list: it counts as a "
                "technical elective with the instructor's and the AIPI director's approval "
                "(record the approval as a waiver)",
                (p.code,),
                p.term_id,
            )


def check_undergraduate_terms(ctx: Context) -> Iterator[Finding]:
    """4+1: what a senior may take toward the MEng, and the internship between the degrees."""
    track = ctx.track
    ug_indexes = [i for i, t in enumerate(track.terms) if t.level == "undergraduate"]
    counted: list[Placed] = []
    for index in ug_indexes:
        for p in ctx.in_term(index):
            if p.code == "MENG 550":
                continue
            level = course_level(p.code)
            minimum = track.undergraduate_min_level
            if minimum is not None and level is not None and level < minimum:
                yield Finding(
                    "bse.undergraduate-level",
                    "error",
                    f"{p.code} is below the {minimum} level: only graduate courses taken "
                    "as an undergraduate count toward the MEng",
                    (p.code,),
                    p.term_id,
                    remove_fix(ctx, p),
                )
            elif p.credit_bearing:
                counted.append(p)
    cap = track.undergraduate_max_courses
    if cap is not None:
        for p in counted[cap:]:
            yield Finding(
                "bse.undergraduate-limit",
                "error",
                f"{p.code}: at most {cap} graduate courses taken as an undergraduate count "
                "toward the MEng",
                (p.code,),
                p.term_id,
                move_fix(ctx, p),
            )
    credited = tuple(p.code for p in counted[:cap] if p.course is not None)
    if credited:
        yield Finding(
            "bse.undergraduate-credit",
            "info",
            "Courses taken as an undergraduate count toward the MEng only with a B or "
            "better, and never also toward the bachelor's: " + ", ".join(credited),
            credited,
        )
    if track.internship_term:
        for p in ctx.placed:
            if p.code == "MENG 550" and p.term_id != track.internship_term:
                yield Finding(
                    "bse.internship-term",
                    "error",
                    f"The 4+1 internship falls in the summer between the two degrees "
                    f"({ctx.label(track.internship_term)})",
                    (p.code,),
                    p.term_id,
                    Fix(
                        "move",
                        p.entry,
                        track.internship_term,
                        p.term_id,
                        f"Move MENG 550 to {ctx.label(track.internship_term)}",
                    ),
                )
