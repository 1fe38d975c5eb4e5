"""Reading and writing plan files (see docs/plan-format.md)."""

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from advisor_app.domain.plan import (
    SUBSTITUTE,
    WAIVE_COURSE,
    WAIVE_FINDING,
    Decision,
    ExternalCourse,
    Plan,
)
from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.format import FORMAT_NAME, FORMAT_VERSION, KNOWN_KEYS
from advisor_app.plans.limits import LIMITS
from advisor_app.plans.parsing import plan_from_dict
from advisor_app.plans.reading import FileTooLarge, NotARegularFile, read_bounded
from advisor_app.plans.writing import write_atomically

MAX_FILE_BYTES = LIMITS.file_bytes


def _expect(condition: bool, reason: str) -> None:
    if not condition:
        raise PlanFileError(reason)


def _terms_to_json(terms: Any, records: Any) -> dict[str, list[str | dict[str, Any]]]:
    out: dict[str, list[str | dict[str, Any]]] = {}
    for term_id, entries in terms.items():
        if not entries:
            continue
        items: list[str | dict[str, Any]] = []
        for entry in entries:
            record = records.get((term_id, entry))
            if record is None or record.is_default:
                items.append(entry)
                continue
            item: dict[str, Any] = {"code": entry, "status": record.status}
            if record.grade:
                item["grade"] = record.grade
            if record.counts_for_undergraduate is not None:
                item["counts_for_undergraduate"] = record.counts_for_undergraduate
            items.append(item)
        out[term_id] = items
    return out


def exception_to_dict(decision: Decision) -> dict[str, str]:
    data = {"kind": decision.kind}
    if decision.kind == WAIVE_FINDING:
        data["rule"] = decision.rule
        if decision.course:
            data["course"] = decision.course
    else:
        data["requirement"] = decision.requirement
        data["course"] = decision.course
        if decision.kind == SUBSTITUTE:
            data["with"] = decision.with_course
        if decision.kind == WAIVE_COURSE and decision.replace_with:
            data["replace_with"] = decision.replace_with
    data["reason"] = decision.reason
    return data


def _external_to_dict(course: ExternalCourse) -> dict[str, Any]:
    units: float | int = int(course.units) if course.units.is_integer() else course.units
    return {"code": course.code, "title": course.title, "units": units, "category": course.category}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "student": {"name": plan.student_name, "id": plan.student_id},
        "advisor": {"name": plan.advisor_name},
        "track": plan.track,
        "start_year": plan.start_year,
        "terms": _terms_to_json(plan.terms, plan.records),
        "external_courses": [_external_to_dict(c) for c in plan.external_courses],
        "exceptions": [exception_to_dict(d) for d in plan.exceptions],
        "milestones": list(plan.milestones),
        "notes": plan.notes,
        "status": plan.status,
        "approved_on": plan.approved_on,
        "approved_by": plan.approved_by,
        "revision": plan.revision,
        "history": [
            {
                "revision": h.revision,
                "approved_on": h.approved_on,
                "approved_by": h.approved_by,
                "track": h.track,
                "start_year": h.start_year,
                "terms": _terms_to_json(h.terms, h.records),
                "exceptions": [exception_to_dict(d) for d in h.exceptions],
                "external_courses": [_external_to_dict(c) for c in h.external_courses],
            }
            for h in plan.history
        ],
    }
    data.update({k: v for k, v in plan.extra.items() if k not in KNOWN_KEYS})
    return data


def dumps_plan(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def canonical_json(plan: Plan) -> str:
    """One spelling per plan (sorted keys, no spaces): the input of the plan's fingerprint."""
    return json.dumps(plan_to_dict(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse_constant(name: str) -> Any:
    raise PlanFileError(f"not a plan: '{name}' is not a number JSON allows")


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: JSON readers disagree on a repeated one (Python's
    keeps the last, others the first), so a plan with one could read as two different plans."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        shown = json.dumps(twice[:40] + ("…" if len(twice) > 40 else ""), ensure_ascii=True)
        raise PlanFileError(f"not a plan: the key {shown} appears twice in one object")
    return data


def parse_plan(text: str) -> Plan:
    _expect(
        len(text) <= LIMITS.file_bytes,
        f"too large to be a plan ({len(text):,} characters; the limit is {LIMITS.file_bytes:,})",
    )
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_once_each)
    except json.JSONDecodeError as error:
        raise PlanFileError(f"not valid JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise PlanFileError("not a plan: nested too deeply") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise PlanFileError("not a plan: a number in it is too long") from None
    # Decoded UTF-8 holds no lone surrogate: only a "\udXXX" escape can make one.
    return plan_from_dict(data, text_checked=not _SURROGATE_ESCAPE.search(text))


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read a plan file; every failure is a PlanFileError with a one-line reason."""
    path = Path(path)
    return plan_from_bytes(read_plan_bytes(path), path.name)


def read_plan_bytes(path: Path) -> bytes:
    """A plan file's bytes, refusing what is too large to be one, or no regular file (a device
    such as /dev/zero, or a named pipe), with a PlanFileError."""
    is_pdf_name = path.suffix.lower() == ".pdf"
    limit = LIMITS.pdf_bytes if is_pdf_name else MAX_FILE_BYTES
    try:
        return read_bounded(path, limit)
    except FileTooLarge as error:
        kind = "" if is_pdf_name else " to be a plan file"
        raise PlanFileError(
            f"{path.name}: too large{kind} ({error.shown}; the limit is {limit:,})"
        ) from None
    except NotARegularFile:
        raise PlanFileError(f"{path}: not a plan file (a device, pipe or socket)") from None
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path}: is a folder, not a plan file") from None
    except PermissionError:
        raise PlanFileError(f"{path}: permission denied") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot be read ({error.strerror})") from None


def plan_from_bytes(raw: bytes, name: str) -> Plan:
    """A plan from a file's bytes: JSON, or a PDF with the plan embedded."""
    if raw.startswith(b"%PDF"):
        from advisor_app.plans.pdf_attachment import plan_text_from_pdf

        text = plan_text_from_pdf(raw, name)
    else:
        _expect(
            len(raw) <= MAX_FILE_BYTES,
            f"{name}: too large to be a plan file ({len(raw):,} bytes; the limit is "
            f"{MAX_FILE_BYTES:,})",
        )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanFileError(f"{name}: not a plan file (not UTF-8 text)") from None
    try:
        return parse_plan(text)
    except PlanFileError as error:
        raise PlanFileError(f"{name}: {error}") from None


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> str:
    """Save atomically; returns the SHA-256 of the bytes written (see plans/plan_file.py)."""
    data = dumps_plan(plan).encode("utf-8")
    write_atomically(Path(path), data)
    return hashlib.sha256(data).hexdigest()
