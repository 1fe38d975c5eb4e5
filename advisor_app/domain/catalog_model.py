"""The catalog as plain immutable data, loaded once and shared by the rules, export and UI."""

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

from advisor_app.domain.codes import (
    NOT_PLACED,
    PLACEHOLDER_PREFIX,
    normalize_code,
    placeholder_id,
)
from advisor_app.domain.tuition import TuitionSchedule

if TYPE_CHECKING:  # the plan's classes load with the plan, not with the catalog
    from advisor_app.domain.plan import ExternalCourse

SEASONS = ("summer", "fall", "spring")
EXTERNAL_SOURCE = "entered by the advisor for this plan"


class Category(Struct, frozen=True):
    id: str
    label: str
    colour: str


class Course(Struct, frozen=True):
    code: str
    title: str
    units: float
    category: str
    description: str
    on_campus: frozenset[str]
    online: frozenset[str]
    prerequisites: tuple[str, ...] = ()
    corequisites: tuple[str, ...] = ()
    repeatable: int = 1
    source: str = ""
    # Other codes of the same course (cross-listings): planning two of them is planning it twice.
    cross_listed: tuple[str, ...] = ()
    # Modes whose offering no page confirms ("online"): placing it there asks to check.
    unconfirmed_modes: frozenset[str] = frozenset()
    # Placed only after this many fall/spring semesters of the track (the internship: two).
    after_semesters: int = 0
    # Entered by the advisor for one plan (not in the catalog): its offering is unknown.
    external: bool = False

    def seasons_offered(self, mode: str) -> frozenset[str]:
        return self.online if mode == "online" else self.on_campus

    @property
    def credit_bearing(self) -> bool:
        return self.units > 0


class Placeholder(Struct, frozen=True):
    id: str
    label: str
    units: float
    categories: frozenset[str]

    @property
    def entry(self) -> str:
        return PLACEHOLDER_PREFIX + self.id


class Milestone(Struct, frozen=True):
    id: str
    label: str


class Term(Struct, frozen=True):
    id: str
    name: str
    season: str
    year_offset: int
    level: str = "graduate"  # "graduate", "undergraduate" (4+1 senior year), "medical" (MD+MEng)

    def calendar_label(self, start_year: int) -> str:
        if self.level == "medical":  # MD courses credited from the MD curriculum: no one term
            return self.name
        return f"{self.season.capitalize()} {start_year + self.year_offset}"


class LoadLimit(Struct, frozen=True):
    season: str
    max_units: float | None = None
    max_courses: int | None = None
    advised_courses: int | None = None
    f1_min_units: float | None = None
    source: str = ""


class Requirement(Struct, frozen=True):
    id: str
    label: str
    kind: str  # "all-of" | "n-of" | "units-from"
    courses: tuple[str, ...] = ()
    categories: frozenset[str] = frozenset()
    milestones: tuple[str, ...] = ()
    n: int = 0
    units: float = 0.0
    severity: str = "error"
    source: str = ""
    # A course waived from this requirement is replaced by one more course of this requirement.
    replaced_by: str = ""


class Track(Struct, frozen=True):
    id: str
    name: str
    mode: str
    months: int
    description: str
    terms: tuple[Term, ...]
    limits: Mapping[str, LoadLimit]
    template: Mapping[str, tuple[str, ...]]
    requirements: tuple[Requirement, ...]
    partial_final_term: bool = False
    undergraduate_max_courses: int | None = None
    undergraduate_min_level: int | None = None
    internship_term: str | None = None
    term_index: Mapping[str, int] = field(default_factory=dict)

    def term(self, term_id: str) -> Term | None:
        index = self.term_index.get(term_id)
        return None if index is None else self.terms[index]

    @property
    def term_ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)


class Catalog(Struct, frozen=True, dict=True):  # a __dict__ for what resolve() found
    program: str
    version: str
    catalog_year: str
    total_units: float
    courses: Mapping[str, Course]
    categories: Mapping[str, Category]
    placeholders: Mapping[str, Placeholder]
    milestones: Mapping[str, Milestone]
    tracks: Mapping[str, Track]
    aliases: Mapping[str, str]  # normalized alias -> canonical code or placeholder entry
    sources: Mapping[str, str] = field(default_factory=dict)
    tuition: TuitionSchedule | None = None  # dated rates for the cost estimate (costs.toml)

    @cached_property
    def _resolved(self) -> dict[str, "Resolved"]:
        """What `resolve` found for each entry: plans spell the same few hundred entries again
        and again (kept in the instance's __dict__, outside its fields)."""
        return {}

    def canonical(self, entry: str) -> str:
        """The catalog's spelling of a plan entry: a course code, "TBD:<id>", or the entry as is."""
        code = normalize_code(entry)
        if code in self.courses:
            return code
        return self.aliases.get(code, code)

    def resolve(self, entry: str) -> "Resolved":
        """A plan entry's canonical code, and its course or elective slot (or neither)."""
        found = self._resolved.get(entry)
        if found is None:
            if len(self._resolved) >= _RESOLVED_KEPT:  # entries of bad files must not pile up
                self._resolved.clear()
            code = self.canonical(entry)
            course = self.courses.get(code)
            found = (code, course, None if course else self.placeholder(code))
            self._resolved[entry] = found
        return found

    def course(self, entry: str) -> Course | None:
        return self.courses.get(self.canonical(entry))

    def placeholder(self, entry: str) -> Placeholder | None:
        pid = placeholder_id(self.canonical(entry))
        return None if pid is None else self.placeholders.get(pid)

    def term_label(self, track_id: str, term_id: str, start_year: int) -> str:
        """ "Fall 2027": the calendar label of a term of the track. A term id the track lacks (kept
        after a track switch) is labelled as the tracks that have it label it, else left as is."""
        track = self.tracks.get(track_id)
        term = track.term(term_id) if track else None
        if term_id == NOT_PLACED:
            return "Not placed"
        if term is None:
            found = (other.term(term_id) for other in self.tracks.values())
            labels = {t.calendar_label(start_year) for t in found if t is not None}
            return labels.pop() if len(labels) == 1 else term_id
        return term.calendar_label(start_year)

    def with_external(self, external: "tuple[ExternalCourse, ...]") -> "Catalog":
        """The catalog as one plan sees it: its courses plus the ones the advisor entered for the
        plan (a catalog course of the same code wins). Cheap: nothing is copied."""
        if not external:
            return self
        added = {
            normalize_code(c.code): Course(
                code=normalize_code(c.code),
                title=c.title or "Course entered by the advisor",
                units=c.units,
                category=c.category,
                description="A graduate course outside the catalog, entered by the advisor.",
                on_campus=frozenset(SEASONS),
                online=frozenset(SEASONS),
                source=EXTERNAL_SOURCE,
                external=True,
            )
            for c in external
        }
        return replace(self, courses=_Layered(self.courses, added))

    def units_of(self, entry: str) -> float:
        """A course's or an elective slot's units; 0 for an unknown code. The one place units of an
        entry are worked out (rules, window, PDF)."""
        course = self.course(entry)
        if course:
            return course.units
        placeholder = self.placeholder(entry)
        return placeholder.units if placeholder else 0.0

    def display_title(self, entry: str) -> str:
        course = self.course(entry)
        if course:
            return course.title
        placeholder = self.placeholder(entry)
        if placeholder:
            return placeholder.label
        return "Unknown course"


Resolved = tuple[str, Course | None, Placeholder | None]
_RESOLVED_KEPT = 8192


class _Layered(Mapping[str, Course]):
    """The catalog's courses with a plan's entered courses behind them, without copying."""

    def __init__(self, first: Mapping[str, Course], second: Mapping[str, Course]) -> None:
        self._first = first
        self._second = {k: v for k, v in second.items() if k not in first}

    def __getitem__(self, key: str) -> Course:
        found = self._first.get(key)
        return found if found is not None else self._second[key]

    def get(self, key: str, default: Course | None = None) -> Course | None:  # type: ignore[override]
        # Mapping.get would raise and catch a KeyError for every code of neither.
        found = self._first.get(key)
        return found if found is not None else self._second.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._first or key in self._second

    def __iter__(self) -> Iterator[str]:
        yield from self._first
        yield from self._second

    def __len__(self) -> int:
        return len(self._first) + len(self._second)
