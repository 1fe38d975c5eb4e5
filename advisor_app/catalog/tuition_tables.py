"""The tuition source (data/catalog/costs.toml): its checks, its tables in the built catalog, and
loading them back as the domain's TuitionSchedule. Kept apart so the course, track and
requirement sources stay as they are."""

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from advisor_app.catalog.errors import CatalogError
from advisor_app.domain.tuition import (
    ASSUMPTION_MARK,
    PER_CREDIT,
    PER_TERM,
    Assumption,
    PublishedTotal,
    TrackTuition,
    TuitionRate,
    TuitionSchedule,
    TuitionSource,
)

SEASONS = ("summer", "fall", "spring")
LEVELS = ("graduate", "undergraduate", "medical")

#: Tables and their primary keys, built by build.py beside the others.
TUITION_KEYS: dict[str, str | tuple[str, ...]] = {
    "tuition_meta": "key",
    "tuition_sources": "id",
    "tuition_rates": "id",
    "tuition_tracks": "track",
    "tuition_free": "course",
    "tuition_assumptions": "position",
    "tuition_published": "track",
}


def _fail(where: str, problem: str) -> None:
    raise CatalogError(f"catalog source costs.toml, {where}: {problem}")


def _sourced(where: str, item: dict[str, Any], sources: set[str]) -> None:
    """Every fact names a source id of costs.toml, or starts with "assumption:"."""
    source = _text(where, item, "source", required=False).strip()
    first = source.split(":", 1)[0].strip()
    if not source:
        _fail(where, "has no source")
    elif not source.startswith(ASSUMPTION_MARK) and first not in sources:
        _fail(where, f"source must start with one of {sorted(sources)} or 'assumption:'")


def _text(where: str, item: dict[str, Any], key: str, required: bool = True) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        _fail(where, f"{key} must be text" + (" (not empty)" if required else ""))
    return str(value)


def _whole(where: str, item: dict[str, Any], key: str, low: int, high: int, default: int) -> int:
    value = item.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        _fail(where, f"{key} must be a whole number from {low:,} to {high:,}")
    return int(value)


def _tables(data: dict[str, Any], key: str, id_key: str | None) -> list[dict[str, Any]]:
    """A list of tables ([[key]]), their ids (when they have one) text and unique."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        _fail(f"[[{key}]]", "must be a list of tables")
    if id_key is not None:
        ids = [_text(f"[[{key}]] {i + 1}", item, id_key) for i, item in enumerate(value)]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            _fail(f"[[{key}]] {twice[0]!r}", "defined twice")
    return list(value)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        _fail(f"[{key}]", "must be a table")
    return dict(value)


def _rate_table(
    where: str, charges: dict[str, Any], key: str, allowed: set[str], rates: Mapping[str, Any]
) -> None:
    """`terms` or `levels` of a track: which of its terms or levels, and which rate ("" none)."""
    table = charges.get(key, {})
    if not isinstance(table, dict):
        _fail(where, f"{key} must be a table")
    for name, rate_id in table.items():
        if name not in allowed:
            _fail(where, f"{key}: {name!r} is not one of {sorted(allowed)}")
        if not isinstance(rate_id, str) or (rate_id and rate_id not in rates):
            _fail(where, f"{key}: {name} rate {rate_id!r} is not a rate")


def check_costs(data: dict[str, Any], tracks: Mapping[str, set[str]], codes: set[str]) -> None:
    """Refuse a tuition source that contradicts itself or the catalog (`tracks`: each track's
    term ids), naming the fact; whatever its shape, the result is a CatalogError, never a crash."""
    track_ids = set(tracks)
    meta = _table(data, "meta")
    for key in ("academic_year", "currency", "caveat", "excludes"):
        _text("[meta]", meta, key)
    sources: set[str] = set()
    for item in _tables(data, "sources", "id"):
        where = f"source {item['id']!r}"
        for key in ("title", "url"):
            _text(where, item, key)
        _text(where, item, "where", required=False)
        sources.add(item["id"])
    rates = {r["id"]: r for r in _tables(data, "rates", "id")}
    for rate_id, rate in rates.items():
        where = f"rate {rate_id!r}"
        _text(where, rate, "label")
        _sourced(where, rate, sources)
        _whole(where, rate, "amount", 0, 10_000_000, -1)  # whole dollars
        if rate.get("per") not in (PER_TERM, PER_CREDIT):
            _fail(where, f"per must be {PER_TERM!r} or {PER_CREDIT!r}")
        cap = _text(where, rate, "cap", required=False)
        if cap and cap not in rates:
            _fail(where, f"cap {cap!r} is not a rate")
    for charges in _tables(data, "tracks", "id"):
        where = f"track {charges['id']!r}"
        if charges["id"] not in track_ids:
            _fail(where, "is not a track of tracks.toml")
        _sourced(where, charges, sources)
        for key in SEASONS:
            if not charges.get(key):
                _fail(where, f"needs a rate for {key}")
            rate_id = _text(where, charges, key)
            if rate_id not in rates:
                _fail(where, f"{key} rate {rate_id!r} is not a rate")
        _rate_table(where, charges, "terms", tracks[charges["id"]], rates)
        _rate_table(where, charges, "levels", set(LEVELS), rates)
        _whole(where, charges, "scholarship_percent", 0, 100, 0)
        _text(where, charges, "scholarship_label", required=False)
    free = _table(data, "no_tuition")
    _sourced("[no_tuition]", free, sources)
    courses = free.get("courses", [])
    if not isinstance(courses, list) or not all(isinstance(c, str) for c in courses):
        _fail("[no_tuition]", "courses must be a list of course codes")
    for code in courses:
        if code not in codes:
            _fail("[no_tuition]", f"{code} is not in the catalog")
    for position, item in enumerate(_tables(data, "assumptions", None)):
        _text(f"assumption {position + 1}", item, "text")
        _sourced(f"assumption {position + 1}", item, sources)
    for item in _tables(data, "published", "track"):
        where = f"published total of {item['track']!r}"
        _sourced(where, item, sources)
        if item["track"] not in track_ids:
            _fail(where, "is not a track")
        low = _whole(where, item, "low", 0, 10_000_000, -1)
        if _whole(where, item, "high", 0, 10_000_000, -1) < low:
            _fail(where, "high is below low")


def tuition_rows(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    free = data.get("no_tuition", {})
    return {
        "tuition_meta": [
            {"key": k, "value": str(data["meta"][k])}
            for k in ("academic_year", "currency", "caveat", "excludes")
        ]
        + [{"key": "no_tuition_source", "value": free.get("source", "")}],
        "tuition_sources": [
            {k: s.get(k, "") for k in ("id", "title", "url", "where")} for s in data["sources"]
        ],
        "tuition_rates": [
            {k: r.get(k, "") for k in ("id", "label", "amount", "per", "cap", "source")}
            for r in data["rates"]
        ],
        "tuition_tracks": [
            {
                "track": t["id"],
                **{k: t[k] for k in SEASONS},
                "terms": json.dumps(t.get("terms", {})),
                "levels": json.dumps(t.get("levels", {})),
                "scholarship_percent": t.get("scholarship_percent", 0),
                "scholarship_label": t.get("scholarship_label", ""),
                "source": t["source"],
            }
            for t in data["tracks"]
        ],
        "tuition_free": [{"course": code} for code in free.get("courses", [])],
        "tuition_assumptions": [
            {"position": i, "text": a["text"], "source": a["source"]}
            for i, a in enumerate(data.get("assumptions", []))
        ],
        "tuition_published": [
            {k: p[k] for k in ("track", "low", "high", "source")} for p in data.get("published", [])
        ],
    }


def load_tuition(connection: sqlite3.Connection) -> TuitionSchedule:
    def rows(table: str, order: str) -> list[sqlite3.Row]:
        return connection.execute(f"select * from {table} order by {order}").fetchall()

    meta = {row["key"]: row["value"] for row in rows("tuition_meta", "key")}
    return TuitionSchedule(
        academic_year=meta["academic_year"],
        currency=meta["currency"],
        caveat=meta["caveat"],
        excludes=meta["excludes"],
        no_tuition_source=meta.get("no_tuition_source", ""),
        rates={
            r["id"]: TuitionRate(
                r["id"], r["label"], int(r["amount"]), r["per"], r["source"], r["cap"] or ""
            )
            for r in rows("tuition_rates", "rowid")
        },
        tracks={
            t["track"]: TrackTuition(
                track=t["track"],
                seasons={season: t[season] for season in SEASONS},
                source=t["source"],
                terms=_mapping(t["terms"]),
                levels=_mapping(t["levels"]),
                scholarship_percent=int(t["scholarship_percent"]),
                scholarship_label=t["scholarship_label"] or "",
            )
            for t in rows("tuition_tracks", "rowid")
        },
        no_tuition=frozenset(r["course"] for r in rows("tuition_free", "course")),
        assumptions=tuple(
            Assumption(a["text"], a["source"]) for a in rows("tuition_assumptions", "position")
        ),
        published={
            p["track"]: PublishedTotal(p["track"], int(p["low"]), int(p["high"]), p["source"])
            for p in rows("tuition_published", "rowid")
        },
        sources={
            s["id"]: TuitionSource(s["id"], s["title"], s["url"], s["where"])
            for s in rows("tuition_sources", "rowid")
        },
    )


def _mapping(text: str) -> dict[str, str]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("expected a table")
    return {str(k): str(v) for k, v in value.items()}
