"""What the rules engine reports: findings, each with a plain title and, where one exists, the
smallest fix (verified before it is offered, see rules/fixes.py)."""

from collections.abc import Callable, Iterable

from msgspec import Struct
from msgspec.structs import force_setattr

from advisor_app.domain.plan import Decision
from advisor_app.domain.struct_fields import methods_on

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

# What a person reads for each rule: the window, the undo texts and the PDF say these; the rule id
# is for `--json` and tooltips. A requirement's finding is titled by the requirement's label.
RULE_TITLES = {
    "prereq.order": "Prerequisite in a later term",
    "prereq.missing": "Prerequisite not in the plan",
    "prereq.semesters": "Too early in the program",
    "offering.term": "Not offered in that term",
    "offering.modality": "Not offered in this mode",
    "offering.unconfirmed": "Online availability not confirmed",
    "load.units": "Too many units in a term",
    "load.courses": "Too many courses in a term",
    "load.advised": "Above the advised load",
    "load.f1-minimum": "Below the F-1 visa minimum",
    "length.outside-track": "In a term the track does not have",
    "term.medical-only": "Only MD courses in the MD curriculum",
    "course.duplicate": "Course planned twice",
    "course.unknown": "Course not in the catalog",
    "placeholder.unresolved": "Elective still to choose",
    "elective.approval": "Elective needs the director's approval",
    "exception.unused": "Exception that no longer applies",
    "record.grade": "Course not passed",
    "bse.undergraduate-level": "4+1: below the graduate level",
    "bse.undergraduate-limit": "4+1: more than four graduate courses as an undergraduate",
    "bse.undergraduate-credit": "4+1: also counted toward the bachelor's degree",
    "bse.undergraduate-grade": "4+1: graded below B",
    "bse.undergraduate-record": "4+1: record the grade and how each course counts",
    "bse.internship-term": "4+1: internship between the degrees",
    "order.internship-term": "Internship in the fourth year",
    "track.unknown": "Unknown track",
}


class Fix(Struct, frozen=True):
    """The smallest edit that resolves a finding: add, move or remove one entry, or remove an
    exception that no longer applies."""

    action: str  # "add" | "move" | "remove" | "remove-exception"
    entry: str
    to_term: str | None = None
    from_term: str | None = None
    description: str = ""
    exception: Decision | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "action": self.action,
            "entry": self.entry,
            "from_term": self.from_term,
            "to_term": self.to_term,
            "description": self.description,
        }


Proposals = Callable[[], Iterable[Fix]]
_FINDING_FIELDS = (
    "rule", "severity", "message", "courses", "term", "fix", "waived", "waiver_reason",
    "original_severity", "requirement", "title",
)  # fmt: skip


class Finding(Struct, frozen=True):
    rule: str
    severity: str
    message: str
    courses: tuple[str, ...] = ()
    term: str | None = None
    fix: Fix | None = None
    waived: bool = False
    waiver_reason: str = ""
    original_severity: str = ""
    # The requirement a req.* finding is about (its id); plan-wide findings name no course.
    requirement: str = ""
    title: str = ""
    # Candidate fixes, best first, worked out only when a fix is asked for and offered only once
    # one is verified (rules/fixes.py). Not part of the finding's identity.
    proposals: Proposals | None = None

    # The proposals are a callback, not part of the finding: compared and shown without them.
    __eq__, __hash__, __repr__ = methods_on(_FINDING_FIELDS)

    def __post_init__(self) -> None:
        if not self.title:
            force_setattr(self, "title", RULE_TITLES.get(self.rule, self.rule))

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    @property
    def identity(self) -> tuple[str, str | None, str, tuple[str, ...]]:
        """What makes two findings of two versions of a plan "the same problem": a load finding
        is about its term (whatever courses it holds), a requirement's about the requirement (and
        the missing course), any other about its courses where they are."""
        if self.rule.startswith("load."):
            return (self.rule, self.term, "", ())
        if self.requirement:
            return (self.rule, None, self.requirement, self.courses)
        return (self.rule, self.term, "", self.courses)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "courses": list(self.courses),
            "term": self.term,
            "requirement": self.requirement or None,
            "fix": self.fix.to_dict() if self.fix else None,
            "waived": self.waived,
            "waiver_reason": self.waiver_reason or None,
        }


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def summary(findings: list[Finding]) -> str:
    """ "No errors", or "2 errors, 1 warning" (waived findings are info lines and not counted)."""
    counts = count_by_severity(findings)
    parts = [
        f"{counts[name]} {name}{'' if counts[name] == 1 else 's'}"
        for name in ("error", "warning")
        if counts[name]
    ]
    return ", ".join(parts) if parts else "No errors"
