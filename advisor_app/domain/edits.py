"""Pure edits of a plan. Each returns a new Plan and leaves the old one untouched."""

from dataclasses import replace

from advisor_app.domain.catalog_model import Track
from advisor_app.domain.plan import Plan, Waiver


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
    return place(remove(plan, entry, from_term), entry, to_term, index)


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


def add_waiver(plan: Plan, waiver: Waiver) -> Plan:
    return replace(plan, waivers=(*plan.waivers, waiver))


def remove_waiver(plan: Plan, waiver: Waiver) -> Plan:
    waivers = list(plan.waivers)
    if waiver not in waivers:
        raise EditError(f"no waiver for {waiver.rule}")
    waivers.remove(waiver)
    return replace(plan, waivers=tuple(waivers))


def set_milestone(plan: Plan, milestone_id: str, done: bool) -> Plan:
    others = tuple(m for m in plan.milestones if m != milestone_id)
    return replace(plan, milestones=(*others, milestone_id) if done else others)


def approve(plan: Plan, on: str) -> Plan:
    """The advisor's sign-off: the plan becomes the approved record (read-only), dated `on`."""
    return replace(plan, status="approved", approved_on=on)


def start_revision(plan: Plan) -> Plan:
    """A new draft revision of an approved plan, open for edits again."""
    if not plan.locked:
        return plan
    return replace(plan, status="draft", approved_on="", revision=plan.revision + 1)


def allowed(before: Plan, after: Plan) -> bool:
    """Whether an edit may be made: an approved plan changes only by starting a new revision."""
    return not before.locked or after == start_revision(before)
