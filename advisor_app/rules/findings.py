"""What the rules engine reports."""

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
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
