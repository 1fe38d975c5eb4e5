"""What the rules need to know about a track that no plan changes, worked out once per track
instead of once per check (a check of a 24-month plan takes a fraction of a millisecond: these
few loops were a tenth of it)."""

from msgspec import Struct

from advisor_app.domain.catalog_model import Term, Track


class TrackFacts(Struct, frozen=True):
    # Courses a requirement names (their absence is reported by the requirement).
    required: frozenset[str]
    # The MD curriculum column (MD+MEng), if the track has one.
    md_column: Term | None
    # The last fall or spring graduate term (a partial final term is allowed there).
    final_semester: str | None
    # Fall and spring terms before each term (the MD column aside), and one past the last.
    semesters_before: tuple[int, ...]
    undergraduate_terms: tuple[int, ...]
    # For each requirement, in order: each course it names once, with how many times it is needed
    needed: tuple[tuple[tuple[str, int], ...], ...]


_KNOWN: dict[int, tuple[Track, TrackFacts]] = {}


def track_facts(track: Track) -> TrackFacts:
    """The facts of `track`, kept as long as the track (tracks are few and never change)."""
    known = _KNOWN.get(id(track))
    if known is not None and known[0] is track:
        return known[1]
    if len(_KNOWN) > 64:  # catalogs opened and dropped (tests): forget the old ones
        _KNOWN.clear()
    facts = _work_out(track)
    _KNOWN[id(track)] = (track, facts)  # the track is kept with its id, so the id is not reused
    return facts


def _work_out(track: Track) -> TrackFacts:
    teaching = [t for t in track.terms if t.season in ("fall", "spring") and t.level == "graduate"]
    before = [0]
    for term in track.terms:
        counts = term.season in ("fall", "spring") and term.level != "medical"
        before.append(before[-1] + counts)
    return TrackFacts(
        required=frozenset(c for r in track.requirements if r.kind == "all-of" for c in r.courses),
        md_column=next((t for t in track.terms if t.level == "medical"), None),
        final_semester=teaching[-1].id if teaching else None,
        semesters_before=tuple(before),
        undergraduate_terms=tuple(
            i for i, t in enumerate(track.terms) if t.level == "undergraduate"
        ),
        needed=tuple(
            tuple((code, r.courses.count(code)) for code in dict.fromkeys(r.courses))
            for r in track.requirements
        ),
    )
