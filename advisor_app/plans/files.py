"""Reading and writing plan files (see docs/plan-format.md)."""

import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from advisor_app.domain.plan import PLAN_STATUSES, Plan, Waiver
from advisor_app.plans.errors import PlanFileError

FORMAT_NAME = "aipi-plan"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 5_000_000
_KNOWN_KEYS = {
    "format",
    "version",
    "student",
    "advisor",
    "track",
    "start_year",
    "terms",
    "waivers",
    "notes",
    "milestones",
    "status",
    "approved_on",
    "revision",
}


def _expect(condition: bool, reason: str) -> None:
    if not condition:
        raise PlanFileError(reason)


def _text(value: Any, where: str) -> str:
    _expect(isinstance(value, str), f"{where} must be text")
    return str(value)


def _object(value: Any, where: str) -> dict[str, Any]:
    _expect(isinstance(value, dict), f"{where} must be an object")
    return dict(value)


def _waiver(item: Any, index: int) -> Waiver:
    where = f"waiver {index + 1}"
    data = _object(item, where)
    rule = _text(data.get("rule"), f"{where}: 'rule'")
    _expect(bool(rule.strip()), f"{where}: 'rule' is empty")
    return Waiver(
        rule=rule,
        course=_text(data.get("course", ""), f"{where}: 'course'"),
        reason=_text(data.get("reason", ""), f"{where}: 'reason'"),
    )


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def plan_from_dict(data: Any) -> Plan:
    """Build a Plan from parsed JSON, or raise PlanFileError naming what is wrong."""
    data = _object(data, "the plan")
    _expect(data.get("format") == FORMAT_NAME, f"not an AIPI plan (format is not '{FORMAT_NAME}')")
    version = data.get("version")
    _expect(
        isinstance(version, int) and not isinstance(version, bool), "'version' must be a number"
    )
    _expect(
        version <= FORMAT_VERSION,
        f"written by a newer AIPI Advisor (plan format {version}, this version reads "
        f"{FORMAT_VERSION}); update the app to open it",
    )
    _expect(version >= 1, f"unknown plan format version {version}")
    track = _text(data.get("track"), "'track'")
    _expect(bool(track.strip()), "'track' is empty")
    year = data.get("start_year")
    _expect(
        isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2200,
        "'start_year' must be a year such as 2026",
    )
    terms: dict[str, tuple[str, ...]] = {}
    for term_id, entries in _object(data.get("terms", {}), "'terms'").items():
        _expect(bool(term_id.strip()), "a term id is empty")
        _expect(isinstance(entries, list), f"term '{term_id}' must be a list of course codes")
        for entry in entries:
            _expect(
                isinstance(entry, str) and bool(entry.strip()),
                f"term '{term_id}' holds a blank or non-text course code",
            )
        terms[term_id] = tuple(e.strip() for e in entries)
    student = _object(data.get("student", {}), "'student'")
    advisor = _object(data.get("advisor", {}), "'advisor'")
    waivers = data.get("waivers", [])
    _expect(isinstance(waivers, list), "'waivers' must be a list")
    milestones = data.get("milestones", [])
    _expect(
        isinstance(milestones, list) and all(isinstance(m, str) for m in milestones),
        "'milestones' must be a list of milestone ids",
    )
    status = _text(data.get("status", "draft"), "'status'")
    _expect(status in PLAN_STATUSES, f"'status' must be one of {', '.join(PLAN_STATUSES)}")
    approved_on = _text(data.get("approved_on", ""), "'approved_on'")
    _expect(
        not approved_on or _is_iso_date(approved_on), "'approved_on' must be a date (2026-11-25)"
    )
    revision = data.get("revision", 1)
    _expect(
        isinstance(revision, int) and not isinstance(revision, bool) and revision >= 1,
        "'revision' must be a whole number from 1",
    )
    return Plan(
        track=track.strip(),
        start_year=year,
        terms={k: v for k, v in terms.items() if v},
        student_name=_text(student.get("name", ""), "student 'name'"),
        student_id=_text(student.get("id", ""), "student 'id'"),
        advisor_name=_text(advisor.get("name", ""), "advisor 'name'"),
        waivers=tuple(_waiver(item, i) for i, item in enumerate(waivers)),
        notes=_text(data.get("notes", ""), "'notes'"),
        milestones=tuple(milestones),
        status=status,
        approved_on=approved_on,
        revision=revision,
        extra={k: v for k, v in data.items() if k not in _KNOWN_KEYS},
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "student": {"name": plan.student_name, "id": plan.student_id},
        "advisor": {"name": plan.advisor_name},
        "track": plan.track,
        "start_year": plan.start_year,
        "terms": {term: list(entries) for term, entries in plan.terms.items() if entries},
        "waivers": [{"rule": w.rule, "course": w.course, "reason": w.reason} for w in plan.waivers],
        "milestones": list(plan.milestones),
        "notes": plan.notes,
        "status": plan.status,
        "approved_on": plan.approved_on,
        "revision": plan.revision,
    }
    data.update(plan.extra)
    return data


def dumps_plan(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def canonical_json(plan: Plan) -> str:
    """One spelling per plan (sorted keys, no spaces): the input of the plan's fingerprint."""
    return json.dumps(plan_to_dict(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_plan(text: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(f"not valid JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise PlanFileError("not a plan: nested too deeply") from None
    return plan_from_dict(data)


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read a plan file; every failure is a PlanFileError with a one-line reason."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PlanFileError(f"{path.name}: too large to be a plan file")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path}: is a folder, not a plan file") from None
    except PermissionError:
        raise PlanFileError(f"{path}: permission denied") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror})") from None
    if raw.startswith(b"%PDF"):
        from advisor_app.plans.pdf_attachment import plan_text_from_pdf

        text = plan_text_from_pdf(raw, path)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanFileError(f"{path.name}: not a plan file (not UTF-8 text)") from None
    try:
        return parse_plan(text)
    except PlanFileError as error:
        raise PlanFileError(f"{path.name}: {error}") from None


def write_atomically(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one, whole.

    The bytes go to a temporary file beside the target, are flushed to disk, and replace the
    target in one rename. The previous version is kept as `<name>.bak`.
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise PlanFileError(f"{directory}: no such folder") from None
    except PermissionError:
        raise PlanFileError(f"{directory}: folder is read-only (permission denied)") from None
    except OSError as error:
        raise PlanFileError(f"{directory}: cannot write there ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_backup and path.is_file():
            _keep_backup(path)
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise PlanFileError(f"{path}: could not be saved ({error.strerror or error})") from None


def _keep_backup(path: Path) -> None:
    """Make `<name>.bak` the current version, atomically too: a crash leaves the old backup or
    the new one, whole. A hard link costs no copy; where links are not supported, copy first."""
    backup = path.with_name(path.name + ".bak")
    staged = path.with_name(f".{path.name}.bak.tmp")
    staged.unlink(missing_ok=True)
    try:
        try:
            os.link(path, staged)
        except OSError:
            shutil.copy2(path, staged)
        os.replace(staged, backup)
    except OSError:
        staged.unlink(missing_ok=True)
        raise


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    write_atomically(Path(path), dumps_plan(plan).encode("utf-8"))
