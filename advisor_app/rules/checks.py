"""The rule families that look at placed entries: terms, codes, duplicates, offering, order, load.

Each finding names its candidate fixes lazily (`proposals`): they are worked out and verified
only when a report's fixes are asked for (rules/fixes.py).
"""

from collections.abc import Iterator
from functools import lru_cache

from advisor_app.domain.catalog_model import Term
from advisor_app.rules.context import Context, Placed
from advisor_app.rules.findings import Finding, Fix, Proposals
from advisor_app.rules.fixes import add_candidates, entry_name, move_candidates, remove_fix
from advisor_app.rules.placement import load_ok, season_ok


def _moves(ctx: Context, placed: Placed, prefer: int | None = None) -> Proposals:
    return lambda: move_candidates(ctx, placed, prefer)


def _removal(ctx: Context, placed: Placed) -> Proposals:
    return lambda: [remove_fix(ctx, placed)]


def check_terms_and_codes(ctx: Context) -> Iterator[Finding]:
    """Entries outside the track's terms (program length), unknown codes, open placeholders, and
    the MD column holding MD courses only."""
    last = len(ctx.track.terms) - 1
    for p in ctx.placed:
        if p.index is None:
            yield Finding(
                "length.outside-track",
                "error",
                f"{p.entry} is in {ctx.label(p.term_id)}, a term the {ctx.track.name} track does "
                f"not have (it ends {ctx.label(ctx.track.terms[-1].id)})",
                (p.code,),
                p.term_id,
                proposals=_moves(ctx, p, prefer=last),
            )
        elif ctx.track.terms[p.index].level == "medical" and not _is_md_course(ctx, p):
            yield Finding(
                "term.medical-only",
                "error",
                f"{p.entry} is not an MD course: the {ctx.track.terms[p.index].name} column holds "
                "the MD courses credited toward the MEng",
                (p.code,),
                p.term_id,
                proposals=_moves(ctx, p),
            )
        elif (
            _is_md_course(ctx, p)
            and ctx.track.terms[p.index].level != "medical"
            and (column := _md_column(ctx)) is not None
        ):
            yield Finding(
                "term.medical-only",
                "error",
                f"{_sentence_start(entry_name(ctx, p.code, p.entry))} is an MD course: it goes in "
                f"the {column.name} column, with the MD courses credited toward the MEng, not in "
                f"{ctx.label(p.term_id)}",
                (p.code,),
                p.term_id,
                proposals=_moves(ctx, p),
            )
        if p.course is None and p.placeholder is None:
            yield Finding(
                "course.unknown",
                "error",
                f"{p.entry} is not in the catalog (facts of {ctx.catalog.catalog_year}): check "
                "the code, or enter it as an approved course from outside the catalog",
                (p.code,),
                p.term_id,
                proposals=_removal(ctx, p),
            )
        elif (
            p.course is not None
            and p.course.external
            and p.course.category not in (ctx.catalog.categories)
        ):
            yield Finding(
                "course.unknown",
                "error",
                f"{p.entry} (entered by the advisor) has the category "
                f"“{p.course.category}”, which the catalog does not have",
                (p.code,),
                p.term_id,
            )
        elif p.placeholder is not None:
            yield Finding(
                "placeholder.unresolved",
                "warning",
                f"Choose a course for the {p.placeholder.label} slot in {ctx.label(p.term_id)}",
                (p.code,),
                p.term_id,
            )
            if (
                p.index is not None
                and not _is_md_course(ctx, p)  # an MD slot out of its column is said above
                and not season_ok(ctx, p.code, ctx.track.terms[p.index])
            ):
                # Whatever filled it would not be offered there (found in review).
                yield Finding(
                    "offering.term",
                    "warning",
                    f"The {p.placeholder.label} slot is in {ctx.label(p.term_id)}, when no such "
                    "elective runs: electives are offered in Fall and Spring",
                    (p.code,),
                    p.term_id,
                    proposals=_moves(ctx, p),
                )


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]  # "The MD Course slot", "MDX 3" as it is


def _md_column(ctx: Context) -> Term | None:
    """The track's MD curriculum column (MD+MEng), if it has one."""
    return ctx.facts.md_column


def _is_md_course(ctx: Context, p: Placed) -> bool:
    if p.course is not None:
        return p.course.category == "md-course"
    return p.placeholder is not None and "md-course" in p.placeholder.categories


def check_duplicates(ctx: Context) -> Iterator[Finding]:
    """A course planned twice, including under two codes of one cross-listed course."""
    seen: dict[str, int] = {}
    spellings: dict[str, list[str]] = {}
    seen_in_term: set[tuple[str, str]] = set()
    for p in ctx.placed:
        if p.course is None:
            continue
        times_placed = seen[p.code] = seen.get(p.code, 0) + 1
        names = spellings.setdefault(p.code, [])
        if p.entry not in names:
            names.append(p.entry)
        where = (p.code, p.term_id)
        again_in_term = where in seen_in_term
        seen_in_term.add(where)
        if times_placed > p.course.repeatable or again_in_term:
            if len(names) > 1:
                message = (
                    f"{' and '.join(names)} are one course (cross-listed): it is planned twice "
                    "and counts once"
                )
            else:
                times = (
                    "once"
                    if p.course.repeatable == 1
                    else f"{p.course.repeatable} times, in different terms"
                )
                message = f"{p.entry} is placed more than once; it counts {times}"
            yield Finding(
                "course.duplicate",
                "error",
                message,
                (p.code,),
                p.term_id,
                proposals=_removal(ctx, p),
            )


def check_offering(ctx: Context) -> Iterator[Finding]:
    """Courses in a season or mode they are not offered in. A course completed or in progress is
    a fact of the record and is not checked again."""
    mode = ctx.track.mode
    mode_name = "online students" if mode == "online" else "on-campus students"
    for p in ctx.in_track():
        if p.course is None or p.index is None or p.taken:
            continue
        term = ctx.track.terms[p.index]
        if term.level == "medical" or p.course.category == "md-course":
            continue
        if p.course.external:
            if mode == "online":
                yield _unconfirmed(ctx, p, "entered by the advisor")
            continue
        seasons = p.course.seasons_offered(mode)
        if not seasons:
            yield Finding(
                "offering.modality",
                "error",
                f"{p.entry} {p.course.title} is not offered to {mode_name}",
                (p.code,),
                p.term_id,
                proposals=_removal(ctx, p),
            )
        elif term.season not in seasons:
            yield Finding(
                "offering.term",
                "error",
                f"{p.entry} is not offered in {term.season.capitalize()} to {mode_name} "
                f"(offered: {_seasons_text(seasons)})",
                (p.code,),
                p.term_id,
                proposals=_moves(ctx, p),
            )
        elif mode in p.course.unconfirmed_modes:
            yield _unconfirmed(ctx, p, "no published page says it runs online")


def _unconfirmed(ctx: Context, p: Placed, why: str) -> Finding:
    return Finding(
        "offering.unconfirmed",
        "warning",
        f"{p.entry}: check online availability with the department ({why})",
        (p.code,),
        p.term_id,
    )


_SEASONS = ("summer", "fall", "spring")


@lru_cache(maxsize=16)  # a handful of season sets, each on many findings of a hostile plan
def _seasons_text(seasons: frozenset[str]) -> str:
    """ "Fall and Spring", in the order of the year."""
    return " and ".join(s.capitalize() for s in _SEASONS if s in seasons)


def check_order(ctx: Context) -> Iterator[Finding]:
    """Prerequisites in an earlier term, co-requisites in the same term or an earlier one, and
    courses that come only after the program's first semesters (the internship, the thesis)."""
    required_elsewhere = ctx.facts.required
    missing_reported: set[str] = set()
    for p in ctx.in_track():
        if p.course is None or p.index is None:
            continue
        if not (p.course.after_semesters or p.course.prerequisites or p.course.corequisites):
            continue  # most courses: nothing to put in order
        if p.course.after_semesters and not p.taken:
            before = ctx.semesters_before(p.index)
            if before < p.course.after_semesters:
                yield Finding(
                    "prereq.semesters",
                    "error",
                    f"{p.entry} comes after the program's first {p.course.after_semesters} "
                    f"semesters (fall or spring); {ctx.label(p.term_id)} comes after {before}",
                    (p.code,),
                    p.term_id,
                    proposals=_moves(ctx, p),
                )
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
                    where = "before it" if kind == "prerequisite" else "alongside it"
                    yield Finding(
                        "prereq.missing",
                        "error",
                        f"{p.entry} needs {need} {where}, and {need} is not in the plan",
                        (p.code, need),
                        p.term_id,
                        proposals=_adds(ctx, need, p.index if kind == "corequisite" else 0),
                    )
                elif (kind == "prerequisite" and at >= p.index) or (
                    kind == "corequisite" and at > p.index
                ):
                    where = (
                        "an earlier term"
                        if kind == "prerequisite"
                        else "the same term or an earlier one"
                    )
                    need_placed = next(q for q in ctx.in_term(at) if q.code == need)
                    yield Finding(
                        "prereq.order",
                        "error",
                        f"{p.entry} ({ctx.label(p.term_id)}) needs {need} in {where}; "
                        f"{need} is in {ctx.label(ctx.track.terms[at].id)}",
                        (p.code, need),
                        p.term_id,
                        proposals=_either(ctx, p, need_placed),
                    )


def _adds(ctx: Context, code: str, prefer: int) -> Proposals:
    return lambda: add_candidates(ctx, code, prefer)


def _either(ctx: Context, first: Placed, second: Placed) -> Proposals:
    def proposals() -> Iterator[Fix]:
        yield from move_candidates(ctx, first)
        yield from move_candidates(ctx, second)

    return proposals


def check_load(ctx: Context) -> Iterator[Finding]:
    track = ctx.track
    final_semester = ctx.facts.final_semester
    for index in sorted(ctx.by_term):
        term = track.terms[index]
        if term.level != "graduate":
            continue
        limit = track.limits.get(term.season)
        here = [p for p in ctx.by_term[index] if p.units > 0]
        if limit is None or not here:
            continue
        units = sum(p.units for p in here)
        codes = tuple(p.code for p in here)
        movable = _lighten(ctx, here)
        if limit.max_units is not None and units > limit.max_units:
            yield Finding(
                "load.units",
                "error",
                f"{ctx.label(term.id)} carries {units:g} units; the limit is {limit.max_units:g}",
                codes,
                term.id,
                proposals=movable,
            )
        if limit.max_courses is not None and len(here) > limit.max_courses:
            yield Finding(
                "load.courses",
                "error",
                f"{ctx.label(term.id)} has {len(here)} courses; at most {limit.max_courses} are "
                "allowed",
                codes,
                term.id,
                proposals=movable,
            )
        elif limit.advised_courses is not None and len(here) > limit.advised_courses:
            yield Finding(
                "load.advised",
                "warning",
                f"{ctx.label(term.id)} has {len(here)} courses; the program advises at most "
                f"{limit.advised_courses}",
                codes,
                term.id,
                proposals=movable,
            )
        partial_ok = track.partial_final_term and term.id == final_semester
        if limit.f1_min_units is not None and units < limit.f1_min_units and not partial_ok:
            yield Finding(
                "load.f1-minimum",
                "info",
                f"{ctx.label(term.id)} carries {units:g} units: F-1 visa students must carry at "
                f"least {limit.f1_min_units:g} in Fall and Spring",
                codes,
                term.id,
            )


def _lighten(ctx: Context, here: list[Placed]) -> Proposals:
    """Moves of the term's planned courses (last first) to a term where they fit."""

    def proposals() -> Iterator[Fix]:
        for p in reversed(here):
            if p.taken:
                continue
            for fix in move_candidates(ctx, p):
                target = ctx.track.term_index.get(fix.to_term or "")
                if target is not None and load_ok(ctx, target, p.units, p):
                    yield fix
                    break

    return proposals


def check_elective_approval(ctx: Context, approved: set[str]) -> Iterator[Finding]:
    for p in ctx.placed:
        if p.course is not None and p.course.category == "graduate-elective":
            if p.code in approved:
                continue
            yield Finding(
                "elective.approval",
                "warning",
                f"{p.entry} {p.course.title} is not on the approved elective list: it counts as "
                "a technical elective with the instructor's and the AIPI director's approval "
                "(record the approval as an exception: count it toward the technical electives)",
                (p.code,),
                p.term_id,
            )
