"""Pure edits of a plan. Each returns a new Plan and leaves the old one untouched."""

from msgspec.structs import replace

from advisor_app.domain.catalog_model import Track
from advisor_app.domain.plan import CourseRecord, Decision, ExternalCourse, Plan, snapshot


class EditError(ValueError):
    """An edit that cannot be made (an entry that is not where the edit expects it)."""


def _with_terms(plan: Plan, terms: dict[str, tuple[str, ...]]) -> Plan:
    # Drop terms left empty unless they are part of an ordered layout the caller keeps.
    return replace(plan, terms={term: entries for term, entries in terms.items() if entries})


def place(plan: Plan, entry: str, term_id: str, index: int | None = None) -> Plan:
    """Add `entry` to `term_id` (at `index`, or at the end)."""
    terms = dict(plan.terms)
    entries = list(terms.get(term_id, ()))
    entries.insert(len(entries) if index is None else max(0, min(index, len(entries))), entry)
    terms[term_id] = tuple(entries)
    return _with_terms(plan, terms)


def remove(plan: Plan, entry: str, term_id: str) -> Plan:
    """Remove one occurrence of `entry` from `term_id`."""
    entries = list(plan.terms.get(term_id, ()))
    if entry not in entries:
        raise EditError(f"{entry} is not in {term_id}")
    entries.remove(entry)
    terms = dict(plan.terms)
    terms[term_id] = tuple(entries)
    return _with_terms(plan, terms)


def move(plan: Plan, entry: str, from_term: str, to_term: str, index: int | None = None) -> Plan:
    """Move one occurrence of `entry` from one term to another (or within a term, to `index`)."""
    if from_term == to_term:
        entries = list(plan.terms.get(from_term, ()))
        if entry not in entries:
            raise EditError(f"{entry} is not in {from_term}")
        old = entries.index(entry)
        entries.pop(old)
        target = len(entries) if index is None else index - (1 if index > old else 0)
        entries.insert(max(0, min(target, len(entries))), entry)
        terms = dict(plan.terms)
        terms[from_term] = tuple(entries)
        return _with_terms(plan, terms)
    record = plan.record(from_term, entry)
    moved = place(remove(plan, entry, from_term), entry, to_term, index)
    return set_record(moved, to_term, entry, record) if not record.is_default else moved


def replace_entry(plan: Plan, term_id: str, old: str, new: str) -> Plan:
    """Put `new` where `old` stands in `term_id` (choosing an elective for a placeholder)."""
    entries = list(plan.terms.get(term_id, ()))
    if old not in entries:
        raise EditError(f"{old} is not in {term_id}")
    entries[entries.index(old)] = new
    terms = dict(plan.terms)
    terms[term_id] = tuple(entries)
    return _with_terms(plan, terms)


def order_terms(plan: Plan, track: Track) -> Plan:
    """Order the plan's terms as the track does, terms outside the track last."""
    known = [t for t in track.term_ids if t in plan.terms]
    others = [t for t in plan.terms if t not in track.term_index]
    return replace(plan, terms={t: plan.terms[t] for t in known + others})


def change_track(plan: Plan, track: Track) -> Plan:
    """Re-lay the plan onto another track's terms.

    Entries keep their term id where the new track has it; the rest stay under their old term id,
    outside the track, where the rules report them with a move to suggest. Nothing is dropped.
    """
    return order_terms(replace(plan, track=track.id), track)


def from_template(
    track: Track,
    start_year: int,
    student_name: str = "",
    student_id: str = "",
    advisor_name: str = "",
) -> Plan:
    terms = {t.id: tuple(track.template.get(t.id, ())) for t in track.terms}
    return Plan(
        track=track.id,
        start_year=start_year,
        terms={k: v for k, v in terms.items() if v},
        student_name=student_name,
        student_id=student_id,
        advisor_name=advisor_name,
    )


def add_exception(plan: Plan, decision: Decision) -> Plan:
    return replace(plan, exceptions=(*plan.exceptions, decision))


def remove_exception(plan: Plan, decision: Decision) -> Plan:
    decisions = list(plan.exceptions)
    if decision not in decisions:
        raise EditError(f"no such exception ({decision.kind})")
    decisions.remove(decision)
    return replace(plan, exceptions=tuple(decisions))


def replace_exception(plan: Plan, old: Decision, new: Decision) -> Plan:
    decisions = list(plan.exceptions)
    if old not in decisions:
        raise EditError(f"no such exception ({old.kind})")
    decisions[decisions.index(old)] = new
    return replace(plan, exceptions=tuple(decisions))


def set_record(plan: Plan, term_id: str, entry: str, record: CourseRecord) -> Plan:
    """The student's record of an entry (completed with a grade, in progress, planned)."""
    if entry not in plan.terms.get(term_id, ()):
        raise EditError(f"{entry} is not in {term_id}")
    records = dict(plan.records)
    if record.is_default:
        records.pop((term_id, entry), None)
    else:
        records[(term_id, entry)] = record
    return replace(plan, records=records)


def add_external_course(plan: Plan, course: ExternalCourse) -> Plan:
    if plan.external(course.code):
        raise EditError(f"{course.code} is already entered")
    return replace(plan, external_courses=(*plan.external_courses, course))


def replace_external_course(plan: Plan, code: str, course: ExternalCourse) -> Plan:
    if plan.external(code) is None:
        raise EditError(f"{code} is not an entered course")
    courses = tuple(course if c.code == code else c for c in plan.external_courses)
    return replace(plan, external_courses=courses)


def remove_external_course(plan: Plan, code: str) -> Plan:
    if plan.external(code) is None:
        raise EditError(f"{code} is not an entered course")
    return replace(plan, external_courses=tuple(c for c in plan.external_courses if c.code != code))


def set_milestone(plan: Plan, milestone_id: str, done: bool) -> Plan:
    others = tuple(m for m in plan.milestones if m != milestone_id)
    return replace(plan, milestones=(*others, milestone_id) if done else others)


def approve(plan: Plan, on: str, by: str) -> Plan:
    """The advisor's sign-off: the plan becomes the approved record (read-only), dated `on` and
    approved by `by`, and the approved revision joins the plan's history.

    Only a draft can be approved: an approved plan is never re-stamped with a new date or name.
    """
    if plan.locked:
        raise EditError(f"revision {plan.revision} is already approved; start a new revision first")
    approved = replace(plan, status="approved", approved_on=on, approved_by=by)
    history = tuple(h for h in plan.history if h.revision != plan.revision)
    return replace(approved, history=(*history, snapshot(approved)))


def start_revision(plan: Plan) -> Plan:
    """A new draft revision of an approved plan, open for edits again."""
    if not plan.locked:
        return plan
    return replace(plan, status="draft", approved_on="", approved_by="", revision=plan.revision + 1)


def allowed(before: Plan, after: Plan) -> bool:
    """Whether an edit may be made: an approved plan changes only by starting a new revision."""
    return not before.locked or after == start_revision(before)
