"""Everything the checks need to know about one plan, worked out once per validation."""

from collections import Counter
from dataclasses import dataclass, field

from advisor_app.domain.catalog_model import Catalog, Course, Placeholder, Term, Track
from advisor_app.domain.plan import Plan


@dataclass(slots=True)
class Placed:
    """One entry of the plan, resolved against the catalog."""

    term_id: str
    index: int | None  # position of the term in the track, None when outside it
    entry: str  # as written in the plan
    code: str  # canonical spelling
    course: Course | None
    placeholder: Placeholder | None

    @property
    def units(self) -> float:
        if self.course:
            return self.course.units
        return self.placeholder.units if self.placeholder else 0.0

    @property
    def credit_bearing(self) -> bool:
        return self.units > 0


@dataclass(slots=True)
class Context:
    catalog: Catalog
    track: Track
    plan: Plan
    placed: list[Placed]
    # Earliest track-term index of each canonical code placed in the track's terms.
    first: dict[str, int] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    # Courses the advisor credited by waiving their requirement (tested out, substituted).
    credited: frozenset[str] = frozenset()

    def term(self, term_id: str) -> Term | None:
        return self.track.term(term_id)

    def label(self, term_id: str | None) -> str:
        if term_id is None:
            return "no term"
        term = self.track.term(term_id)
        return term.calendar_label(self.plan.start_year) if term else term_id

    def in_track(self) -> list[Placed]:
        return [p for p in self.placed if p.index is not None]

    def in_term(self, index: int) -> list[Placed]:
        return [p for p in self.placed if p.index == index]

    def is_placed(self, code: str) -> bool:
        return code in self.first or code in self.credited


def build_context(catalog: Catalog, track: Track, plan: Plan) -> Context:
    placed: list[Placed] = []
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    term_index = track.term_index
    for term_id, entries in plan.terms.items():
        index = term_index.get(term_id)
        for entry in entries:
            code = catalog.canonical(entry)
            course = catalog.courses.get(code)
            placeholder = None if course else catalog.placeholder(code)
            placed.append(Placed(term_id, index, entry, code, course, placeholder))
            if index is not None and course is not None:
                counts[code] += 1
                if code not in first or index < first[code]:
                    first[code] = index
    credited = frozenset(
        catalog.canonical(w.course) for w in plan.waivers if w.rule.startswith("req.") and w.course
    )
    return Context(catalog, track, plan, placed, first, counts, credited)
