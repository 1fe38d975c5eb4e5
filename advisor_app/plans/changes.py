"""What differs between two versions of a plan, in plain words ("Notes changed", "Fall 2027:
AIPI 530 added"), for the question asked when a plan changed on disk before it was saved.

Pure and small on purpose: a fuller plan diff may replace it; callers only rely on
`describe_changes(old, new) -> list[str]` (empty when the plans are equal).
"""

from collections.abc import Callable
from typing import TypeVar

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.plan import CourseRecord, Decision, ExternalCourse
from advisor_app.plans.files import exception_to_dict

_Getter = Callable[[Plan], object]
_T = TypeVar("_T")

# Short fields: shown with their old and new values.
_VALUES: tuple[tuple[str, _Getter], ...] = (
    ("Student name", lambda p: p.student_name),
    ("Student ID", lambda p: p.student_id),
    ("Advisor", lambda p: p.advisor_name),
    ("Start year", lambda p: p.start_year),
    ("Status", lambda p: p.status),
    ("Revision", lambda p: p.revision),
    ("Approved on", lambda p: p.approved_on),
    ("Approved by", lambda p: p.approved_by),
)
MAX_VALUE_CHARS = 60


def describe_changes(old: Plan, new: Plan, catalog: Catalog | None = None) -> list[str]:
    """The changes from `old` to `new`, one plain line each, in reading order.

    With a catalog, terms read as their calendar labels ("Fall 2027") and placeholders as their
    labels; without one, as the ids the file uses.
    """
    if old == new:
        return []
    lines: list[str] = []
    if old.track != new.track:
        lines.append(f"Track: {_track(old.track, catalog)} → {_track(new.track, catalog)}")
    for label, get in _VALUES:
        before, after = get(old), get(new)
        if before != after:
            lines.append(f"{label}: {_value(before)} → {_value(after)}")
    lines += _term_changes(old, new, catalog)
    lines += _added_removed("Exception", old.exceptions, new.exceptions, _decision)
    lines += _added_removed("Outside course", old.external_courses, new.external_courses, _external)
    lines += _added_removed("Milestone done", old.milestones, new.milestones, str)
    if old.notes != new.notes:
        lines.append("Notes changed")
    if old.history != new.history:
        lines.append("Approval history changed")
    for key in sorted(set(old.extra) | set(new.extra)):
        if old.extra.get(key) != new.extra.get(key):
            lines.append(f"Other data changed: {_value(key)}")
    # Every difference is named above; this line only guards against a field added later.
    return lines or ["Other details changed"]


def _value(value: object) -> str:
    text = " ".join(str(value).split())  # one line, whatever the file held
    if not text:
        return "(empty)"
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _track(track_id: str, catalog: Catalog | None) -> str:
    track = catalog.tracks.get(track_id) if catalog else None
    return track.name if track else _value(track_id)


def _term_label(plan: Plan, term_id: str, catalog: Catalog | None) -> str:
    track = catalog.tracks.get(plan.track) if catalog else None
    term = track.term(term_id) if track else None
    return term.calendar_label(plan.start_year) if term else _value(term_id)


def _entry(entry: str, catalog: Catalog | None) -> str:
    placeholder = catalog.placeholder(entry) if catalog else None
    return f"{placeholder.label} (to choose)" if placeholder else _value(entry)


def _term_order(old: Plan, new: Plan, catalog: Catalog | None) -> list[str]:
    track = catalog.tracks.get(new.track) if catalog else None
    known = list(track.term_ids) if track else []
    seen = [*known, *old.terms, *new.terms]
    return [t for i, t in enumerate(seen) if t not in seen[:i]]


def _term_changes(old: Plan, new: Plan, catalog: Catalog | None) -> list[str]:
    lines: list[str] = []
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for term_id in _term_order(old, new, catalog):
        before, after = old.terms.get(term_id, ()), new.terms.get(term_id, ())
        added[term_id] = [e for e in after if e not in before]
        removed[term_id] = [e for e in before if e not in after]
    moved_from = {e: t for t, entries in removed.items() for e in entries}
    moved_to = {e: t for t, entries in added.items() for e in entries if e in moved_from}
    for term_id in added:
        label = _term_label(new, term_id, catalog)
        for entry in added[term_id]:
            if entry in moved_to:
                source = _term_label(old, moved_from[entry], catalog)
                lines.append(f"{_entry(entry, catalog)} moved from {source} to {label}")
            else:
                lines.append(f"{label}: {_entry(entry, catalog)} added")
        for entry in removed[term_id]:
            if entry not in moved_to:
                old_label = _term_label(old, term_id, catalog)
                lines.append(f"{old_label}: {_entry(entry, catalog)} removed")
        before, after = old.terms.get(term_id, ()), new.terms.get(term_id, ())
        kept_before = [e for e in before if e in after]
        kept_after = [e for e in after if e in before]
        if kept_before != kept_after:
            lines.append(f"{label}: order changed")
        for entry in kept_after:
            was, now = old.record(term_id, entry), new.record(term_id, entry)
            if was != now:
                lines.append(f"{label}: {_entry(entry, catalog)} {_record(was)} → {_record(now)}")
    return lines


def _record(record: CourseRecord) -> str:
    parts = [record.status]
    if record.grade:
        parts.append(f"grade {_value(record.grade)}")
    if record.counts_for_undergraduate is not None:
        parts.append(
            "counts for the bachelor's" if record.counts_for_undergraduate else "MEng only"
        )
    return ", ".join(parts)


def _decision(decision: Decision) -> str:
    data = exception_to_dict(decision)
    reason = data.pop("reason")
    what = " ".join(_value(v) for v in data.values())
    return f"{what} ({_value(reason)})"


def _external(course: ExternalCourse) -> str:
    return f"{_value(course.code)} {_value(course.title)}, {course.units:g} units"


def _added_removed(
    label: str, before: tuple[_T, ...], after: tuple[_T, ...], show: Callable[[_T], str]
) -> list[str]:
    lines = [f"{label} added: {show(item)}" for item in after if item not in before]
    lines += [f"{label} removed: {show(item)}" for item in before if item not in after]
    return lines
