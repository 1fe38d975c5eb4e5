"""When a plan may be signed off, and the sign-off itself: the same rules for the window and for
`export --approve` / `--sign`.

A plan is approved only by its advisor (named in the plan, and the signing certificate's holder),
only as a draft (an approved revision is never re-stamped), and only when every error is fixed or
waived with a reason.
"""

import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from advisor_app.domain import Catalog, Plan, edits
from advisor_app.rules import Report, check

if TYPE_CHECKING:
    from advisor_app.export.signing import SigningCertificate

#: What version 1 files say for a waiver written without a reason: not a reason.
_NO_REASON = ("", "no reason given")


class ApprovalRefused(Exception):
    """The plan cannot be approved as it stands; str() says why, in one line."""


def same_person(first: str, second: str) -> bool:
    """Two spellings of one name: Unicode-normalised (NFKC), case and spacing aside."""

    def normal(name: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", name).casefold().split())

    return bool(normal(first)) and normal(first) == normal(second)


def approval_problems(plan: Plan, report: Report, signer: str | None = None) -> list[str]:
    """Why `plan` cannot be approved now (by `signer`, the certificate's holder when signing);
    empty when it can."""
    problems = []
    if plan.locked:
        problems.append(f"revision {plan.revision} is already approved; start a new revision first")
    if not plan.advisor_name.strip():
        problems.append("the plan names no advisor: enter the advisor's name first")
    elif signer is not None and not same_person(signer, plan.advisor_name):
        problems.append(
            f"the certificate is {signer}'s, but the plan's advisor is {plan.advisor_name}: "
            "only the advisor's own certificate can sign"
        )
    errors = [f.title for f in report.findings if f.severity == "error"]
    errors += [
        f.title
        for f in report.findings
        if f.waived and f.original_severity == "error" and f.waiver_reason.strip() in _NO_REASON
    ]
    if errors:
        listed = ", ".join(dict.fromkeys(errors))
        problems.append(
            f"{len(errors)} error{'s are' if len(errors) != 1 else ' is'} neither fixed nor "
            f"waived with a reason ({listed})"
        )
    return problems


def approve_plan(catalog: Catalog, plan: Plan, on: str, signer: str | None = None) -> Plan:
    """The plan approved on `on` by `signer` (or, unsigned, by its advisor); ApprovalRefused with
    every reason otherwise."""
    problems = approval_problems(plan, check(catalog, plan), signer)
    if problems:
        raise ApprovalRefused("cannot approve: " + "; ".join(problems))
    return edits.approve(plan, on, signer or plan.advisor_name)


def sign_off(
    catalog: Catalog,
    plan: Plan,
    path: Path,
    on: date,
    certificate: "SigningCertificate | None" = None,
) -> Plan:
    """Approve `plan` (by the certificate's holder when signing) and write its PDF, signed when a
    certificate is given. Refused before anything is written (ApprovalRefused); returns the
    approved plan."""
    from advisor_app.export.pdf import export_pdf

    approved = approve_plan(
        catalog, plan, on.isoformat(), certificate.name if certificate else None
    )
    export_pdf(catalog, approved, path, on, certificate)
    return approved
