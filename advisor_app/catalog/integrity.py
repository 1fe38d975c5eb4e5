"""What a catalog read from disk must hold before the app plans with it.

A catalog is built from checked sources (catalog/sources.py). One changed afterwards, by hand or by
another program, is refused when opened (its small tables) or when a course is first read, naming
what is wrong: never a crash later in the rules or the window, never a rule silently skipped.
Each check raises ValueError, which catalog_errors turns into the catalog's one message.
"""

import math
import sqlite3

import msgspec

from advisor_app.catalog.bounds import (
    KINDS,
    LEVELS,
    MODES,
    MOST_COURSES,
    MOST_LISTED,
    MOST_MONTHS,
    MOST_NAME_CHARS,
    MOST_REQUIREMENTS,
    MOST_ROWS,
    MOST_TERMS,
    MOST_TEXT_CHARS,
    MOST_UNITS,
    MOST_VALUE_CHARS,
    SEASONS,
    SEVERITIES,
    expect,
)
from advisor_app.domain.catalog_model import Catalog, Course, LoadLimit, Requirement, Track
from advisor_app.domain.tuition import PER_CREDIT, PER_TERM, TuitionSchedule

MOST_DOLLARS = 10_000_000  # one rate, or a published total
MOST_ASSUMPTIONS = 100  # printed in every estimate (the program's: 4)

# The tables read whole when the catalog opens (all but the courses, read a row at a time).
_READ_WHOLE = (
    "meta", "sources", "categories", "placeholders", "milestones", "aliases", "tracks", "terms",
    "limits", "requirements", "template", "tuition_meta", "tuition_sources", "tuition_rates",
    "tuition_tracks", "tuition_free", "tuition_assumptions", "tuition_published",
)  # fmt: skip


def check_sizes(connection: sqlite3.Connection) -> None:
    """Rows counted and values measured before any is read: 5,000 requirements of 1,000 codes
    each, a million aliases, a 10 MB tuition note each took minutes or gigabytes to read."""
    (courses,) = connection.execute("select count(*) from courses").fetchone()
    expect(courses <= MOST_COURSES, f"it has {courses:,} courses; the limit is {MOST_COURSES:,}")
    for table in _READ_WHOLE:
        columns = [row[1] for row in connection.execute(f"pragma table_info({table})")]
        expect(bool(columns), f"no {table} table")
        longest = ", ".join(
            f'max(length("{name.replace(chr(34), chr(34) * 2)}"))' for name in columns
        )
        count, *lengths = connection.execute(f"select count(*), {longest} from {table}").fetchone()
        most = MOST_COURSES if table == "aliases" else MOST_ROWS
        expect(count <= most, f"table {table} has {count:,} rows; the limit is {most:,}")
        expect(
            all((length or 0) <= MOST_VALUE_CHARS for length in lengths),
            f"table {table} holds a value over {MOST_VALUE_CHARS:,} characters",
        )


def _amount(value: float | None, where: str, most: float = MOST_UNITS) -> None:
    expect(
        value is None or (math.isfinite(value) and 0 <= value <= most),
        f"{where} must be a number from 0 to {most:g}",
    )


def _texts(where: str, names: tuple[str, ...], texts: tuple[str, ...] = ()) -> None:
    """Names and texts within their bounds: a 10 MB title in each course took the window to
    1.3 GB."""
    expect(
        all(len(name) <= MOST_NAME_CHARS for name in names),
        f"{where}: a name is over {MOST_NAME_CHARS} characters",
    )
    expect(
        all(len(text) <= MOST_TEXT_CHARS for text in texts),
        f"{where}: a text is over {MOST_TEXT_CHARS:,} characters",
    )


def check_catalog(catalog: Catalog) -> None:
    """The catalog's small tables: its tracks, their terms, limits and requirements."""
    expect(bool(catalog.tracks), "it has no tracks")
    _texts("the program", (catalog.program, catalog.version, catalog.catalog_year))
    _amount(catalog.total_units, "the program's total units")
    expect(catalog.total_units > 0, "the program's total units must be above 0")
    for category in catalog.categories.values():
        _texts("a category", (category.id, category.label, category.colour))
    for milestone in catalog.milestones.values():
        _texts("a milestone", (milestone.id, milestone.label))
    for placeholder in catalog.placeholders.values():
        _texts("a placeholder", (placeholder.id, placeholder.label))
        _amount(placeholder.units, f"placeholder {placeholder.id}: units", 12)
    for track in catalog.tracks.values():
        _check_track(track)
    if catalog.tuition is not None:
        check_tuition(catalog.tuition, catalog)


def check_tuition(schedule: TuitionSchedule, catalog: Catalog) -> None:
    """The dated rates the cost estimate prints into the record: a rate of 1e300 crashed the
    window; a negative one or a scholarship of -500 % printed absurd totals without a word."""
    msgspec.convert(msgspec.to_builtins(schedule), TuitionSchedule)  # every value of its type
    _texts("tuition", (schedule.academic_year, schedule.currency), (schedule.caveat,))
    _texts("tuition", (), (schedule.excludes, schedule.no_tuition_source))
    expect(
        len(schedule.assumptions) <= MOST_ASSUMPTIONS,
        f"tuition: more than {MOST_ASSUMPTIONS} assumptions",
    )
    for assumption in schedule.assumptions:
        _texts("a tuition assumption", (), (assumption.text, assumption.source))
    rates = schedule.rates
    for rate in rates.values():
        where = f"tuition rate {rate.id[:MOST_NAME_CHARS]!r}"
        _texts(where, (rate.id, rate.label, rate.cap), (rate.source,))
        expect(0 <= rate.amount <= MOST_DOLLARS, f"{where}: amount out of range")
        expect(
            rate.per in (PER_TERM, PER_CREDIT), f"{where}: per must be {PER_TERM} or {PER_CREDIT}"
        )
        expect(not rate.cap or rate.cap in rates, f"{where}: its cap is not a rate")
    for charges in schedule.tracks.values():
        where = f"tuition of track {charges.track[:MOST_NAME_CHARS]!r}"
        track = catalog.tracks.get(charges.track)
        expect(track is not None, f"{where}: no such track")
        expect(set(charges.seasons) == SEASONS, f"{where}: needs a rate for each season")
        expect(
            all(r in rates for r in charges.seasons.values()),
            f"{where}: a season's rate is not a rate",
        )
        named = [*charges.terms.values(), *charges.levels.values()]
        expect(all(not r or r in rates for r in named), f"{where}: a term's rate is not a rate")
        expect(0 <= charges.scholarship_percent <= 100, f"{where}: scholarship out of range")
        _texts(where, (charges.scholarship_label,), (charges.source,))
    for total in schedule.published.values():
        where = f"published total of {total.track[:MOST_NAME_CHARS]!r}"
        expect(total.track in catalog.tracks, f"{where}: no such track")
        expect(0 <= total.low <= total.high <= MOST_DOLLARS, f"{where}: out of range")
    for source in schedule.sources.values():
        _texts("a tuition source", (source.id,), (source.title, source.url, source.where))


def _check_track(track: Track) -> None:
    where = f"track {track.id[:MOST_NAME_CHARS]!r}"
    expect(bool(track.id.strip()), "a track has no id")
    _texts(where, (track.id, track.name), (track.description,))
    for term in track.terms:
        _texts(where, (term.id, term.name))
    for requirement in track.requirements:
        _texts(where, (requirement.id, requirement.label), (requirement.source,))
    expect(track.mode in MODES, f"{where}: mode must be one of {sorted(MODES)}")
    expect(0 < track.months <= MOST_MONTHS, f"{where}: months must be from 1 to {MOST_MONTHS}")
    expect(0 < len(track.terms) <= MOST_TERMS, f"{where}: it must have 1 to {MOST_TERMS} terms")
    expect(len(track.term_index) == len(track.terms), f"{where}: a term id is given twice")
    for term in track.terms:
        expect(bool(term.id.strip()), f"{where}: a term has no id")
        expect(term.season in SEASONS, f"{where}: term {term.id} has no valid season")
        expect(term.level in LEVELS, f"{where}: term {term.id} has no valid level")
    for season, limit in track.limits.items():
        _check_limit(limit, f"{where}: the {season} load limit")
    for term_id in track.template:
        expect(term_id in track.term_index, f"{where}: template term {term_id} is not its own")
    expect(
        len(track.requirements) <= MOST_REQUIREMENTS,
        f"{where}: it has more than {MOST_REQUIREMENTS} requirements",
    )
    for requirement in track.requirements:
        _check_requirement(requirement, f"{where}: requirement {requirement.id!r}")
    expect(
        track.internship_term is None or track.internship_term in track.term_index,
        f"{where}: the internship term is not one of its terms",
    )
    for count in (track.undergraduate_max_courses, track.undergraduate_min_level):
        expect(count is None or 0 <= count <= 1_000, f"{where}: undergraduate rules out of range")


def _check_limit(limit: LoadLimit, where: str) -> None:
    for value in (limit.max_units, limit.f1_min_units):
        _amount(value, where)
    for count in (limit.max_courses, limit.advised_courses):
        expect(count is None or 0 <= count <= MOST_TERMS, f"{where} is out of range")


def _check_requirement(requirement: Requirement, where: str) -> None:
    expect(requirement.kind in KINDS, f"{where}: kind must be one of {sorted(KINDS)}")
    expect(
        requirement.severity in SEVERITIES,
        f"{where}: severity must be one of {sorted(SEVERITIES)}",
    )
    expect(0 <= requirement.n <= MOST_LISTED, f"{where}: n must be from 0 to {MOST_LISTED}")
    _amount(requirement.units, f"{where}: units")
    for listed in (requirement.courses, requirement.categories, requirement.milestones):
        expect(len(listed) <= MOST_LISTED, f"{where} names more than {MOST_LISTED} items")


def check_course(course: Course) -> Course:
    """One course, as it is first read (a large catalog's courses are read as they are needed)."""
    where = f"course {course.code[:MOST_NAME_CHARS]!r}"
    expect(bool(course.code.strip()), "a course has no code")
    _texts(where, (course.code, course.title, course.category), (course.description, course.source))
    _amount(course.units, f"{where}: units", 12)
    expect(course.on_campus | course.online <= SEASONS, f"{where}: unknown season offered")
    expect(course.unconfirmed_modes <= MODES, f"{where}: unknown mode")
    expect(1 <= course.repeatable <= 100, f"{where}: repeatable must be from 1 to 100")
    expect(0 <= course.after_semesters <= MOST_TERMS, f"{where}: after_semesters out of range")
    for listed in (course.prerequisites, course.corequisites, course.cross_listed):
        expect(len(listed) <= MOST_LISTED, f"{where} names more than {MOST_LISTED} courses")
    return course
