"""What differs between two versions of a plan, in plain words, for the question asked when a plan
changed on disk before it was saved: the plan diff (domain/diff.py: track, start year, courses
added, removed or moved, records, exceptions) and every other field a person edits (names, notes,
courses entered for the plan, milestones, the approval, data this version does not know).
"""

from collections.abc import Callable
from typing import TypeVar

from advisor_app.domain import Catalog, Plan
from advisor_app.domain.diff import diff_plans
from advisor_app.domain.plan import ExternalCourse

_Getter = Callable[[Plan], object]
_T = TypeVar("_T")

# Short fields: shown with their old and new values.
_VALUES: tuple[tuple[str, _Getter], ...] = (
    ("Student name", lambda p: p.student_name),
    ("Student ID", lambda p: p.student_id),
    ("Advisor", lambda p: p.advisor_name),
    ("Status", lambda p: p.status),
    ("Revision", lambda p: p.revision),
    ("Approved on", lambda p: p.approved_on),
    ("Approved by", lambda p: p.approved_by),
)
MAX_VALUE_CHARS = 60


def describe_changes(old: Plan, new: Plan, catalog: Catalog) -> list[str]:
    """The changes from `old` to `new`, one plain line each (empty when the plans are equal)."""
    if old == new:
        return []
    lines = [change.message for change in diff_plans(catalog, old, new)]
    lines += _reordered(old, new, catalog)
    for label, get in _VALUES:
        before, after = get(old), get(new)
        if before != after:
            lines.append(f"{label}: {_value(before)} → {_value(after)}")
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


def _reordered(old: Plan, new: Plan, catalog: Catalog) -> list[str]:
    """Courses kept in a term but shown in another order (the diff sees no move there)."""
    track = catalog.tracks.get(new.track)
    lines = []
    for term_id, after in new.terms.items():
        before = old.terms.get(term_id, ())
        kept_before = [e for e in before if e in after]
        kept_after = [e for e in after if e in before]
        if kept_before != kept_after:
            term = track.term(term_id) if track else None
            label = term.calendar_label(new.start_year) if term else _value(term_id)
            lines.append(f"{label}: order changed")
    return lines


def _external(course: ExternalCourse) -> str:
    return f"{_value(course.code)} {_value(course.title)}, {course.units:g} units"


def _added_removed(
    label: str, before: tuple[_T, ...], after: tuple[_T, ...], show: Callable[[_T], str]
) -> list[str]:
    lines = [f"{label} added: {show(item)}" for item in after if item not in before]
    lines += [f"{label} removed: {show(item)}" for item in before if item not in after]
    return lines
