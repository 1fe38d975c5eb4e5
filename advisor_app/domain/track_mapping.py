"""Carrying a plan to another track's terms, for a what-if copy: by season and order.

The mapping (docs/what-if.md says the same, with examples):
1. Each term of the old track is matched by its season and its order among the terms of that
   season: the first summer of the old track goes to the first summer of the new one, the second
   fall to the second fall, and so on. When the new track has fewer terms of that season, the
   extra terms go to its last term of that season. (Undergraduate senior-year terms of the 4+1
   count like any other term of their season; the MD+MEng's MD curriculum, credited MD courses
   in no one term, matches only another track's MD curriculum.)
2. Entries keep their order. An entry goes to the matched term when it fits there, else to the
   next term of the same season that it fits in. A term is full when one more course with units
   would break the new track's load limit for its season (its most units, its most courses) or,
   in the 4+1's senior-year terms, the limit of graduate courses taken as an undergraduate.
   Courses without units (the bootcamp, the seminar, the internship, a residency) always fit.
3. What fits nowhere, and what was in a term the old track does not have, is not placed: it is
   kept in the copy in the term "not-placed" (outside the new track, where the rules report it with
   a move to suggest) and listed. Nothing is dropped.
The student's record of an entry (completed, grade) travels with it; exceptions, external
courses, notes and history are copied as they are. The same track gives an exact copy.
"""

from collections import defaultdict

from msgspec import Struct
from msgspec.structs import replace

from advisor_app.domain.catalog_model import Catalog, Term, Track
from advisor_app.domain.codes import NOT_PLACED as NOT_PLACED  # re-exported: where it is used
from advisor_app.domain.edits import start_revision
from advisor_app.domain.plan import CourseRecord, Plan
from advisor_app.domain.units import entry_units

#: Where a what-if copy keeps what could not be placed on the new track's terms.


def outside_term_label(term_id: str) -> str:
    """How a term outside the plan's track reads: "Not placed" for what a what-if copy could not
    place, otherwise its id, said to be outside the track."""
    if term_id == NOT_PLACED:
        return "Not placed (outside the track)"
    return f"{term_id} (not in this track)"


class Carried(Struct, frozen=True):
    """Where one entry went: `to_term` is None when it could not be placed (see `reason`)."""

    entry: str
    from_term: str
    to_term: str | None
    reason: str = ""


class TrackMapping(Struct, frozen=True):
    plan: Plan
    carried: tuple[Carried, ...]

    @property
    def not_placed(self) -> tuple[Carried, ...]:
        return tuple(c for c in self.carried if c.to_term is None)


class _Capacity:
    """What the new track's load limits still allow, term by term."""

    def __init__(self, track: Track) -> None:
        self.track = track
        self.units: defaultdict[str, float] = defaultdict(float)
        self.courses: defaultdict[str, int] = defaultdict(int)
        self.undergraduate_courses = 0

    def fits(self, term: Term, units: float) -> bool:
        if units <= 0:
            return True
        if term.level == "undergraduate":
            cap = self.track.undergraduate_max_courses
            return cap is None or self.undergraduate_courses < cap
        limit = self.track.limits.get(term.season)
        if limit is None:
            return True
        if limit.max_courses is not None and self.courses[term.id] + 1 > limit.max_courses:
            return False
        return limit.max_units is None or self.units[term.id] + units <= limit.max_units

    def take(self, term: Term, units: float) -> None:
        if units > 0:
            self.units[term.id] += units
            self.courses[term.id] += 1
            if term.level == "undergraduate":
                self.undergraduate_courses += 1


Group = tuple[bool, str]  # (an MD-curriculum term, season)


def _group(term: Term) -> Group:
    return (term.level == "medical", term.season)


def _by_season(track: Track) -> dict[Group, list[Term]]:
    seasons: dict[Group, list[Term]] = defaultdict(list)
    for term in track.terms:
        seasons[_group(term)].append(term)
    return seasons


def map_to_track(
    catalog: Catalog, plan: Plan, track: Track, start_year: int | None = None
) -> TrackMapping:
    """A draft copy of `plan` on `track` (and `start_year`), with where every entry went."""
    draft = start_revision(plan)  # a copy of the approved record is a new, editable revision
    year = plan.start_year if start_year is None else start_year
    if track.id == plan.track:
        same = tuple(Carried(entry, term, term) for term, entry in plan.entries())
        return TrackMapping(replace(draft, start_year=year), same)
    old_track = catalog.tracks.get(plan.track)
    old_seasons = _by_season(old_track) if old_track else {}
    new_seasons = _by_season(track)
    capacity = _Capacity(track)
    placed: dict[str, list[str]] = defaultdict(list)
    records: dict[tuple[str, str], CourseRecord] = {}
    carried: list[Carried] = []
    old_terms = list(old_track.term_ids) if old_track else []
    old_terms += [t for t in plan.terms if t not in old_terms]
    for term_id in old_terms:
        old_term = old_track.term(term_id) if old_track else None
        for entry in plan.terms.get(term_id, ()):
            target, reason = None, "it was in a term its track does not have"
            if old_term is not None:
                target, reason = _place(
                    catalog, plan, entry, old_term, old_seasons, new_seasons, capacity
                )
            to_term = target.id if target else NOT_PLACED
            placed[to_term].append(entry)
            record = plan.record(term_id, entry)
            if not record.is_default:
                records[(to_term, entry)] = record
            carried.append(Carried(entry, term_id, target.id if target else None, reason))
    ordered = {t: tuple(placed[t]) for t in (*track.term_ids, NOT_PLACED) if placed.get(t)}
    copy = replace(draft, track=track.id, start_year=year, terms=ordered, records=records)
    return TrackMapping(copy, tuple(carried))


def _place(
    catalog: Catalog,
    plan: Plan,
    entry: str,
    old_term: Term,
    old_seasons: dict[Group, list[Term]],
    new_seasons: dict[Group, list[Term]],
    capacity: _Capacity,
) -> tuple[Term | None, str]:
    group = _group(old_term)
    candidates = new_seasons.get(group, [])
    if not candidates:
        if old_term.level == "medical":
            return None, "MD courses are credited only on the MD+MEng track"
        return None, f"the track has no {old_term.season} term"
    order = old_seasons[group].index(old_term)
    units = entry_units(catalog, plan, entry)
    for term in candidates[min(order, len(candidates) - 1) :]:
        if capacity.fits(term, units):
            capacity.take(term, units)
            return term, ""
    return None, f"no {old_term.season} term of the track has room for it"
