"""Reading and checking the readable catalog sources (data/catalog/*.toml)."""

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from advisor_app.catalog.bounds import KINDS, LEVELS, MODES, SEASONS, SEVERITIES
from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.tuition_tables import check_costs
from advisor_app.domain.codes import PLACEHOLDER_PREFIX, normalize_code

SOURCE_FILES = ("catalog.toml", "courses.toml", "tracks.toml", "requirements.toml", "costs.toml")


def source_digest(source_dir: Path) -> str:
    """A hash of the source files, stored in the built catalog to tell when it is out of date."""
    digest = hashlib.sha256()
    for name in SOURCE_FILES:
        digest.update(name.encode())
        digest.update((source_dir / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def read_sources(source_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in SOURCE_FILES:
        path = source_dir / name
        try:
            data[name.removesuffix(".toml")] = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CatalogError(f"{path}: catalog source missing") from None
        except tomllib.TOMLDecodeError as error:
            raise CatalogError(f"{path}: not valid TOML ({error})") from None
    check_sources(data)
    return data


def _fail(where: str, problem: str) -> None:
    raise CatalogError(f"catalog source {where}: {problem}")


def check_sources(data: dict[str, Any]) -> None:
    """Refuse sources that contradict themselves, naming the offending fact."""
    meta = data["catalog"]
    categories = {c["id"] for c in meta.get("categories", [])}
    placeholders = {p["id"] for p in meta.get("placeholders", [])}
    milestones = {m["id"] for m in meta.get("milestones", [])}
    courses = data["courses"].get("course", [])
    codes = set()
    for course in courses:
        code = course.get("code", "")
        if normalize_code(code) != code:
            _fail(f"course {code!r}", f"write the code as {normalize_code(code)!r}")
        if code in codes:
            _fail(f"course {code}", "defined twice")
        codes.add(code)
        if course.get("category") not in categories:
            _fail(f"course {code}", f"unknown category {course.get('category')!r}")
        for mode in ("on_campus", "online"):
            if not set(course.get(mode, [])) <= SEASONS:
                _fail(f"course {code}", f"{mode} must list seasons of {sorted(SEASONS)}")
        if not course.get("source"):
            _fail(f"course {code}", "has no source")
        if not set(course.get("unconfirmed_modes", [])) <= MODES:
            _fail(f"course {code}", f"unconfirmed_modes must list modes of {sorted(MODES)}")
    for course in courses:
        for other in course.get("cross_listed", []):
            if normalize_code(other) != other:
                _fail(
                    f"course {course['code']}",
                    f"write the cross-listed code as {normalize_code(other)!r}",
                )
            if other in codes:
                _fail(
                    f"course {course['code']}",
                    f"cross-listed code {other} is also a course of its own: one course, one entry",
                )
    for course in courses:
        for other in course.get("prerequisites", []) + course.get("corequisites", []):
            if other not in codes:
                _fail(f"course {course['code']}", f"requisite {other} is not in the catalog")
    sets = {s["id"]: s for s in data["requirements"].get("set", [])}
    for rset in sets.values():
        for req in rset["requirements"]:
            where = f"requirement {rset['id']}/{req['id']}"
            if req.get("kind") not in KINDS:
                _fail(where, f"kind must be one of {sorted(KINDS)}")
            if req.get("severity", "error") not in SEVERITIES:
                _fail(where, f"severity must be one of {sorted(SEVERITIES)}")
            for code in req.get("courses", []):
                if code not in codes:
                    _fail(where, f"{code} is not in the catalog")
            for cat in req.get("categories", []):
                if cat != "*" and cat not in categories:
                    _fail(where, f"unknown category {cat!r}")
            for milestone in req.get("milestones", []):
                if milestone not in milestones:
                    _fail(where, f"unknown milestone {milestone!r}")
    requirement_ids = {r["id"] for rset in sets.values() for r in rset["requirements"]}
    for rset in sets.values():
        for req in rset["requirements"]:
            if req.get("replaced_by") and req["replaced_by"] not in requirement_ids:
                _fail(f"requirement {rset['id']}/{req['id']}", "replaced_by names no requirement")
    for track in data["tracks"].get("track", []):
        where = f"track {track.get('id')}"
        term_ids = [t["id"] for t in track.get("terms", [])]
        for term in track.get("terms", []):
            if term.get("season") not in SEASONS:
                _fail(where, f"term {term.get('id')} has no valid season")
            if term.get("level", "graduate") not in LEVELS:
                _fail(where, f"term {term.get('id')} has no valid level")
        for set_id in track.get("requirement_sets", []):
            if set_id not in sets:
                _fail(where, f"unknown requirement set {set_id!r}")
        for term_id, entries in track.get("template", {}).items():
            if term_id not in term_ids:
                _fail(where, f"template term {term_id} is not one of the track's terms")
            for entry in entries:
                if entry.startswith(PLACEHOLDER_PREFIX):
                    if entry[len(PLACEHOLDER_PREFIX) :] not in placeholders:
                        _fail(where, f"template placeholder {entry} is not defined")
                elif entry not in codes:
                    _fail(where, f"template course {entry} is not in the catalog")
    track_terms = {
        t.get("id"): {term.get("id") for term in t.get("terms", [])}
        for t in data["tracks"].get("track", [])
    }
    check_costs(data["costs"], track_terms, codes)
