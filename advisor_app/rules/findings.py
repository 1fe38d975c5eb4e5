"""What the rules engine reports."""

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")

# What a person reads for each rule: the window, the undo texts and the PDF say these; the rule id
# is for `--json` and tooltips. A requirement's finding is titled by the requirement's label.
RULE_TITLES = {
    "prereq.order": "Prerequisite in a later term",
    "prereq.missing": "Prerequisite not in the plan",
    "offering.term": "Not offered in that term",
    "offering.modality": "Not offered in this mode",
    "offering.unconfirmed": "Online availability not confirmed",
    "load.units": "Too many units in a term",
    "load.courses": "Too many courses in a term",
    "load.advised": "Above the advised load",
    "load.f1-minimum": "Below the F-1 visa minimum",
    "length.outside-track": "In a term the track does not have",
    "course.duplicate": "Course planned twice",
    "course.unknown": "Course not in the catalog",
    "placeholder.unresolved": "Elective still to choose",
    "elective.approval": "Elective needs the director's approval",
    "exception.unused": "Exception that no longer applies",
    "exception.invalid": "Exception that cannot apply",
    "record.grade": "Grade too low to count",
    "bse.undergraduate-level": "4+1: below the graduate level",
    "bse.undergraduate-limit": "4+1: more than four graduate courses as an undergraduate",
    "bse.undergraduate-credit": "4+1: also counted toward the bachelor's degree",
    "bse.undergraduate-grade": "4+1: graded below B",
    "bse.internship-term": "4+1: internship between the degrees",
    "track.unknown": "Unknown track",
}
_SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Fix:
    """The smallest edit that resolves a finding: add, move or remove one entry."""

    action: str  # "add" | "move" | "remove"
    entry: str
    to_term: str | None = None
    from_term: str | None = None
    description: str = ""

    def to_dict(self) -> dict[str, str | None]:
        return {
            "action": self.action,
            "entry": self.entry,
            "from_term": self.from_term,
            "to_term": self.to_term,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    courses: tuple[str, ...] = ()
    term: str | None = None
    fix: Fix | None = None
    waived: bool = False
    waiver_reason: str = ""
    original_severity: str = field(default="")
    # The requirement a req.* finding is about (its id); plan-wide findings name no course.
    requirement: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", RULE_TITLES.get(self.rule, self.rule))

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.severity]

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "courses": list(self.courses),
            "term": self.term,
            "fix": self.fix.to_dict() if self.fix else None,
            "title": self.title,
            "requirement": self.requirement or None,
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
