"""`advisor-app catalog build`: data/catalog/*.toml -> data/catalog.sqlite, with sqlite-utils."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils

from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.paths import SCHEMA_VERSION
from advisor_app.catalog.schema import to_row
from advisor_app.catalog.sources import read_sources, source_digest
from advisor_app.catalog.tuition_tables import TUITION_KEYS, tuition_rows
from advisor_app.domain.catalog_model import Course, LoadLimit, Requirement, Term
from advisor_app.domain.codes import PLACEHOLDER_PREFIX, normalize_code


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _course(c: dict[str, Any]) -> Course:
    return Course(
        code=c["code"],
        title=c["title"],
        units=float(c["units"]),
        category=c["category"],
        description=c["description"],
        on_campus=frozenset(c.get("on_campus", [])),
        online=frozenset(c.get("online", [])),
        prerequisites=tuple(c.get("prerequisites", [])),
        corequisites=tuple(c.get("corequisites", [])),
        repeatable=int(c.get("repeatable", 1)),
        source=c["source"],
        cross_listed=tuple(c.get("cross_listed", [])),
        unconfirmed_modes=frozenset(c.get("unconfirmed_modes", [])),
        after_semesters=int(c.get("after_semesters", 0)),
    )


def _requirement(r: dict[str, Any]) -> Requirement:
    return Requirement(
        id=r["id"],
        label=r["label"],
        kind=r["kind"],
        courses=tuple(r.get("courses", [])),
        categories=frozenset(r.get("categories", [])),
        milestones=tuple(r.get("milestones", [])),
        n=int(r.get("n", 0)),
        units=float(r.get("units", 0)),
        severity=r.get("severity", "error"),
        source=r["source"],
        replaced_by=r.get("replaced_by", ""),
    )


_TRACK_RULES = (
    "partial_final_term",
    "undergraduate_max_courses",
    "undergraduate_min_level",
    "internship_term",
)


def _rows(data: dict[str, Any], digest: str) -> dict[str, list[dict[str, Any]]]:
    meta = data["catalog"]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _PRIMARY_KEYS}
    info = {**meta["meta"], "schema_version": SCHEMA_VERSION, "source_digest": digest}
    rows["meta"] = [{"key": k, "value": str(v)} for k, v in info.items()]
    rows["sources"] = [dict(s) for s in meta.get("sources", [])]
    rows["categories"] = [dict(c, position=i) for i, c in enumerate(meta["categories"])]
    rows["milestones"] = [dict(m) for m in meta.get("milestones", [])]
    for p in meta.get("placeholders", []):
        rows["placeholders"].append(
            {**p, "categories": _json(p["categories"]), "aliases": _json(p.get("aliases", []))}
        )
        for alias in p.get("aliases", []):
            rows["aliases"].append(
                {"alias": normalize_code(alias), "target": PLACEHOLDER_PREFIX + p["id"]}
            )
    for c in data["courses"]["course"]:
        course = _course(c)
        rows["courses"].append(to_row(course))
        # A cross-listed code is the same course: it reads as the catalog's code.
        for alias in [*c.get("aliases", []), *course.cross_listed]:
            rows["aliases"].append({"alias": normalize_code(alias), "target": course.code})
    sets = {s["id"]: s["requirements"] for s in data["requirements"]["set"]}
    for position, t in enumerate(data["tracks"]["track"]):
        rows["tracks"].append(
            {
                "id": t["id"],
                "name": t["name"],
                "mode": t["mode"],
                "months": t["months"],
                "description": t["description"],
                "rules": _json({k: t[k] for k in _TRACK_RULES if k in t}),
                "position": position,
                "source": t["source"],
            }
        )
        for i, term in enumerate(t["terms"]):
            term_item = Term(
                term["id"],
                term["name"],
                term["season"],
                term["year"],
                term.get("level", "graduate"),
            )
            rows["terms"].append(to_row(term_item, track=t["id"], position=i))
        for limit in t.get("limits", []):
            fields = {
                k: limit.get(k)
                for k in ("max_units", "max_courses", "advised_courses", "f1_min_units")
            }
            item = LoadLimit(season=limit["season"], source=limit.get("source", ""), **fields)
            rows["limits"].append(to_row(item, track=t["id"]))
        for term_id, entries in t.get("template", {}).items():
            for i, entry in enumerate(entries):
                rows["template"].append(
                    {"track": t["id"], "term": term_id, "position": i, "entry": entry}
                )
        position_in_track = 0
        for set_id in t["requirement_sets"]:
            for req in sets[set_id]:
                rows["requirements"].append(
                    to_row(
                        _requirement(req),
                        track=t["id"],
                        requirement_set=set_id,
                        position=position_in_track,
                    )
                )
                position_in_track += 1
    rows.update(tuition_rows(data["costs"]))
    return rows


_PRIMARY_KEYS: dict[str, str | tuple[str, ...]] = {
    "meta": "key",
    "sources": "id",
    "categories": "id",
    "placeholders": "id",
    "milestones": "id",
    "courses": "code",
    "aliases": "alias",
    "tracks": "id",
    "terms": ("track", "id"),
    "limits": ("track", "season"),
    "requirements": ("track", "id"),
    "template": ("track", "term", "position"),
    **TUITION_KEYS,
}


def build_catalog(source_dir: Path, target: Path) -> dict[str, int]:
    """Build the catalog database from its sources; the target is replaced whole or not at all.

    Returns the number of rows written per table.
    """
    data = read_sources(source_dir)
    rows = _rows(data, source_digest(source_dir))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=".catalog.", suffix=".sqlite", dir=target.parent
        )
    except OSError as error:
        raise CatalogError(f"{target}: cannot write there ({error.strerror})") from None
    os.close(handle)
    try:
        db = sqlite_utils.Database(temp_name)
        # Courses in code order: their rowids, and so full-text matches, come out in code order.
        rows["courses"].sort(key=lambda row: str(row["code"]))
        for table, table_rows in rows.items():
            db[table].insert_all(table_rows, pk=_PRIMARY_KEYS[table])  # type: ignore[union-attr]
        # sqlite-utils' enable_fts cannot ask for prefix indexes, and without them a one- to
        # eight-letter prefix query scans every matching term: with them, a keystroke's search
        # of 10,000 courses takes about a millisecond (bench/bench_search.py).
        db.conn.execute(
            "create virtual table courses_fts using fts5(code, title, description, "
            "content='courses', prefix='1 2 3 4 5 6 7 8')"
        )
        db.conn.execute(
            "insert into courses_fts(rowid, code, title, description) "
            "select rowid, code, title, description from courses"
        )
        # The codes and the titles again, each alone: a search lists matches in the code first,
        # then in the title, and finding those with a column filter on the whole index reads
        # every course with a word of that prefix anywhere.
        for column in ("code", "title"):
            db.conn.execute(
                f"create virtual table courses_{column}_fts using fts5({column}, "
                "content='courses', prefix='1 2 3 4 5 6 7 8')"
            )
            db.conn.execute(
                f"insert into courses_{column}_fts(rowid, {column}) "
                f"select rowid, {column} from courses"
            )
        db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        db.conn.commit()
        db.conn.execute("VACUUM")
        db.close()
        _opens_as_built(Path(temp_name))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp_name, 0o666 & ~mask)  # mkstemp's 0600 would hide the catalog from others
        os.replace(temp_name, target)
    except Exception as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, CatalogError):
            raise
        raise CatalogError(f"{target}: could not build the catalog ({error})") from error
    return {table: len(table_rows) for table, table_rows in rows.items()}


def _opens_as_built(path: Path) -> None:
    """The new catalog is read as the app will read it, every course too: sources the checks
    above let through but the app would refuse (catalog/integrity.py) never replace a catalog."""
    from advisor_app.catalog.store import open_catalog

    try:
        database = open_catalog(path)
        try:
            for code in database.catalog.courses:
                database.catalog.courses[code]
        finally:
            database.close()
    except CatalogError as error:
        problem = str(error).removeprefix(f"{path}: ").split("; rebuild it")[0]
        raise CatalogError(
            f"the catalog sources build a catalog the app refuses: {problem}"
        ) from None
