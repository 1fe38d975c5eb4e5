"""Where an entry may go: the terms behind every suggested "move" or "add" fix, best first."""

from collections.abc import Iterator

from advisor_app.domain.catalog_model import Term
from advisor_app.domain.codes import course_level
from advisor_app.rules.context import Context, Placed

_ELECTIVE_SEASONS = frozenset({"fall", "spring"})


def season_ok(ctx: Context, code: str, term: Term) -> bool:
    course = ctx.catalog.courses.get(code)
    placeholder = None if course else ctx.catalog.placeholder(code)
    md = (
        (course.category == "md-course")
        if course
        else bool(placeholder and "md-course" in placeholder.categories)
    )
    if term.level == "medical":  # the MD column holds MD courses only
        return md
    if md:  # MD courses (and their slots) in the MD column, where the track has one
        return not any(t.level == "medical" for t in ctx.track.terms)
    if course is None:
        return term.season in _ELECTIVE_SEASONS  # placeholders: electives run in Fall and Spring
    return term.season in course.seasons_offered(ctx.track.mode)


def order_ok(ctx: Context, code: str, index: int, ignore: Placed | None = None) -> bool:
    """Whether `code` at term `index` keeps every prerequisite before and every dependent after."""
    course = ctx.catalog.courses.get(code)
    if course:
        for pre in course.prerequisites:
            at = ctx.first.get(pre)
            if at is not None and at >= index:
                return False
        for co in course.corequisites:
            at = ctx.first.get(co)
            if at is not None and at > index:
                return False
        if course.after_semesters and ctx.semesters_before(index) < course.after_semesters:
            return False
    for other in ctx.in_track():
        if other is ignore or other.course is None or other.index is None:
            continue
        if code in other.course.prerequisites and other.index <= index:
            return False
        if code in other.course.corequisites and other.index < index:
            return False
    return True


def _load_after(ctx: Context, index: int, extra: Placed | None, units: float) -> tuple[int, float]:
    courses = [p for p in ctx.in_term(index) if p.credit_bearing and p is not extra]
    return len(courses) + (1 if units > 0 else 0), sum(p.units for p in courses) + units


def load_ok(ctx: Context, index: int, units: float, moving: Placed | None = None) -> bool:
    term = ctx.track.terms[index]
    if term.level == "medical":
        return True
    if term.level == "undergraduate":
        cap = ctx.track.undergraduate_max_courses
        counted = sum(
            1
            for i, t in enumerate(ctx.track.terms)
            if t.level == "undergraduate"
            for p in ctx.in_term(i)
            if p.credit_bearing and p is not moving and p.code != "MENG 550"
        )
        return cap is None or units == 0 or counted + 1 <= cap
    limit = ctx.track.limits.get(term.season)
    if limit is None or units == 0:
        return True
    count, total = _load_after(ctx, index, moving, units)
    caps = [c for c in (limit.max_courses, limit.advised_courses) if c is not None]
    if caps and count > min(caps):
        return False
    return limit.max_units is None or total <= limit.max_units


def level_ok(ctx: Context, code: str, term: Term) -> bool:
    if term.level == "medical":
        return True  # season_ok decides: MD courses only
    if term.level != "undergraduate":
        return code != "MENG 550" or ctx.track.internship_term in (None, term.id)
    minimum = ctx.track.undergraduate_min_level
    level = course_level(code)
    return code != "MENG 550" and (minimum is None or (level is not None and level >= minimum))


def candidate_terms(
    ctx: Context, code: str, current: Placed | None = None, prefer: int | None = None
) -> Iterator[str]:
    """Terms of the track where `code` breaks no offering, order, level or load rule, nearest to
    `prefer` first (the current term for a move, the start for an add); then, as a last resort,
    the ones where only the load would be above the advised level.

    `current` is the entry being moved (it no longer counts where it stands).
    """
    units = current.units if current else _units(ctx, code)
    origin = (
        prefer
        if prefer is not None
        else (current.index if current and current.index is not None else 0)
    )
    candidates = sorted(
        (
            (abs(i - origin), -i if current else i, i, term)
            for i, term in enumerate(ctx.track.terms)
            if not (current is not None and current.index == i)
        ),
        key=lambda c: (c[0], c[1]),
    )
    fitting: list[str] = []
    for _, _, i, term in candidates:
        if not season_ok(ctx, code, term) or not level_ok(ctx, code, term):
            continue
        if ctx.catalog.placeholder(code) is None and any(p.code == code for p in ctx.in_term(i)):
            continue  # never suggest a second copy of a course in one term (slots may repeat)
        if not order_ok(ctx, code, i, ignore=current):
            continue
        if load_ok(ctx, i, units, moving=current):
            yield term.id
        else:
            fitting.append(term.id)
    yield from fitting


def best_term(
    ctx: Context, code: str, current: Placed | None = None, prefer: int | None = None
) -> str | None:
    """The first of `candidate_terms`, or None."""
    return next(candidate_terms(ctx, code, current, prefer), None)


def _units(ctx: Context, code: str) -> float:
    return ctx.catalog.units_of(code)
