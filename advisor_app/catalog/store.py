"""Opening data/catalog.sqlite read-only and turning it into the domain's Catalog."""

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.paths import SCHEMA_VERSION, default_catalog_path
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
_REBUILD = "rebuild it with `advisor-app catalog build` (or restore it from the repository)"


class CatalogDatabase:
    """A read-only connection to the catalog, its data loaded once, and full-text search."""

    def __init__(self, path: Path, connection: sqlite3.Connection, catalog: Catalog) -> None:
        self.path = path
        self.connection = connection
        self.catalog = catalog

    def search(self, query: str, limit: int = 200) -> list[str]:
        """Codes of the courses matching `query` (every word a prefix), best match first."""
        words = _WORD.findall(query)
        if not words:
            return list(self.catalog.courses)
        fts_query = " ".join(f'"{word}"*' for word in words)
        # sqlite-utils knows the FTS table's name and how to rank by it.
        import sqlite_utils

        db = sqlite_utils.Database(self.connection)
        rows = db["courses"].search(fts_query, columns=["code"], limit=limit)  # type: ignore[union-attr]
        return [row["code"] for row in rows]

    def close(self) -> None:
        self.connection.close()


def open_catalog(path: Path | None = None) -> CatalogDatabase:
    """Open the catalog read-only; a missing, corrupt or wrong-version file is a CatalogError."""
    path = Path(path) if path else default_catalog_path()
    if not path.is_file():
        raise CatalogError(f"{path}: catalog not found; {_REBUILD}")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
        connection.row_factory = sqlite3.Row
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            connection.close()
            age = "an older" if version < SCHEMA_VERSION else "a newer"
            raise CatalogError(
                f"{path}: catalog was built by {age} version of AIPI Advisor (schema {version}; "
                f"this app reads schema {SCHEMA_VERSION}); {_REBUILD}"
            )
        catalog = _load(connection)
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise CatalogError(
                f"{path}: catalog is locked by another program (perhaps a catalog build in "
                "progress); wait for it to finish or close that program, then start again"
            ) from None
        if "unable to open" in str(error):
            raise CatalogError(
                f"{path}: catalog cannot be opened (check that you may read the file and its "
                f"folder); {_REBUILD}"
            ) from None
        raise CatalogError(
            f"{path}: catalog is corrupt or unreadable ({error}); {_REBUILD}"
        ) from None
    except sqlite3.DatabaseError as error:
        raise CatalogError(
            f"{path}: catalog is corrupt or unreadable ({error}); {_REBUILD}"
        ) from None
    except (KeyError, ValueError, TypeError) as error:
        raise CatalogError(f"{path}: catalog is incomplete ({error}); {_REBUILD}") from None
    return CatalogDatabase(path, connection, catalog)


def _rows(connection: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    return connection.execute(sql).fetchall()


def _list(text: Any) -> list[Any]:
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value


def _load(connection: sqlite3.Connection) -> Catalog:
    meta = {row["key"]: row["value"] for row in _rows(connection, "select key, value from meta")}
    courses = {
        row["code"]: Course(
            code=row["code"],
            title=row["title"],
            units=float(row["units"]),
            category=row["category"],
            description=row["description"],
            on_campus=frozenset(_list(row["on_campus"])),
            online=frozenset(_list(row["online"])),
            repeatable=int(row["repeatable"]),
            source=row["source"],
        )
        for row in _rows(connection, "select * from courses order by code")
    }
    requisites: dict[tuple[str, str], list[str]] = {}
    for row in _rows(connection, "select * from requisites order by course, rowid"):
        requisites.setdefault((row["course"], row["kind"]), []).append(row["requires"])
    for code, course in list(courses.items()):
        pre = tuple(requisites.get((code, "prerequisite"), ()))
        co = tuple(requisites.get((code, "corequisite"), ()))
        if pre or co:
            courses[code] = Course(**{**_fields(course), "prerequisites": pre, "corequisites": co})
    tracks: dict[str, Track] = {}
    for row in _rows(connection, "select * from tracks order by position"):
        tracks[row["id"]] = _track(connection, row)
    return Catalog(
        program=meta["program"],
        version=meta["version"],
        catalog_year=meta["catalog_year"],
        total_units=float(meta["total_units"]),
        courses=courses,
        categories={
            row["id"]: Category(row["id"], row["label"], row["colour"])
            for row in _rows(connection, "select * from categories order by position")
        },
        placeholders={
            row["id"]: Placeholder(
                row["id"], row["label"], float(row["units"]), frozenset(_list(row["categories"]))
            )
            for row in _rows(connection, "select * from placeholders")
        },
        milestones={
            row["id"]: Milestone(row["id"], row["label"])
            for row in _rows(connection, "select * from milestones")
        },
        tracks=tracks,
        aliases={row["alias"]: row["target"] for row in _rows(connection, "select * from aliases")},
        sources={row["id"]: row["url"] for row in _rows(connection, "select * from sources")},
        tuition=load_tuition(connection),
    )


def _fields(course: Course) -> dict[str, Any]:
    return {name: getattr(course, name) for name in Course.__slots__}


def _track(connection: sqlite3.Connection, row: sqlite3.Row) -> Track:
    track_id = row["id"]
    params = (track_id,)
    terms = tuple(
        Term(t["id"], t["name"], t["season"], int(t["year_offset"]), t["level"])
        for t in connection.execute(
            "select * from terms where track = ? order by position", params
        ).fetchall()
    )
    limits = {
        lim["season"]: LoadLimit(
            season=lim["season"],
            max_units=lim["max_units"],
            max_courses=lim["max_courses"],
            advised_courses=lim["advised_courses"],
            f1_min_units=lim["f1_min_units"],
            source=lim["source"] or "",
        )
        for lim in connection.execute("select * from limits where track = ?", params).fetchall()
    }
    template: dict[str, list[str]] = {}
    for entry in connection.execute(
        "select * from template where track = ? order by term, position", params
    ).fetchall():
        template.setdefault(entry["term"], []).append(entry["entry"])
    requirements = tuple(
        Requirement(
            id=r["id"],
            label=r["label"],
            kind=r["kind"],
            courses=tuple(_list(r["courses"])),
            categories=frozenset(_list(r["categories"])),
            milestones=tuple(_list(r["milestones"])),
            n=int(r["n"]),
            units=float(r["units"]),
            severity=r["severity"],
            source=r["source"],
        )
        for r in connection.execute(
            "select * from requirements where track = ? order by position", params
        ).fetchall()
    )
    rules = json.loads(row["rules"])
    return Track(
        id=track_id,
        name=row["name"],
        mode=row["mode"],
        months=int(row["months"]),
        description=row["description"],
        terms=terms,
        limits=limits,
        template={k: tuple(v) for k, v in template.items()},
        requirements=requirements,
        partial_final_term=bool(rules.get("partial_final_term", False)),
        undergraduate_max_courses=rules.get("undergraduate_max_courses"),
        undergraduate_min_level=rules.get("undergraduate_min_level"),
        internship_term=rules.get("internship_term"),
        term_index={term.id: i for i, term in enumerate(terms)},
    )
