"""Everything the checks need to know about one plan, worked out once per validation."""

from collections import Counter
from dataclasses import dataclass, field

from advisor_app.domain.catalog_model import Catalog, Course, Placeholder, Term, Track
from advisor_app.domain.plan import CourseRecord, Plan


@dataclass(slots=True)
class Placed:
    """One entry of the plan, resolved against the catalog."""

    term_id: str
    index: int | None  # position of the term in the track, None when outside it
    entry: str  # as written in the plan
    code: str  # canonical spelling (a cross-listed code reads as the catalog's code)
    course: Course | None
    placeholder: Placeholder | None
    record: CourseRecord = field(default_factory=CourseRecord)

    @property
    def units(self) -> float:
        if self.course:
            return self.course.units
        return self.placeholder.units if self.placeholder else 0.0

    @property
    def credit_bearing(self) -> bool:
        return self.units > 0

    @property
    def taken(self) -> bool:
        """Completed or in progress: a fact of the student's record, not a plan to check."""
        return self.record.status != "planned"

    @property
    def category(self) -> str:
        return self.course.category if self.course else ""


@dataclass(slots=True)
class Context:
    catalog: Catalog  # the catalog as this plan sees it (with the courses entered for it)
    track: Track
    plan: Plan
    placed: list[Placed]
    # Earliest track-term index of each canonical code placed in the track's terms.
    first: dict[str, int] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    # Courses that stand as done without being placed (waived from a requirement), and codes
    # that stand where another is placed (a substitute's course, at its substitute's term).
    credited: frozenset[str] = frozenset()
    by_term: dict[int, list[Placed]] = field(default_factory=dict)
    placed_in_track: list[Placed] = field(default_factory=list)

    def term(self, term_id: str) -> Term | None:
        return self.track.term(term_id)

    def label(self, term_id: str | None) -> str:
        if term_id is None:
            return "no term"
        return self.catalog.term_label(self.track.id, term_id, self.plan.start_year)

    def in_track(self) -> list[Placed]:
        return self.placed_in_track

    def in_term(self, index: int) -> list[Placed]:
        return self.by_term.get(index, [])

    def is_placed(self, code: str) -> bool:
        return code in self.first or code in self.credited

    def semesters_before(self, index: int) -> int:
        """Fall and spring terms of the track before term `index` (the MD column aside)."""
        return sum(
            1
            for term in self.track.terms[:index]
            if term.season in ("fall", "spring") and term.level != "medical"
        )


def build_context(catalog: Catalog, track: Track, plan: Plan) -> Context:
    catalog = catalog.with_external(plan.external_courses)
    placed: list[Placed] = []
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    by_term: dict[int, list[Placed]] = {}
    term_index = track.term_index
    records = plan.records
    for term_id, entries in plan.terms.items():
        index = term_index.get(term_id)
        for entry in entries:
            code = catalog.canonical(entry)
            course = catalog.courses.get(code)
            placeholder = None if course else catalog.placeholder(code)
            record = records.get((term_id, entry)) or CourseRecord()
            item = Placed(term_id, index, entry, code, course, placeholder, record)
            placed.append(item)
            if index is not None:
                by_term.setdefault(index, []).append(item)
                if course is not None:
                    counts[code] += 1
                    if code not in first or index < first[code]:
                        first[code] = index
    in_track = [p for p in placed if p.index is not None]
    return Context(catalog, track, plan, placed, first, counts, frozenset(), by_term, in_track)
