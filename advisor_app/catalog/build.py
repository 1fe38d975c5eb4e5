"""`advisor-app catalog build`: data/catalog/*.toml -> data/catalog.sqlite, with sqlite-utils."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils

from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.paths import SCHEMA_VERSION
from advisor_app.catalog.sources import read_sources, source_digest
from advisor_app.domain.codes import PLACEHOLDER_PREFIX, normalize_code


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _rows(data: dict[str, Any], digest: str) -> dict[str, list[dict[str, Any]]]:
    meta = data["catalog"]
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "meta",
            "sources",
            "categories",
            "placeholders",
            "milestones",
            "courses",
            "requisites",
            "aliases",
            "tracks",
            "terms",
            "limits",
            "template",
            "requirements",
        )
    }
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
        rows["courses"].append(
            {
                "code": c["code"],
                "title": c["title"],
                "units": float(c["units"]),
                "category": c["category"],
                "description": c["description"],
                "on_campus": _json(c.get("on_campus", [])),
                "online": _json(c.get("online", [])),
                "repeatable": int(c.get("repeatable", 1)),
                "source": c["source"],
            }
        )
        for kind in ("prerequisites", "corequisites"):
            for other in c.get(kind, []):
                rows["requisites"].append(
                    {"course": c["code"], "requires": other, "kind": kind[:-1]}
                )
        for alias in c.get("aliases", []):
            rows["aliases"].append({"alias": normalize_code(alias), "target": c["code"]})
    sets = {s["id"]: s["requirements"] for s in data["requirements"]["set"]}
    for position, t in enumerate(data["tracks"]["track"]):
        rules = {
            k: t[k]
            for k in (
                "partial_final_term",
                "undergraduate_max_courses",
                "undergraduate_min_level",
                "internship_term",
            )
            if k in t
        }
        rows["tracks"].append(
            {
                "id": t["id"],
                "name": t["name"],
                "mode": t["mode"],
                "months": t["months"],
                "description": t["description"],
                "rules": _json(rules),
                "position": position,
                "source": t["source"],
            }
        )
        for i, term in enumerate(t["terms"]):
            rows["terms"].append(
                {
                    "track": t["id"],
                    "id": term["id"],
                    "name": term["name"],
                    "season": term["season"],
                    "year_offset": term["year"],
                    "level": term.get("level", "graduate"),
                    "position": i,
                }
            )
        for limit in t.get("limits", []):
            rows["limits"].append(
                {
                    "track": t["id"],
                    **{
                        k: limit.get(k)
                        for k in (
                            "season",
                            "max_units",
                            "max_courses",
                            "advised_courses",
                            "f1_min_units",
                            "source",
                        )
                    },
                }
            )
        for term_id, entries in t.get("template", {}).items():
            for i, entry in enumerate(entries):
                rows["template"].append(
                    {"track": t["id"], "term": term_id, "position": i, "entry": entry}
                )
        position_in_track = 0
        for set_id in t["requirement_sets"]:
            for req in sets[set_id]:
                rows["requirements"].append(
                    {
                        "track": t["id"],
                        "id": req["id"],
                        "label": req["label"],
                        "kind": req["kind"],
                        "courses": _json(req.get("courses", [])),
                        "categories": _json(req.get("categories", [])),
                        "milestones": _json(req.get("milestones", [])),
                        "n": req.get("n", 0),
                        "units": float(req.get("units", 0)),
                        "severity": req.get("severity", "error"),
                        "source": req["source"],
                        "requirement_set": set_id,
                        "position": position_in_track,
                    }
                )
                position_in_track += 1
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
    "requisites": ("course", "requires", "kind"),
    "template": ("track", "term", "position"),
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
        for table, table_rows in rows.items():
            db[table].insert_all(table_rows, pk=_PRIMARY_KEYS[table])  # type: ignore[union-attr]
        db["courses"].enable_fts(["code", "title", "description"], create_triggers=False)  # type: ignore[union-attr]
        db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        db.conn.commit()
        db.conn.execute("VACUUM")
        db.close()
        os.replace(temp_name, target)
    except Exception as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, CatalogError):
            raise
        raise CatalogError(f"{target}: could not build the catalog ({error})") from error
    return {table: len(table_rows) for table, table_rows in rows.items()}
