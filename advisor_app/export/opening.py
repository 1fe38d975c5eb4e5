"""What the window shows when it opens a file: the plan, where Save writes, and what the file is.

A PDF is verified first (export/verify.py, the function `advisor-app verify` uses). Only a
verified signed-off record is shown as the record (read-only). An invalid PDF opens as an editable
copy: a draft (a new revision when it claims approval), with no path, so Save asks for a new .json.
A JSON file that says "approved" is approved but not signed: never the record.
"""

from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from advisor_app.domain import Catalog, Plan, edits
from advisor_app.plans.plan_file import PlanFile, read_plan_file
from advisor_app.plans.reading import read_head

#: What a file is, for the window's banner.
ORDINARY = "ordinary"  # a draft (JSON, or a PDF that verifies as a draft)
RECORD = "signed-record"  # a verified signed-off record, shown read-only
APPROVED_UNSIGNED = "approved-unsigned"  # approved, but no signature makes it a record
INVALID = "invalid"  # a PDF that does not verify: open as an editable copy
_DRAFT = "draft"  # verify.DRAFT: a PDF that verifies as a draft


class RecordStatus(Struct, frozen=True):
    kind: str = ORDINARY
    signer: str = ""
    approved_on: str = ""
    reasons: tuple[str, ...] = ()
    record: Plan | None = None  # the verified record (RECORD only)
    claimed_approval: bool = False  # INVALID: whether the file said it was approved or signed


class OpenedPlan(Struct, frozen=True):
    plan: Plan
    path: Path | None  # where Save writes; None for a PDF (Save asks for a new .json)
    status: RecordStatus
    disk: PlanFile | None = None  # the plan file as read (its digest), for a .json plan


def status_of(plan: Plan) -> RecordStatus:
    """What a plan in memory is, without a file to prove more: approved plans are unsigned."""
    if plan.locked:
        return RecordStatus(APPROVED_UNSIGNED, approved_on=plan.approved_on)
    return RecordStatus()


def open_plan_file(catalog: Catalog, path: Path) -> OpenedPlan:
    """Raises PlanFileError (and TrustError) when the file cannot be read."""
    if not is_pdf(path):
        disk = read_plan_file(path)
        plan = disk.plan
        assert plan is not None  # read_plan_file raises when there is no plan to read
        if path.suffix.lower() != ".json":  # not a plan file the window saves to
            return OpenedPlan(plan, None, status_of(plan))
        return OpenedPlan(plan, path, status_of(plan), disk)
    # The signing and PDF stack load on the first PDF opened, not at start-up (the window checks
    # a PDF in a child process: ui/actions/file_actions.py).
    from advisor_app.export.verify import verify_pdf

    result = verify_pdf(catalog, path)
    assert result.plan is not None  # verify_pdf raises when there is no plan to read
    return opened_pdf(
        result.plan, result.state, result.signer, result.reasons, bool(result.signatures)
    )


def opened_pdf(
    plan: Plan, state: str, signer: str, reasons: Sequence[str], signed: bool
) -> OpenedPlan:
    """What a PDF opens as, from its verification (export/verify.py): its embedded plan, its state
    ("draft", "signed-record" or "invalid"), signer and reasons, and whether it holds a signature."""
    if state == RECORD:
        status = RecordStatus(RECORD, signer, plan.approved_on, record=plan)
        return OpenedPlan(plan, None, status)
    if state == _DRAFT:
        return OpenedPlan(plan, None, RecordStatus())
    claimed = plan.locked or signed
    copy = edits.start_revision(plan)
    status = RecordStatus(INVALID, signer, plan.approved_on, tuple(reasons), None, claimed)
    return OpenedPlan(copy, None, status)


def is_pdf(path: Path) -> bool:
    """By content, as load_plan decides: a PDF renamed .json is still verified first."""
    try:
        return read_head(path, 5) == b"%PDF-"  # a named pipe is not waited on
    except OSError:
        return False  # load_plan says why the file cannot be read
