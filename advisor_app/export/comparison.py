"""Two or three plans side by side: their terms aligned by calendar (Fall 2026 beside Fall 2026),
the courses that differ marked, and a summary of each (track, graduation term, units, findings,
estimated cost). The window's Compare Plans view and `advisor-app compare` both show this."""

from collections.abc import Sequence

from msgspec import Struct

from advisor_app.domain import PLACEHOLDER_PREFIX, Catalog, Plan
from advisor_app.domain.costs import CostEstimate, estimate_cost
from advisor_app.domain.track_mapping import NOT_PLACED
from advisor_app.domain.units import entry_title, entry_units
from advisor_app.rules import check, count_by_severity

# Within a calendar year: Spring (January), Summer (May), Fall (August).
_SEASON_ORDER = {"spring": 0, "summer": 1, "fall": 2}
OUTSIDE = (10**6, 0)  # the row for terms outside a plan's track sorts last
CREDITED = (-1, 0)  # the MD+MEng's MD curriculum (credited, in no one term) sorts first
CREDITED_LABEL = "Credited from the MD"

CalendarKey = tuple[int, int]


class PlanSummary(Struct, frozen=True):
    name: str
    student: str
    track: str
    track_name: str
    graduation: str  # "Summer 2027": the last term of the plan that holds a course
    units: float
    errors: int
    warnings: int
    cost: CostEstimate | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "student": self.student,
            "track": self.track,
            "track_name": self.track_name,
            "graduation": self.graduation,
            "units": self.units,
            "errors": self.errors,
            "warnings": self.warnings,
            "estimated_cost": self.cost.to_dict() if self.cost else None,
        }


class ComparedCourse(Struct, frozen=True):
    code: str
    title: str
    units: float
    differs: bool
    # Where the other plans have it, in words: "Spring 2027 in B; not in C" ("" when the same).
    elsewhere: str = ""

    @property
    def label(self) -> str:
        """The code, or the slot's name in brackets for an elective still to choose."""
        return f"({self.title})" if self.code.startswith(PLACEHOLDER_PREFIX) else self.code

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "label": self.label,
            "title": self.title,
            "units": self.units,
            "differs": self.differs,
            "elsewhere": self.elsewhere or None,
        }


class ComparedCell(Struct, frozen=True):
    term_id: str
    term_name: str  # the track's name of the term ("Fall 2"), or "outside the track"
    courses: tuple[ComparedCourse, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "term": self.term_id,
            "term_name": self.term_name,
            "courses": [c.to_dict() for c in self.courses],
        }


class ComparedRow(Struct, frozen=True):
    label: str  # "Fall 2026", or "Outside the track"
    cells: tuple[tuple[ComparedCell, ...], ...]  # per plan: its terms at that time (often one)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "plans": [[c.to_dict() for c in cell] for cell in self.cells]}


class Comparison(Struct, frozen=True):
    letters: tuple[str, ...]  # "A", "B", "C": how the plans are named in "elsewhere"
    summaries: tuple[PlanSummary, ...]
    rows: tuple[ComparedRow, ...]

    @property
    def differing(self) -> int:
        return sum(
            course.differs
            for row in self.rows
            for cell in row.cells
            for term in cell
            for course in term.courses
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "plans": [
                {"letter": letter, **summary.to_dict()}
                for letter, summary in zip(self.letters, self.summaries, strict=True)
            ],
            "terms": [row.to_dict() for row in self.rows],
        }


def _season_label(season: str, year: int) -> str:
    return f"{season.capitalize()} {year}"


def _placements(catalog: Catalog, plan: Plan) -> list[tuple[CalendarKey, str, str, str]]:
    """(calendar key, term id, term name, entry) for every entry and every term of the track."""
    track = catalog.tracks.get(plan.track)
    out: list[tuple[CalendarKey, str, str, str]] = []
    for term in track.terms if track else ():
        key = (
            CREDITED
            if term.level == "medical"
            else (plan.start_year + term.year_offset, _SEASON_ORDER[term.season])
        )
        entries = plan.terms.get(term.id, ())
        out += [(key, term.id, term.name, entry) for entry in entries] or [
            (key, term.id, term.name, "")
        ]
    for term_id, entries in plan.terms.items():
        if track is None or term_id not in track.term_index:
            name = "not placed" if term_id == NOT_PLACED else f"{term_id}, outside the track"
            out += [(OUTSIDE, term_id, name, entry) for entry in entries]
    return out


def _label(key: CalendarKey) -> str:
    if key == OUTSIDE:
        return "Outside the track"
    if key == CREDITED:
        return CREDITED_LABEL
    season = next(s for s, rank in _SEASON_ORDER.items() if rank == key[1])
    return _season_label(season, key[0])


def compare_plans(catalog: Catalog, named: Sequence[tuple[str, Plan]]) -> Comparison:
    """Compare two or three (or more) plans, each given with the name to show for it."""
    letters = tuple(chr(ord("A") + i) for i in range(len(named)))
    placements = [_placements(catalog, plan) for _name, plan in named]
    where: list[dict[str, list[CalendarKey]]] = []
    for places in placements:
        found: dict[str, list[CalendarKey]] = {}
        for key, _term, _name, entry in places:
            if entry:
                found.setdefault(catalog.canonical(entry), []).append(key)
        where.append(found)
    keys = sorted({key for places in placements for key, *_ in places})
    rows = []
    for key in keys:
        cells = []
        for index, ((_name, plan), places) in enumerate(zip(named, placements, strict=True)):
            terms: dict[str, tuple[str, list[ComparedCourse]]] = {}
            seen: dict[str, int] = {}  # occurrences of a code so far at this time in this plan
            for at, term_id, term_name, entry in places:
                if at != key:
                    continue
                courses = terms.setdefault(term_id, (term_name, []))[1]
                if entry:
                    code = catalog.canonical(entry)
                    nth = seen[code] = seen.get(code, 0) + 1
                    courses.append(_course(catalog, plan, entry, key, nth, index, where, letters))
            cells.append(
                tuple(
                    ComparedCell(term_id, name, tuple(courses))
                    for term_id, (name, courses) in terms.items()
                )
            )
        rows.append(ComparedRow(_label(key), tuple(cells)))
    summaries = tuple(_summary(catalog, name, plan) for name, plan in named)
    return Comparison(letters, summaries, tuple(rows))


def _course(
    catalog: Catalog,
    plan: Plan,
    entry: str,
    key: CalendarKey,
    nth: int,
    index: int,
    where: list[dict[str, list[CalendarKey]]],
    letters: tuple[str, ...],
) -> ComparedCourse:
    """The `nth` occurrence of a course at this time in plan `index`: it differs when another
    plan has fewer than `nth` of it at this time."""
    code = catalog.canonical(entry)
    others = []
    for other, found in enumerate(where):
        places = found.get(code, [])
        if other == index or places.count(key) >= nth:
            continue
        elsewhere = sorted({k for k in places if k != key})
        if elsewhere:
            others.append(f"{', '.join(_label(k) for k in elsewhere)} in {letters[other]}")
        elif places:
            others.append(f"fewer in {_label(key)} in {letters[other]}")
        else:
            others.append(f"not in {letters[other]}")
    return ComparedCourse(
        code=code,
        title=entry_title(catalog, plan, entry),
        units=entry_units(catalog, plan, entry),
        differs=bool(others),
        elsewhere="; ".join(others),
    )


def _summary(catalog: Catalog, name: str, plan: Plan) -> PlanSummary:
    track = catalog.tracks.get(plan.track)
    counts = count_by_severity(check(catalog, plan).findings)
    last = [t for t in track.terms if plan.terms.get(t.id)] if track else []
    graduation = last[-1].calendar_label(plan.start_year) if last else "—"
    return PlanSummary(
        name=name,
        student=plan.student_name,
        track=plan.track,
        track_name=track.name if track else f"{plan.track} (unknown track)",
        graduation=graduation,
        units=sum(entry_units(catalog, plan, entry) for _term, entry in plan.entries()),
        errors=counts["error"],
        warnings=counts["warning"],
        cost=estimate_cost(catalog, plan),
    )
