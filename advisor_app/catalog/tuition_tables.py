"""The tuition source (data/catalog/costs.toml): its checks, its tables in the built catalog, and
loading them back as the domain's TuitionSchedule. Kept apart so the course, track and
requirement sources stay as they are."""

import sqlite3
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
    source = str(item.get("source", "")).strip()
    first = source.split(":", 1)[0].strip()
    if not source:
        _fail(where, "has no source")
    elif not source.startswith(ASSUMPTION_MARK) and first not in sources:
        _fail(where, f"source must start with one of {sorted(sources)} or 'assumption:'")


def check_costs(data: dict[str, Any], track_ids: set[str], codes: set[str]) -> None:
    """Refuse a tuition source that contradicts itself or the catalog, naming the fact."""
    meta = data.get("meta", {})
    for key in ("academic_year", "currency", "caveat", "excludes"):
        if not str(meta.get(key, "")).strip():
            _fail("[meta]", f"needs {key}")
    sources = {s.get("id", "") for s in data.get("sources", [])}
    rates = {r.get("id", ""): r for r in data.get("rates", [])}
    for rate_id, rate in rates.items():
        where = f"rate {rate_id!r}"
        _sourced(where, rate, sources)
        amount = rate.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= 10**7:
            _fail(where, "amount must be whole dollars from 0 to 10,000,000")
        if rate.get("per") not in (PER_TERM, PER_CREDIT):
            _fail(where, f"per must be {PER_TERM!r} or {PER_CREDIT!r}")
        if rate.get("cap", "") and rate["cap"] not in rates:
            _fail(where, f"cap {rate['cap']!r} is not a rate")
    for charges in data.get("tracks", []):
        where = f"track {charges.get('id')!r}"
        if charges.get("id") not in track_ids:
            _fail(where, "is not a track of tracks.toml")
        _sourced(where, charges, sources)
        for key in (*SEASONS, "final_term", "undergraduate"):
            rate_id = charges.get(key, "")
            if key in SEASONS and not rate_id:
                _fail(where, f"needs a rate for {key}")
            if rate_id and rate_id not in rates:
                _fail(where, f"{key} rate {rate_id!r} is not a rate")
        percent = charges.get("scholarship_percent", 0)
        if not isinstance(percent, int) or not 0 <= percent <= 100:
            _fail(where, "scholarship_percent must be a whole number from 0 to 100")
    free = data.get("no_tuition", {})
    _sourced("[no_tuition]", free, sources)
    for code in free.get("courses", []):
        if code not in codes:
            _fail("[no_tuition]", f"{code} is not in the catalog")
    for position, item in enumerate(data.get("assumptions", [])):
        _sourced(f"assumption {position + 1}", item, sources)
    for item in data.get("published", []):
        _sourced(f"published total of {item.get('track')!r}", item, sources)
        if item.get("track") not in track_ids:
            _fail(f"published total of {item.get('track')!r}", "is not a track")


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
                **{k: t.get(k, "") for k in (*SEASONS, "final_term", "undergraduate")},
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
                final_term=t["final_term"] or "",
                undergraduate=t["undergraduate"] or "",
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
