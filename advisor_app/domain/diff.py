"""What changed between two plans, or since the last approved revision, in plain sentences.

A course is the same course under any spelling (the catalog's canonical code). Terms are compared
by their place in the calendar relative to the plan's start: season and year within the plan
(Fall of the first year, Spring of the second, …), and level (a 4+1 senior-year term is not the
master's term of the same season). So a new start year is one change ("start year changed") and
moves nothing, while a course that goes to another season, year or level has moved. A course in
a term its track does not have is compared by that term's id.
"""

from collections import defaultdict
from collections.abc import Mapping

from msgspec import Struct
from msgspec.structs import replace

from advisor_app.domain.catalog_model import Catalog
from advisor_app.domain.plan import (
    APPLY,
    SUBSTITUTE,
    WAIVE_COURSE,
    ApprovedRevision,
    CourseRecord,
    Decision,
    Plan,
)
from advisor_app.domain.track_mapping import outside_term_label
from advisor_app.domain.units import entry_title

TRACK_CHANGED = "track-changed"
START_YEAR_CHANGED = "start-year-changed"
COURSE_ADDED = "course-added"
COURSE_REMOVED = "course-removed"
COURSE_MOVED = "course-moved"
RECORD_CHANGED = "record-changed"
EXCEPTION_ADDED = "exception-added"
EXCEPTION_REMOVED = "exception-removed"
CHANGE_KINDS = (
    TRACK_CHANGED,
    START_YEAR_CHANGED,
    COURSE_ADDED,
    COURSE_REMOVED,
    COURSE_MOVED,
    RECORD_CHANGED,
    EXCEPTION_ADDED,
    EXCEPTION_REMOVED,
)


class Change(Struct, frozen=True):
    kind: str
    message: str  # the plain sentence the window, the PDF and the terminal show
    course: str = ""
    from_term: str = ""
    to_term: str = ""
    from_label: str = ""
    to_label: str = ""

    def to_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "message": self.message,
            "course": self.course or None,
            "from_term": self.from_term or None,
            "to_term": self.to_term or None,
            "from_label": self.from_label or None,
            "to_label": self.to_label or None,
        }


def approved_baseline(plan: Plan) -> ApprovedRevision | None:
    """The last revision approved before this one: what "changes since revision N was approved"
    compares against. For a draft of revision N+1 that is revision N; for an approved revision
    N+1 (whose own approval is already in the history) it is still revision N."""
    earlier = [h for h in plan.history if h.revision < plan.revision]
    return max(earlier, key=lambda h: h.revision) if earlier else None


def revision_as_plan(revision: ApprovedRevision, like: Plan) -> Plan:
    """An approved revision of the history as a Plan (the student and notes taken from `like`)."""
    return replace(
        like,
        track=revision.track,
        start_year=revision.start_year,
        terms=dict(revision.terms),
        records=dict(revision.records),
        exceptions=revision.exceptions,
        external_courses=revision.external_courses,
        status="approved",
        approved_on=revision.approved_on,
        approved_by=revision.approved_by,
        revision=revision.revision,
        history=(),
    )


TermKey = tuple[str, int | str, str]  # season, year within the plan (or a term id), level


class _Side:
    """One plan's entries keyed by canonical code, each with its calendar key and label."""

    def __init__(self, catalog: Catalog, plan: Plan) -> None:
        self.catalog = catalog
        self.plan = plan
        self.track = catalog.tracks.get(plan.track)
        self.places: defaultdict[str, list[tuple[TermKey, str, str]]] = defaultdict(list)
        for term_id, entry in self.ordered_entries():
            self.places[catalog.canonical(entry)].append((self.key(term_id), term_id, entry))

    def ordered_entries(self) -> list[tuple[str, str]]:
        ids = list(self.track.term_ids) if self.track else []
        ids += [t for t in self.plan.terms if t not in ids]
        return [(t, e) for t in ids for e in self.plan.terms.get(t, ())]

    def key(self, term_id: str) -> TermKey:
        term = self.track.term(term_id) if self.track else None
        return (term.season, term.year_offset, term.level) if term else ("", term_id, "")

    def label(self, term_id: str) -> str:
        term = self.track.term(term_id) if self.track else None
        if term is None:
            return outside_term_label(term_id)
        return term.calendar_label(self.plan.start_year)

    def term_name(self, term_id: str) -> str:
        term = self.track.term(term_id) if self.track else None
        return term.name if term else term_id

    def name(self, entry: str) -> str:
        code = self.catalog.canonical(entry)
        title = entry_title(self.catalog, self.plan, entry)
        return title if code.startswith("TBD:") else f"{code} {title}"


def diff_plans(
    catalog: Catalog, old: Plan, new: Plan, rule_titles: Mapping[str, str] | None = None
) -> list[Change]:
    """Every change from `old` to `new`: track, start year, courses, records, exceptions.

    `rule_titles` turns a waived finding's rule id into words (the rules engine has them)."""
    before, after = _Side(catalog, old), _Side(catalog, new)
    changes: list[Change] = []
    if old.track != new.track:
        changes.append(
            Change(
                TRACK_CHANGED,
                f"Track changed from {_track_name(catalog, old.track)} to "
                f"{_track_name(catalog, new.track)}",
            )
        )
    if old.start_year != new.start_year:
        changes.append(
            Change(
                START_YEAR_CHANGED,
                f"Start year changed from {old.start_year} to {new.start_year}",
            )
        )
    changes += _course_changes(before, after)
    changes += _exception_changes(catalog, old, new, rule_titles or {})
    return changes


def _course_changes(before: _Side, after: _Side) -> list[Change]:
    changes: list[Change] = []
    codes = list(after.places) + [c for c in before.places if c not in after.places]
    for code in codes:
        olds = list(before.places.get(code, []))
        news = list(after.places.get(code, []))
        kept = []
        for place in list(news):
            match = next((o for o in olds if o[0] == place[0]), None)
            if match is not None:
                olds.remove(match)
                news.remove(place)
                kept.append((match, place))
        for old_place, new_place in zip(olds, news, strict=False):
            kept.append((old_place, new_place))
            source, target = before.label(old_place[1]), after.label(new_place[1])
            if source == target:  # the same calendar term at another level: say which terms
                source = f"{source} ({before.term_name(old_place[1])})"
                target = f"{target} ({after.term_name(new_place[1])})"
            changes.append(
                Change(
                    COURSE_MOVED,
                    f"{after.name(new_place[2])} moved from {source} to {target}",
                    code,
                    old_place[1],
                    new_place[1],
                    source,
                    target,
                )
            )
        for _key, term_id, entry in news[len(olds) :]:
            label = after.label(term_id)
            changes.append(
                Change(
                    COURSE_ADDED,
                    f"{after.name(entry)} added to {label}",
                    code,
                    "",
                    term_id,
                    "",
                    label,
                )
            )
        for _key, term_id, entry in olds[len(news) :]:
            label = before.label(term_id)
            changes.append(
                Change(
                    COURSE_REMOVED,
                    f"{before.name(entry)} removed from {label}",
                    code,
                    term_id,
                    "",
                    label,
                )
            )
        for old_place, new_place in kept:
            was = before.plan.record(old_place[1], old_place[2])
            now = after.plan.record(new_place[1], new_place[2])
            if was != now:
                label = after.label(new_place[1])
                changes.append(
                    Change(
                        RECORD_CHANGED,
                        f"{after.name(new_place[2])} ({label}): now {_record(now)}, "
                        f"was {_record(was)}",
                        code,
                        old_place[1],
                        new_place[1],
                        before.label(old_place[1]),
                        label,
                    )
                )
    return changes


def _record(record: CourseRecord) -> str:
    text = record.status.replace("-", " ")
    if record.grade:
        text += f", grade {record.grade}"
    if record.counts_for_undergraduate:
        text += ", also counted for the bachelor's degree"
    return text


def _exception_changes(
    catalog: Catalog, old: Plan, new: Plan, titles: Mapping[str, str]
) -> list[Change]:
    removed = list(old.exceptions)
    added = []
    for decision in new.exceptions:
        if decision in removed:
            removed.remove(decision)
        else:
            added.append(decision)
    return [
        Change(
            EXCEPTION_REMOVED, f"Exception removed: {describe_exception(catalog, old, d, titles)}"
        )
        for d in removed
    ] + [
        Change(EXCEPTION_ADDED, f"Exception added: {describe_exception(catalog, new, d, titles)}")
        for d in added
    ]


def describe_exception(
    catalog: Catalog, plan: Plan, decision: Decision, titles: Mapping[str, str] | None = None
) -> str:
    """An advisor's decision in words, with its reason."""
    requirement = _requirement_label(catalog, plan.track, decision.requirement)
    if decision.kind == SUBSTITUTE:
        what = f"{decision.with_course} replaces {decision.course} in {requirement}"
    elif decision.kind == WAIVE_COURSE:
        what = f"{decision.course} waived from {requirement}"
        if decision.replace_with:
            other = _requirement_label(catalog, plan.track, decision.replace_with)
            what += f" ({other} needs one more course)"
    elif decision.kind == APPLY:
        what = f"{decision.course} counts toward {requirement}"
    else:
        rule = decision.rule
        title = (titles or {}).get(rule) or _requirement_label(
            catalog, plan.track, rule.removeprefix("req.")
        )
        what = f"finding waived: {title}" + (f" ({decision.course})" if decision.course else "")
    return f"{what}; reason: {decision.reason or 'no reason given'}"


def _requirement_label(catalog: Catalog, track_id: str, requirement_id: str) -> str:
    track = catalog.tracks.get(track_id)
    for requirement in track.requirements if track else ():
        if requirement.id == requirement_id:
            return requirement.label
    return requirement_id


def _track_name(catalog: Catalog, track_id: str) -> str:
    track = catalog.tracks.get(track_id)
    return track.name if track else f"'{track_id}' (a track the catalog does not have)"
