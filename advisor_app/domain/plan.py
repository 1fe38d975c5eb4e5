"""A student's plan: who, which track, the entries placed in each term, the student's record of
them, and the advisor's decisions (exceptions) and sign-offs."""

from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field
from msgspec.structs import force_setattr

PLAN_STATUSES = ("draft", "approved")
ENTRY_STATUSES = ("planned", "in-progress", "completed")
# Duke graduate grades, best first; P/CR are passing grades with no letter.
LETTER_GRADES = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F")
OTHER_GRADES = ("P", "CR", "NC", "I", "W", "X")
GRADES = LETTER_GRADES + OTHER_GRADES

# The advisor's decisions, as written in the plan file's `exceptions` list.
SUBSTITUTE = "substitute"  # `with_course` fills `course`'s place in `requirement`
WAIVE_COURSE = "waive-course"  # `course` is waived; `replace_with` needs one more course
APPLY = "apply"  # `course` counts toward `requirement`
WAIVE_FINDING = "waive-finding"  # a finding (`rule`, optionally about `course`) is accepted
EXCEPTION_KINDS = (SUBSTITUTE, WAIVE_COURSE, APPLY, WAIVE_FINDING)


class CourseRecord(Struct, frozen=True):
    """The student's record of one placed course. A planned course with nothing else to say has
    no record (the default)."""

    status: str = "planned"
    grade: str = ""
    # 4+1: whether the course also counts toward the bachelor's degree; None when not stated.
    counts_for_undergraduate: bool | None = None

    @property
    def completed(self) -> bool:
        return self.status == "completed"

    @property
    def is_default(self) -> bool:
        return self == CourseRecord()


class ExternalCourse(Struct, frozen=True):
    """A graduate course outside the catalog that the advisor entered, so it can be planned."""

    code: str
    title: str
    units: float
    category: str

    def __post_init__(self) -> None:
        force_setattr(self, "units", float(self.units))


class Decision(Struct, frozen=True):
    """One of the advisor's exceptions to the rules, always with a reason.

    Which fields matter depends on `kind` (see EXCEPTION_KINDS); the others stay empty.
    """

    kind: str
    reason: str
    requirement: str = ""
    course: str = ""
    with_course: str = ""
    replace_with: str = ""
    rule: str = ""

    def matches(self, rule: str, courses: tuple[str, ...]) -> bool:
        """A waive-finding decision accepts findings of its rule (about its course, if named)."""
        if self.kind != WAIVE_FINDING or self.rule != rule:
            return False
        return not self.course or self.course in courses


def waiver(rule: str, course: str = "", reason: str = "") -> Decision:
    """The commonest decision: accept a finding (a test-out, a known overload), with a reason."""
    return Decision(WAIVE_FINDING, reason, course=course, rule=rule)


Records = Mapping[tuple[str, str], CourseRecord]


class ApprovedRevision(Struct, frozen=True):
    """What the plan was when a revision was approved: kept in the plan's history so the next
    meeting can see what changed since."""

    revision: int
    approved_on: str
    approved_by: str
    track: str
    start_year: int
    terms: Mapping[str, tuple[str, ...]]
    records: Records = field(default_factory=dict)
    exceptions: tuple[Decision, ...] = ()
    external_courses: tuple[ExternalCourse, ...] = ()


class Plan(Struct, frozen=True):
    """An immutable plan: edits return a new Plan, which makes undo a matter of keeping the old one.

    `terms` maps term ids to the entries placed there (course codes or "TBD:<id>" placeholders),
    in the order shown. A term id outside the track is kept, so nothing a user placed is lost.
    `records` holds the student's record of an entry, keyed by (term id, entry); an entry with no
    record is simply planned.
    """

    track: str
    start_year: int
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    student_name: str = ""
    student_id: str = ""
    advisor_name: str = ""
    exceptions: tuple[Decision, ...] = ()
    notes: str = ""
    milestones: tuple[str, ...] = ()
    status: str = "draft"
    # Sign-off: the advisor's approval date (ISO) and name, and which revision this is.
    approved_on: str = ""
    approved_by: str = ""
    revision: int = 1
    records: Records = field(default_factory=dict)
    external_courses: tuple[ExternalCourse, ...] = ()
    history: tuple[ApprovedRevision, ...] = ()
    # Top-level keys of the file this version does not know, written back unchanged.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # An empty term is no term, and a record belongs to an entry that is there: one plan has
        # one form, in memory and on disk.
        if any(not entries for entries in self.terms.values()):
            kept = {term_id: entries for term_id, entries in self.terms.items() if entries}
            force_setattr(self, "terms", kept)
        if self.records:
            records = {
                key: record
                for key, record in self.records.items()
                if not record.is_default and key[1] in self.terms.get(key[0], ())
            }
            if len(records) != len(self.records):
                force_setattr(self, "records", records)

    @property
    def locked(self) -> bool:
        """An approved plan is the record: it is read-only until a new revision is started."""
        return self.status == "approved"

    @property
    def waivers(self) -> tuple[Decision, ...]:
        """The decisions that accept findings (version 1's `waivers`)."""
        return tuple(d for d in self.exceptions if d.kind == WAIVE_FINDING)

    def record(self, term_id: str, entry: str) -> CourseRecord:
        return self.records.get((term_id, entry), _PLANNED)

    def entries(self) -> list[tuple[str, str]]:
        """Every (term id, entry) in order."""
        return [(term_id, entry) for term_id, entries in self.terms.items() for entry in entries]

    def term_of(self, entry: str) -> str | None:
        for term_id, entries in self.terms.items():
            if entry in entries:
                return term_id
        return None

    def contains(self, entry: str) -> bool:
        return self.term_of(entry) is not None

    def external(self, code: str) -> ExternalCourse | None:
        return next((c for c in self.external_courses if c.code == code), None)

    def last_approved(self) -> ApprovedRevision | None:
        return self.history[-1] if self.history else None


_PLANNED = CourseRecord()


def snapshot(plan: Plan) -> ApprovedRevision:
    """The plan as approved, for its history."""
    return ApprovedRevision(
        revision=plan.revision,
        approved_on=plan.approved_on,
        approved_by=plan.approved_by,
        track=plan.track,
        start_year=plan.start_year,
        terms=dict(plan.terms),
        records=dict(plan.records),
        exceptions=plan.exceptions,
        external_courses=plan.external_courses,
    )
