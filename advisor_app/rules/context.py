"""Everything the checks need to know about one plan, worked out once per validation."""

from collections import Counter

from msgspec import Struct, field

from advisor_app.domain.catalog_model import Catalog, Course, Placeholder, Term, Track
from advisor_app.domain.plan import CourseRecord, Plan
from advisor_app.rules.track_facts import TrackFacts, track_facts

_PLANNED = CourseRecord()  # a planned entry with nothing else to say (immutable: shared)


class Placed(Struct):
    """One entry of the plan, resolved against the catalog."""

    term_id: str
    index: int | None  # position of the term in the track, None when outside it
    entry: str  # as written in the plan
    code: str  # canonical spelling (a cross-listed code reads as the catalog's code)
    course: Course | None
    placeholder: Placeholder | None
    record: CourseRecord = _PLANNED
    units: float = 0.0  # the course's or the slot's; 0 for an unknown code

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


class Context(Struct):
    catalog: Catalog  # the catalog as this plan sees it (with the courses entered for it)
    track: Track
    plan: Plan
    placed: list[Placed]
    facts: TrackFacts  # what no plan changes about the track
    # Earliest track-term index of each canonical code placed in the track's terms.
    first: dict[str, int] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    # Courses that stand as done without being placed (waived from a requirement), and codes
    # that stand where another is placed (a substitute's course, at its substitute's term).
    credited: frozenset[str] = frozenset()
    by_term: dict[int, list[Placed]] = field(default_factory=dict)
    placed_in_track: list[Placed] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # term id -> "Fall 2027", as asked for

    def term(self, term_id: str) -> Term | None:
        return self.track.term(term_id)

    def label(self, term_id: str | None) -> str:
        if term_id is None:
            return "no term"
        found = self.labels.get(term_id)
        if found is None:
            found = self.catalog.term_label(self.track.id, term_id, self.plan.start_year)
            self.labels[term_id] = found
        return found

    def in_track(self) -> list[Placed]:
        return self.placed_in_track

    def in_term(self, index: int) -> list[Placed]:
        return self.by_term.get(index, [])

    def is_placed(self, code: str) -> bool:
        return code in self.first or code in self.credited

    def semesters_before(self, index: int) -> int:
        """Fall and spring terms of the track before term `index` (the MD column aside)."""
        return self.facts.semesters_before[index]


def build_context(catalog: Catalog, track: Track, plan: Plan) -> Context:
    catalog = catalog.with_external(plan.external_courses)
    resolve = catalog.resolve
    placed: list[Placed] = []
    in_track: list[Placed] = []
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    by_term: dict[int, list[Placed]] = {}
    term_index = track.term_index
    records = plan.records
    for term_id, entries in plan.terms.items():
        index = term_index.get(term_id)
        here = by_term.setdefault(index, []) if index is not None and entries else []
        for entry in entries:
            code, course, placeholder = resolve(entry)
            record = records.get((term_id, entry), _PLANNED) if records else _PLANNED
            units = course.units if course else placeholder.units if placeholder else 0.0
            item = Placed(term_id, index, entry, code, course, placeholder, record, units)
            placed.append(item)
            if index is not None:
                in_track.append(item)
                here.append(item)
                if course is not None:
                    counts[code] = counts.get(code, 0) + 1
                    if code not in first or index < first[code]:
                        first[code] = index
    return Context(
        catalog,
        track,
        plan,
        placed,
        track_facts(track),
        first,
        counts,
        frozenset(),
        by_term,
        in_track,
    )
