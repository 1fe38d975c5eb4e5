"""Reading a plan file's JSON into a Plan: strict and bounded. Every field is checked for its
kind and size, so a hostile or damaged file is refused with a one-line reason (a PlanFileError)
and never reaches the rules, the window or the PDF."""

import math
from datetime import date
from typing import Any

from advisor_app.domain.plan import (
    ENTRY_STATUSES,
    EXCEPTION_KINDS,
    GRADES,
    PLAN_STATUSES,
    SUBSTITUTE,
    WAIVE_COURSE,
    WAIVE_FINDING,
    ApprovedRevision,
    CourseRecord,
    Decision,
    ExternalCourse,
    Plan,
)
from advisor_app.plans.errors import PlanFileError
from advisor_app.plans.format import FORMAT_NAME, FORMAT_VERSION, KNOWN_KEYS, READABLE_VERSIONS
from advisor_app.plans.limits import LIMITS, check_structure


def _expect(condition: bool, reason: str) -> None:
    if not condition:
        raise PlanFileError(reason)


def _text(value: Any, where: str, limit: int = LIMITS.text_chars, required: bool = False) -> str:
    if type(value) is str and len(value) <= limit and (not required or value.strip()):
        return value  # the common case, checked without building the messages below
    _expect(isinstance(value, str), f"{where} must be text")
    text = str(value)
    _expect(
        len(text) <= limit,
        f"{where} is too long ({len(text):,} characters; the limit is {limit:,})",
    )
    _expect(not required or bool(text.strip()), f"{where} is empty")
    return text


def _object(value: Any, where: str, allowed: frozenset[str] | None = None) -> dict[str, Any]:
    if type(value) is dict and (allowed is None or allowed.issuperset(value)):
        return dict(value)  # the common case, checked without building the messages below
    _expect(isinstance(value, dict), f"{where} must be an object")
    data = dict(value)
    if allowed is not None:
        unknown = sorted(set(data) - allowed)
        _expect(not unknown, f"{where} has an unknown field '{unknown[0] if unknown else ''}'")
    return data


def _list(value: Any, where: str, limit: int) -> list[Any]:
    if type(value) is list and len(value) <= limit:
        return list(value)  # the common case, checked without building the messages below
    _expect(isinstance(value, list), f"{where} must be a list")
    items = list(value)
    _expect(len(items) <= limit, f"{where} has {len(items):,} items; the limit is {limit:,}")
    return items


def _whole(value: Any, where: str, low: int, high: int) -> int:
    _expect(
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high,
        f"{where} must be a whole number from {low} to {high}",
    )
    return int(value)


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _date(value: Any, where: str) -> str:
    text = _text(value, where, 10)
    _expect(not text or _is_iso_date(text), f"{where} must be a date (2026-11-25)")
    return text


_ENTRY_KEYS = frozenset({"code", "status", "grade", "counts_for_undergraduate"})


def _entry(item: Any, where: str) -> tuple[str, CourseRecord]:
    """A term entry: a code string (planned), or an object with the student's record of it."""
    if isinstance(item, str):
        code = _text(item, where, LIMITS.code_chars, required=True)
        return code.strip(), CourseRecord()
    _expect(isinstance(item, dict), f"{where} must be a course code or an object")
    data = _object(item, where, _ENTRY_KEYS)
    code = _text(data.get("code"), f"{where}: 'code'", LIMITS.code_chars, required=True)
    status = _text(data.get("status", "planned"), f"{where}: 'status'", 20)
    _expect(
        status in ENTRY_STATUSES, f"{where}: 'status' must be one of {', '.join(ENTRY_STATUSES)}"
    )
    grade = _text(data.get("grade", ""), f"{where}: 'grade'", 4).strip().upper()
    _expect(
        not grade or grade in GRADES, f"{where}: '{grade}' is not a grade ({', '.join(GRADES)})"
    )
    counts = data.get("counts_for_undergraduate")
    _expect(
        counts is None or isinstance(counts, bool),
        f"{where}: 'counts_for_undergraduate' must be true or false",
    )
    return code.strip(), CourseRecord(status, grade, counts)


def _terms(
    value: Any, where: str, codes_only: bool = False
) -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], CourseRecord]]:
    data = _object(value, where)
    _expect(
        len(data) <= LIMITS.terms,
        f"{where} has {len(data):,} terms; the limit is {LIMITS.terms}",
    )
    terms: dict[str, tuple[str, ...]] = {}
    records: dict[tuple[str, str], CourseRecord] = {}
    total = 0
    code_chars = LIMITS.code_chars
    for term_id, items in data.items():
        if not (0 < len(term_id) <= LIMITS.code_chars and term_id.strip()):
            _text(term_id, "a term id", LIMITS.code_chars, required=True)
        if type(items) is not list or len(items) > LIMITS.entries_per_term:
            _list(items, f"term '{term_id}'", LIMITS.entries_per_term)
        entries: list[Any] = items
        total += len(entries)
        if total > LIMITS.entries:
            raise PlanFileError(
                f"{where} holds more than {LIMITS.entries} courses in all; the limit is "
                f"{LIMITS.entries}"
            )
        codes = []
        for position, item in enumerate(entries):
            # The common entry, a short code, is checked without building any message.
            if type(item) is str and 0 < len(item) <= code_chars and item.strip():
                codes.append(item.strip())
                continue
            _expect(
                not codes_only or isinstance(item, str), "version 1 plans hold course codes only"
            )
            code, record = _entry(item, f"term '{term_id}', entry {position + 1}")
            codes.append(code)
            if not record.is_default:
                records[(term_id, code)] = record
        if codes:
            terms[term_id] = tuple(codes)
    return terms, records


_EXCEPTION_KEYS = frozenset(
    {"kind", "reason", "requirement", "course", "with", "replace_with", "rule"}
)


def _exception(item: Any, where: str) -> Decision:
    data = _object(item, where, _EXCEPTION_KEYS)
    kind = _text(data.get("kind"), f"{where}: 'kind'", 20)
    _expect(kind in EXCEPTION_KINDS, f"{where}: 'kind' must be one of {', '.join(EXCEPTION_KINDS)}")
    reason = _text(data.get("reason"), f"{where}: 'reason'", LIMITS.reason_chars, required=True)

    def field(name: str, required: bool) -> str:
        value = data.get(name, "")
        return _text(value, f"{where}: '{name}'", LIMITS.code_chars, required=required).strip()

    if kind == WAIVE_FINDING:
        return Decision(
            kind, reason.strip(), course=field("course", False), rule=field("rule", True)
        )
    decision = Decision(
        kind,
        reason.strip(),
        requirement=field("requirement", True),
        course=field("course", True),
        with_course=field("with", kind == SUBSTITUTE),
        replace_with=field("replace_with", False) if kind == WAIVE_COURSE else "",
    )
    return decision


def _version_1_waiver(item: Any, where: str) -> Decision:
    """Version 1's waivers are today's waive-finding exceptions."""
    data = _object(item, where, frozenset({"rule", "course", "reason"}))
    rule = _text(data.get("rule"), f"{where}: 'rule'", LIMITS.code_chars, required=True)
    course = _text(data.get("course", ""), f"{where}: 'course'", LIMITS.code_chars)
    reason = _text(data.get("reason", ""), f"{where}: 'reason'", LIMITS.reason_chars)
    return Decision(WAIVE_FINDING, reason.strip() or "no reason given", course=course, rule=rule)


_EXTERNAL_KEYS = frozenset({"code", "title", "units", "category"})


def _external(item: Any, where: str) -> ExternalCourse:
    data = _object(item, where, _EXTERNAL_KEYS)
    units = data.get("units")
    _expect(
        isinstance(units, int | float)
        and not isinstance(units, bool)
        and math.isfinite(units)
        and 0 <= units <= 12,
        f"{where}: 'units' must be a number from 0 to 12",
    )
    return ExternalCourse(
        code=_text(data.get("code"), f"{where}: 'code'", LIMITS.code_chars, required=True).strip(),
        title=_text(data.get("title", ""), f"{where}: 'title'", LIMITS.title_chars).strip(),
        units=float(units),  # type: ignore[arg-type]  # checked above
        category=_text(
            data.get("category"), f"{where}: 'category'", LIMITS.code_chars, required=True
        ).strip(),
    )


def _externals(value: Any) -> tuple[ExternalCourse, ...]:
    courses = tuple(
        _external(item, f"external course {i + 1}")
        for i, item in enumerate(_list(value, "'external_courses'", LIMITS.external_courses))
    )
    codes = [c.code for c in courses]
    _expect(len(set(codes)) == len(codes), "'external_courses' lists a code twice")
    return courses


def _exceptions(data: dict[str, Any], version: int) -> tuple[Decision, ...]:
    if version == 1:
        items = _list(data.get("waivers", []), "'waivers'", LIMITS.exceptions)
        return tuple(_version_1_waiver(item, f"waiver {i + 1}") for i, item in enumerate(items))
    _expect("waivers" not in data, "'waivers' is version 1; version 2 writes 'exceptions'")
    items = _list(data.get("exceptions", []), "'exceptions'", LIMITS.exceptions)
    return tuple(_exception(item, f"exception {i + 1}") for i, item in enumerate(items))


_HISTORY_KEYS = frozenset(
    {
        "revision",
        "approved_on",
        "approved_by",
        "track",
        "start_year",
        "terms",
        "exceptions",
        "external_courses",
    }
)


def _history(value: Any) -> tuple[ApprovedRevision, ...]:
    revisions = []
    for i, item in enumerate(_list(value, "'history'", LIMITS.history)):
        where = f"history entry {i + 1}"
        data = _object(item, where, _HISTORY_KEYS)
        terms, records = _terms(data.get("terms", {}), f"{where}: 'terms'")
        revisions.append(
            ApprovedRevision(
                revision=_whole(data.get("revision"), f"{where}: 'revision'", 1, 100_000),
                approved_on=_date(data.get("approved_on", ""), f"{where}: 'approved_on'"),
                approved_by=_text(
                    data.get("approved_by", ""), f"{where}: 'approved_by'", LIMITS.name_chars
                ),
                track=_text(
                    data.get("track"), f"{where}: 'track'", LIMITS.code_chars, required=True
                ),
                start_year=_whole(data.get("start_year"), f"{where}: 'start_year'", 1900, 2200),
                terms=terms,
                records=records,
                exceptions=_exceptions(data, 2),
                external_courses=_externals(data.get("external_courses", [])),
            )
        )
    return tuple(revisions)


def plan_from_dict(data: Any, text_checked: bool = False) -> Plan:
    """Build a Plan from parsed JSON, or raise PlanFileError naming what is wrong.

    `text_checked`: the JSON text it came from holds no escaped lone surrogate (parse_plan looks
    at the text, in one pass); then only the fields this version does not know are walked for
    depth and size, the known ones being checked field by field below.
    """
    if not text_checked:
        check_structure(data)
    elif isinstance(data, dict):
        check_structure({k: v for k, v in data.items() if k not in KNOWN_KEYS})
    data = _object(data, "the plan")
    _expect(data.get("format") == FORMAT_NAME, f"not an AIPI plan (format is not '{FORMAT_NAME}')")
    version = data.get("version")
    _expect(
        isinstance(version, int) and not isinstance(version, bool), "'version' must be a number"
    )
    if version > FORMAT_VERSION:
        raise PlanFileError(
            f"written by a newer AIPI Advisor (plan format {version}, this version reads "
            f"{FORMAT_VERSION}); update the app to open it"
        )
    if version not in READABLE_VERSIONS:
        raise PlanFileError(f"unknown plan format version {version}")
    track = _text(data.get("track"), "'track'", LIMITS.code_chars, required=True)
    year = data.get("start_year")
    _expect(
        isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2200,
        "'start_year' must be a year such as 2026",
    )
    terms, records = _terms(data.get("terms", {}), "'terms'", codes_only=version == 1)
    student = _object(data.get("student", {}), "'student'", frozenset({"name", "id"}))
    advisor = _object(data.get("advisor", {}), "'advisor'", frozenset({"name"}))
    milestones = _list(data.get("milestones", []), "'milestones'", LIMITS.milestones)
    _expect(all(isinstance(m, str) for m in milestones), "'milestones' must be a list of ids")
    for number, milestone in enumerate(milestones, 1):
        _text(milestone, f"milestone {number} in 'milestones'", LIMITS.code_chars)
    status = _text(data.get("status", "draft"), "'status'", 20)
    if status not in PLAN_STATUSES:
        raise PlanFileError(f"'status' must be one of {', '.join(PLAN_STATUSES)}")
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    if len(extra) > LIMITS.extra_keys:
        raise PlanFileError(
            f"the plan has {len(extra)} fields this version does not know; the limit is "
            f"{LIMITS.extra_keys}"
        )
    return Plan(
        track=track.strip(),
        start_year=year,
        terms=terms,
        student_name=_text(student.get("name", ""), "student 'name'", LIMITS.name_chars),
        student_id=_text(student.get("id", ""), "student 'id'", LIMITS.name_chars),
        advisor_name=_text(advisor.get("name", ""), "advisor 'name'", LIMITS.name_chars),
        exceptions=_exceptions(data, version),
        notes=_text(data.get("notes", ""), "'notes'", LIMITS.notes_chars),
        milestones=tuple(milestones),
        status=status,
        approved_on=_date(data.get("approved_on", ""), "'approved_on'"),
        approved_by=_text(data.get("approved_by", ""), "'approved_by'", LIMITS.name_chars),
        revision=_whole(data.get("revision", 1), "'revision'", 1, 100_000),
        records=records,
        external_courses=_externals(data.get("external_courses", [])),
        history=_history(data.get("history", [])),
        extra=extra,
    )
