"""Opening data/catalog.sqlite read-only and turning it into the domain's Catalog."""

import functools
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct

from advisor_app.catalog.bounds import check_track_count
from advisor_app.catalog.connection import catalog_errors, catalog_path, connect
from advisor_app.catalog.integrity import check_catalog, check_course, check_sizes
from advisor_app.catalog.schema import from_row
from advisor_app.catalog.tuition_tables import load_tuition
from advisor_app.domain.catalog_model import (
    Catalog,
    Category,
    Course,
    LoadLimit,
    Milestone,
    Placeholder,
    Requirement,
    Term,
    Track,
)

_WORD = re.compile(r"\w+", re.UNICODE)


# The full-text index sqlite-utils builds beside the courses table (catalog/build.py).
_FTS = "courses_fts"
# The codes alone and the titles alone, indexed again (catalog/build.py): a column filter on the
# whole index reads every course with a word of that prefix anywhere (0.4 ms for "d" in the codes
# of 10,000 courses; 0.03 ms in an index of the codes).
_COLUMN_FTS = {"{code}": "courses_code_fts", "{title}": "courses_title_fts"}
COUNT_UP_TO = 1000
RECENT_SEARCHES = 64  # kept with their results: typing back (a backspace) asks again


class SearchResult(Struct, frozen=True):
    codes: list[str]
    total: int  # how many courses match (at least this many when not exact)
    exact: bool = True

    def describe(self, catalog_size: int) -> str:
        """How many are shown of how many there are: "12 of 39 courses" (every match shown),
        "50 of 1,204 matches", "50 of 1,000+ matches" (counted up to COUNT_UP_TO). Short enough
        for a narrow catalog beside its Show more button."""
        if self.exact and len(self.codes) == self.total:
            return f"{self.total:,} of {catalog_size:,} courses"
        if self.exact:
            return f"{len(self.codes):,} of {self.total:,} matches"
        # Counted up to COUNT_UP_TO: past that, as many as are shown, at least.
        return f"{len(self.codes):,} of {max(self.total, len(self.codes)):,}+ matches"


class CatalogDatabase:
    """A read-only connection to the catalog, its small tables loaded once, its courses loaded
    as they are asked for, and full-text search."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        catalog: Catalog,
        lock: "threading.Lock | None" = None,
    ) -> None:
        self.path = path
        self.connection = connection
        self.catalog = catalog
        self._lock = lock or threading.Lock()  # the connection's, shared with the lazy courses
        self._recent: dict[tuple[object, ...], SearchResult] = {}  # the last searches, in order

    def prefetch(self, codes: Iterable[str]) -> None:
        """Read these courses now, in one query, if the catalog reads its courses lazily."""
        courses = self.catalog.courses
        if isinstance(courses, LazyCourses):
            courses.load(codes)

    def search(self, query: str, limit: int | None = 200) -> list[str]:
        """Codes of the courses matching `query` (every word a prefix), best match first."""
        return self.search_counted(query, limit).codes

    def search_counted(
        self,
        query: str,
        limit: int | None = 200,
        category: str = "",
        season: str = "",
        mode: str = "on-campus",
    ) -> "SearchResult":
        """The first `limit` matches of `query` (all when `limit` is None), and how many match;
        only courses of `category` and offered in `season` (in the track's `mode`) when given.

        Matches in the code come first, then in the title, then in the description, each in
        code order: cheap at any size (the rowids follow the codes), where ranking thousands of
        matches by relevance for a one-letter query is not. The count stops at COUNT_UP_TO for a
        limited search, so a keystroke never scans a whole large catalog.
        """
        key = (tuple(_WORD.findall(query.lower())), limit, category, season, mode)
        with self._lock:
            known = self._recent.pop(key, None)
        if known is None:
            # A search index damaged inside (its tables all there) is found only when read.
            with catalog_errors(self.path):
                known = self._search_counted(list(key[0]), limit, category, season, mode)
        with self._lock:  # most recent last; a backspace finds the search it goes back to
            self._recent[key] = known
            while len(self._recent) > RECENT_SEARCHES:
                self._recent.pop(next(iter(self._recent)))
        return SearchResult(list(known.codes), known.total, known.exact)

    def _search_counted(
        self, words: list[str], limit: int | None, category: str, season: str, mode: str
    ) -> "SearchResult":
        filters, values = _filters(category, season, mode)
        if not words and not filters:
            codes = list(self.catalog.courses)
            shown = codes if limit is None else codes[:limit]
            return SearchResult(shown, len(codes), exact=True)
        cap = -1 if limit is None else COUNT_UP_TO + 1
        found: list[str] = []
        with self._lock:
            if not words:
                where = " and ".join(filters)
                found = [
                    code
                    for (code,) in self.connection.execute(
                        f"select code from courses where {where} order by rowid limit ?",
                        (*values, -1 if limit is None else limit),
                    )
                ]
                total = self.connection.execute(
                    f"select count(*) from (select 1 from courses where {where} limit ?)",
                    (*values, cap),
                ).fetchone()[0]
            else:
                found = self._matches(words, filters, values, limit)
                if limit is None or len(found) < limit:  # every match is here: no need to count
                    return SearchResult(found, len(found), exact=True)
                expression = " ".join(f'"{word}"*' for word in words)
                # The courses table is joined only for a filter: counting the index alone
                # takes half the time.
                joined = f" join courses on courses.rowid = {_FTS}.rowid" if filters else ""
                total = self.connection.execute(
                    f"select count(*) from (select 1 from {_FTS}{joined} where "
                    f"{' and '.join([f'{_FTS} match ?', *filters])} limit ?)",
                    (expression, *values, cap),
                ).fetchone()[0]
        shown = found if limit is None else found[:limit]
        exact = limit is None or total <= COUNT_UP_TO
        return SearchResult(shown, min(total, COUNT_UP_TO) if not exact else total, exact)

    def _matches(
        self, words: list[str], filters: list[str], values: list[str], limit: int | None
    ) -> list[str]:
        """Codes matching every word (as a prefix): in the code, then the title, then anywhere."""
        expression = " ".join(f'"{word}"*' for word in words)
        found: list[str] = []
        seen: set[str] = set()
        for column in ("{code}", "{title}", "{description}", ""):
            if limit is not None and len(found) >= limit:
                break
            index = _COLUMN_FTS.get(column, _FTS)
            match = f"{column} : ({expression})" if index == _FTS and column else expression
            rows = self.connection.execute(
                f"select courses.code from {index} join courses on courses.rowid = {index}.rowid "
                f"where {' and '.join([f'{index} match ?', *filters])} order by {index}.rowid "
                "limit ?",
                (match, *values, -1 if limit is None else limit + len(found)),
            ).fetchall()
            for (code,) in rows:
                if code not in seen:
                    seen.add(code)
                    found.append(code)
        return found

    def close(self) -> None:
        self.connection.close()


def _filters(category: str, season: str, mode: str) -> tuple[list[str], list[str]]:
    """SQL conditions (and their values) for a category and a season offered: the seasons are
    stored as JSON lists of words (catalog/schema.py), so '"fall"' is found as it is written."""
    filters, values = [], []
    if category:
        filters.append("courses.category = ?")
        values.append(category)
    if season:
        filters.append(f"courses.{'online' if mode == 'online' else 'on_campus'} like ?")
        values.append(f'%"{season}"%')
    return filters, values


class LazyCourses(Mapping[str, Course]):
    """The catalog's courses, read from the database when first asked for and kept: opening a
    catalog of 10,000 courses reads none of them, and their codes only once a code is looked up
    or listed. Safe to read from several threads."""

    def __init__(self, connection: sqlite3.Connection, lock: threading.Lock, path: Path) -> None:
        self._connection = connection
        self._lock = lock
        self._path = path  # for the message, when a damaged page is met reading a course
        self._loaded: dict[str, Course] = {}

    @functools.cached_property
    def _codes(self) -> list[str]:
        """Every code, read when first needed (`advisor-app tracks` never needs them)."""
        with catalog_errors(self._path):
            with self._lock:
                rows = self._connection.execute("select code from courses order by code").fetchall()
            codes = [row[0] for row in rows]
            if not all(type(code) is str for code in codes):
                raise ValueError("a course code is not text")
        return codes

    @functools.cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(self._codes)

    def __getitem__(self, code: str) -> Course:
        found = self._loaded.get(code)
        if found is not None:
            return found
        if code not in self._known:
            raise KeyError(code)
        with catalog_errors(self._path):
            with self._lock:
                row = self._connection.execute(
                    "select * from courses where code = ?", (code,)
                ).fetchone()
            course = check_course(from_row(Course, row))
        self._loaded[code] = course
        return course

    def get(self, code: str, default: Course | None = None) -> Course | None:  # type: ignore[override]
        # Mapping.get would raise and catch a KeyError for every miss (every elective slot).
        found = self._loaded.get(code)
        if found is not None or code not in self._known:
            return found if found is not None else default
        return self[code]

    def __contains__(self, code: object) -> bool:
        return code in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def load(self, codes: Iterable[str]) -> None:
        """Read the courses of `codes` not read yet, in one query: a search's first screen of
        cards, rather than a query per card as each is painted."""
        missing = [c for c in dict.fromkeys(codes) if c not in self._loaded and c in self._known]
        for start in range(0, len(missing), 500):  # SQLite's limit on parameters is 999+
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with catalog_errors(self._path):
                with self._lock:
                    rows = self._connection.execute(
                        f"select * from courses where code in ({marks})", chunk
                    ).fetchall()
                for row in rows:
                    self._loaded[row["code"]] = check_course(from_row(Course, row))

    def load_all(self) -> None:
        """Read every course at once (for a whole-catalog pass such as `courses --json`)."""
        with catalog_errors(self._path):
            with self._lock:
                rows = self._connection.execute("select * from courses").fetchall()
            for row in rows:
                if row["code"] not in self._loaded:
                    self._loaded[row["code"]] = check_course(from_row(Course, row))


def open_catalog(path: Path | None = None) -> CatalogDatabase:
    """Open the catalog read-only; a missing, corrupt or wrong-version file is a CatalogError."""
    path = catalog_path(path)
    with catalog_errors(path):
        connection = connect(path)
        _require_search_indexes(connection)
        check_sizes(connection)
        lock = threading.Lock()
        catalog = _load(connection, lock, path)
        check_catalog(catalog)
    return CatalogDatabase(path, connection, catalog, lock)


def _require_search_indexes(connection: sqlite3.Connection) -> None:
    """A catalog missing a search index is refused when opened, not at the first keystroke."""
    names = (_FTS, *_COLUMN_FTS.values())
    found = {
        row[0]
        for row in connection.execute(
            f"select name from sqlite_master where type = 'table' and name in "
            f"({', '.join('?' * len(names))})",
            names,
        )
    }
    missing = [name for name in names if name not in found]
    if missing:
        raise ValueError(f"no {', '.join(missing)} table")


def _rows(connection: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    return connection.execute(sql).fetchall()


def _list(text: Any) -> list[Any]:
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value


class _Meta(Struct, frozen=True):
    program: str
    version: str
    catalog_year: str
    total_units: float


class _TrackRules(Struct, frozen=True, forbid_unknown_fields=True):
    """A track's rules column (JSON): the rules that are one value, not a table of their own."""

    partial_final_term: bool = False
    undergraduate_max_courses: int | None = None
    undergraduate_min_level: int | None = None
    internship_term: str | None = None


def _load(connection: sqlite3.Connection, lock: threading.Lock, path: Path) -> Catalog:
    # Every value is checked for its type as it is read (msgspec.convert): the file may have been
    # changed since the build, and a wrong type would otherwise surface as a crash far from here.
    meta = {row["key"]: row["value"] for row in _rows(connection, "select key, value from meta")}
    facts = msgspec.convert(
        {**meta, "total_units": float(meta["total_units"])}, _Meta, strict=False
    )
    courses = LazyCourses(connection, lock, path)
    check_track_count(connection.execute("select count(*) from tracks").fetchone()[0])
    tracks: dict[str, Track] = {}
    for row in _rows(connection, "select * from tracks order by position"):
        track = _track(connection, row)
        tracks[track.id] = track
    texts = msgspec.convert(
        {
            "aliases": [
                tuple(row) for row in _rows(connection, "select alias, target from aliases")
            ],
            "sources": [tuple(row) for row in _rows(connection, "select id, url from sources")],
        },
        dict[str, list[tuple[str, str]]],
    )
    return Catalog(
        program=facts.program,
        version=facts.version,
        catalog_year=facts.catalog_year,
        total_units=facts.total_units,
        courses=courses,
        categories={
            row["id"]: from_row(Category, row)
            for row in _rows(connection, "select * from categories order by position")
        },
        placeholders={
            row["id"]: msgspec.convert(
                {
                    "id": row["id"],
                    "label": row["label"],
                    "units": row["units"],
                    "categories": _list(row["categories"]),
                },
                Placeholder,
            )
            for row in _rows(connection, "select * from placeholders")
        },
        milestones={
            row["id"]: from_row(Milestone, row)
            for row in _rows(connection, "select * from milestones")
        },
        tracks=tracks,
        aliases=dict(texts["aliases"]),
        sources=dict(texts["sources"]),
        tuition=load_tuition(connection),
    )


def _track(connection: sqlite3.Connection, row: sqlite3.Row) -> Track:
    track_id = row["id"]
    params = (track_id,)
    terms = tuple(
        from_row(Term, t)
        for t in connection.execute(
            "select * from terms where track = ? order by position", params
        ).fetchall()
    )
    limits = {
        lim["season"]: from_row(LoadLimit, lim, source=lim["source"] or "")
        for lim in connection.execute("select * from limits where track = ?", params).fetchall()
    }
    template: dict[str, list[str]] = {}
    for entry in connection.execute(
        "select * from template where track = ? order by term, position", params
    ).fetchall():
        template.setdefault(entry["term"], []).append(entry["entry"])
    requirements = tuple(
        from_row(Requirement, r)
        for r in connection.execute(
            "select * from requirements where track = ? order by position", params
        ).fetchall()
    )
    rules = msgspec.json.decode(row["rules"], type=_TrackRules)
    return msgspec.convert(
        {
            "id": track_id,
            "name": row["name"],
            "mode": row["mode"],
            "months": row["months"],
            "description": row["description"],
            "terms": terms,
            "limits": limits,
            "template": {k: tuple(v) for k, v in template.items()},
            "requirements": requirements,
            "partial_final_term": rules.partial_final_term,
            "undergraduate_max_courses": rules.undergraduate_max_courses,
            "undergraduate_min_level": rules.undergraduate_min_level,
            "internship_term": rules.internship_term,
            "term_index": {term.id: i for i, term in enumerate(terms)},
        },
        Track,
    )
