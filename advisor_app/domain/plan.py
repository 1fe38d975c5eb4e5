"""A student's plan: who, which track, and the entries placed in each term."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PLAN_STATUSES = ("draft", "approved")


@dataclass(frozen=True, slots=True)
class Waiver:
    """The advisor's decision to accept a finding; the finding stays visible as waived."""

    rule: str
    course: str = ""
    reason: str = ""

    def matches(self, rule: str, courses: tuple[str, ...]) -> bool:
        if self.rule != rule:
            return False
        return not self.course or self.course in courses


@dataclass(frozen=True, slots=True)
class Plan:
    """An immutable plan: edits return a new Plan, which makes undo a matter of keeping the old one.

    `terms` maps term ids to the entries placed there (course codes or "TBD:<id>" placeholders),
    in the order shown. A term id outside the track is kept, so nothing a user placed is lost.
    """

    track: str
    start_year: int
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    student_name: str = ""
    student_id: str = ""
    advisor_name: str = ""
    waivers: tuple[Waiver, ...] = ()
    notes: str = ""
    milestones: tuple[str, ...] = ()
    status: str = "draft"
    # Sign-off: the advisor's approval date (ISO), and which revision of the plan this is.
    approved_on: str = ""
    revision: int = 1
    # Top-level keys of the file this version does not know, written back unchanged.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # An empty term is no term: one plan has one form, in memory and on disk.
        if any(not entries for entries in self.terms.values()):
            kept = {term_id: entries for term_id, entries in self.terms.items() if entries}
            object.__setattr__(self, "terms", kept)

    @property
    def locked(self) -> bool:
        """An approved plan is the record: it is read-only until a new revision is started."""
        return self.status == "approved"

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
