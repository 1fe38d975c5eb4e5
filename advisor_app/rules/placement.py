"""Where an entry may go: the search behind every suggested "move" or "add" fix."""

from advisor_app.domain.catalog_model import Term
from advisor_app.domain.codes import course_level
from advisor_app.rules.context import Context, Placed

_ELECTIVE_SEASONS = frozenset({"fall", "spring"})


def season_ok(ctx: Context, code: str, term: Term) -> bool:
    course = ctx.catalog.courses.get(code)
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
    if term.level == "undergraduate":
        cap = ctx.track.undergraduate_max_courses
        count, _ = _load_after(ctx, index, moving, units)
        return cap is None or units == 0 or count <= cap
    limit = ctx.track.limits.get(term.season)
    if limit is None or units == 0:
        return True
    count, total = _load_after(ctx, index, moving, units)
    caps = [c for c in (limit.max_courses, limit.advised_courses) if c is not None]
    if caps and count > min(caps):
        return False
    return limit.max_units is None or total <= limit.max_units


def level_ok(ctx: Context, code: str, term: Term) -> bool:
    if term.level != "undergraduate":
        return code != "MENG 550" or ctx.track.internship_term in (None, term.id)
    minimum = ctx.track.undergraduate_min_level
    level = course_level(code)
    return code != "MENG 550" and (minimum is None or (level is not None and level >= minimum))


def best_term(
    ctx: Context, code: str, current: Placed | None = None, prefer: int | None = None
) -> str | None:
    """The nearest term of the track where `code` breaks no offering, order, level or load rule.

    `current` is the entry being moved (it no longer counts where it stands); `prefer` is the
    index to stay close to (the current term for a move, the start for an add).
    """
    units = current.units if current else _units(ctx, code)
    origin = (
        prefer
        if prefer is not None
        else (current.index if current and current.index is not None else 0)
    )
    candidates = [
        (abs(i - origin), -i if current else i, term)
        for i, term in enumerate(ctx.track.terms)
        if not (current is not None and current.index == i)
    ]
    for strict_load in (True, False):
        for _, _, term in sorted(candidates, key=lambda c: (c[0], c[1])):
            i = ctx.track.term_index[term.id]
            if not season_ok(ctx, code, term) or not level_ok(ctx, code, term):
                continue
            if any(p.code == code for p in ctx.in_term(i)):
                continue  # never suggest a second copy in one term
            if not order_ok(ctx, code, i, ignore=current):
                continue
            if strict_load and not load_ok(ctx, i, units, moving=current):
                continue
            return term.id
    return None


def _units(ctx: Context, code: str) -> float:
    course = ctx.catalog.courses.get(code)
    if course:
        return course.units
    placeholder = ctx.catalog.placeholder(code)
    return placeholder.units if placeholder else 0.0
