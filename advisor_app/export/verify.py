"""What an exported PDF is: a draft, a signed-off record, or invalid, and why.

A signed-off record is an approved plan, signed by a certificate that chains to a configured trust
anchor (export/trust.py) and names the plan's advisor, intact and covering the whole file, signed
on the day the plan says it was approved, with every page's footer showing the embedded plan's
fingerprint, and no errors against the current catalog. A draft is an unsigned draft plan whose
pages match it. Anything else is invalid, with every reason. The command line and the window both
ask this one function.
"""

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from msgspec import Struct, field

from advisor_app.domain import Catalog, Plan
from advisor_app.export.approval import same_person
from advisor_app.export.context import changes_since, read_context
from advisor_app.export.fingerprint import FOOTER_PREFIX, fingerprint_sha256, printed_fingerprint
from advisor_app.export.signing import SignatureCheck, check_signatures
from advisor_app.export.trust import TrustSource, trust_roots, trust_sources
from advisor_app.plans import PlanFileError, parse_plan
from advisor_app.plans.limits import LIMITS
from advisor_app.plans.pdf_footer import PageFooter, page_footers
from advisor_app.plans.pdf_reader import read_pdf
from advisor_app.plans.reading import FileTooLarge, read_bounded
from advisor_app.rules import Finding, check

DRAFT, SIGNED_RECORD, INVALID = "draft", "signed-record", "invalid"
APPROVED_UNSIGNED = "approved, but not signed: not a signed-off record"

_PRINTED = re.compile(re.escape(FOOTER_PREFIX.strip()) + r"\s*(\S*)")


class Verification(Struct):
    plan: Plan | None = None
    state: str = INVALID
    reasons: list[str] = field(default_factory=list)
    signatures: list[SignatureCheck] = field(default_factory=list)
    fingerprint_embedded: str = ""  # the full SHA-256, hex
    fingerprint_printed: str | None = None  # what the footers show, when they agree
    page_fingerprints: list[str | None] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    sources: list[TrustSource] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.state != INVALID

    @property
    def problems(self) -> list[str]:
        return self.reasons

    @property
    def signer(self) -> str:
        return self.signatures[-1].signer if self.signatures else ""

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    @property
    def signed_at(self) -> str:
        return self.signatures[-1].signed_at if self.signatures else ""


def verify_pdf(
    catalog: Catalog,
    path: Path,
    require_signature: bool = False,
    trust_files: Sequence[Path] = (),
    sources: Sequence[TrustSource] | None = None,
) -> Verification:
    """Raises PlanFileError when the file cannot be read (truncated, encrypted, ambiguous, beyond a
    limit) and TrustError for an unusable --trust file; anything else is a reason in the result."""
    sources = list(sources) if sources is not None else trust_sources(trust_files)
    try:
        raw = read_bounded(path, LIMITS.pdf_bytes)  # never /dev/zero read to the end, nor a pipe
    except FileTooLarge as error:
        raise PlanFileError(f"{path.name}: {error.strerror}") from None
    except OSError as error:
        raise PlanFileError(f"{path}: cannot read the file ({error.strerror})") from None
    contents = read_pdf(raw, path.name)
    try:
        plan = parse_plan(contents.plan_text)
    except PlanFileError as error:
        raise PlanFileError(f"{path.name}: the embedded plan cannot be read: {error}") from None
    footers = page_footers(contents, path.name)
    signatures = check_signatures(raw, trust_roots(sources))
    result = Verification(plan=plan, signatures=signatures, sources=sources)
    context = read_context(contents.context)
    exported_with = context.catalog_version if context else catalog.version
    result.fingerprint_embedded = fingerprint_sha256(plan, exported_with)
    _check_signatures(result, plan, require_signature)
    _check_footers(result, footers)
    if context and context.fingerprint not in ("", result.fingerprint_embedded):
        result.reasons.append("the export record's fingerprint is not the embedded plan's")
    result.findings = check(catalog, plan).findings
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        result.reasons.append(
            f"the embedded plan has {len(errors)} error(s) against the current catalog"
        )
    if context:
        result.changes = changes_since(context, catalog, plan, result.findings)
    else:
        result.changes = ["this PDF records no export context: changes since cannot be listed"]
    if not result.reasons:
        result.state = SIGNED_RECORD if signatures else DRAFT
    return result


def _check_footers(result: Verification, footers: list[PageFooter]) -> None:
    """Every page's footer, read where the footer is printed, shows the embedded fingerprint.
    Pages failing the same way are named together ("pages 1 to 3: …")."""
    expected = printed_fingerprint(result.fingerprint_embedded)
    failing: dict[str, list[int]] = {}
    for number, footer in enumerate(footers, start=1):
        shown = _PRINTED.findall(footer.text)
        result.page_fingerprints.append(shown[0] if len(shown) == 1 else None)
        if footer.problem:
            failing.setdefault(footer.problem, []).append(number)
        elif not shown:
            failing.setdefault("no plan fingerprint in the footer", []).append(number)
        elif shown != [expected]:
            why = (
                f"the footer shows fingerprint {' and '.join(shown)}, but the embedded plan's is "
                f"{expected}: the plan inside is not the one printed"
            )
            failing.setdefault(why, []).append(number)
    result.reasons += [
        f"{_pages(numbers, len(footers))}: {why}" for why, numbers in failing.items()
    ]
    if not footers:
        result.reasons.append("the PDF has no pages")
    printed = set(result.page_fingerprints)
    if len(printed) == 1:
        result.fingerprint_printed = printed.pop()


def _pages(numbers: list[int], total: int) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if len(numbers) == total:
        return f"every page (1 to {total})"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]} to {numbers[-1]}"
    return f"pages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _check_signatures(result: Verification, plan: Plan, require_signature: bool) -> None:
    signatures, reasons = result.signatures, result.reasons
    if not signatures:
        if plan.locked:
            reasons.append(APPROVED_UNSIGNED)
        elif require_signature:
            reasons.append("the PDF is not digitally signed (draft, not a record)")
        return
    if len(signatures) > 1:
        reasons.append(
            f"the PDF holds {len(signatures)} signatures; a signed-off record holds one, the "
            "advisor's"
        )
    for signature in signatures:
        who = signature.signer
        if not signature.intact and signature.refused:
            whose = f"the signature by {who}" if who != "unknown" else "the PDF's signature"
            reasons.append(f"{whose} cannot be checked: {signature.trust_problem}")
        elif not signature.intact:
            reasons.append(f"the signature by {who} is broken: the file changed after signing")
        elif not signature.covers_whole_file:
            reasons.append(f"the file was changed after {who} signed it")
        if signature.intact and not signature.trusted:
            issued = "self-signed" if signature.self_signed else f"issued by {signature.issuer}"
            if signature.trust_problem.startswith("issued by "):  # by a trusted non-authority
                reasons.append(
                    f"untrusted signer: {who}'s certificate is {signature.trust_problem}: only "
                    "a certificate authority can vouch for another name"
                )
            else:
                reasons.append(
                    f"untrusted signer: {who}'s certificate ({issued}) does not chain to a "
                    "trusted signer configured for this program"
                )
        if not same_person(who, plan.advisor_name):
            reasons.append(
                f"signed by {who}, but the plan's advisor is {plan.advisor_name or 'not named'}: "
                "the signer is not the advisor"
            )
        if plan.locked and plan.approved_by and not same_person(who, plan.approved_by):
            reasons.append(f"the plan says approved by {plan.approved_by}, but {who} signed it")
        if plan.locked and not _same_day(plan.approved_on, signature.signed_at):
            reasons.append(
                f"the plan says approved on {plan.approved_on or 'no date'}, but it was signed "
                f"on {signature.signed_at[:10] or 'an unrecorded date'}"
            )
    if not plan.locked:
        reasons.append("signed, but the embedded plan is a draft: not a signed-off record")


def _same_day(approved_on: str, signed_at: str) -> bool:
    """Whether `approved_on` is the signing date somewhere on Earth (UTC-12 to UTC+14): the
    advisor's local date when signing, whatever their time zone."""
    try:
        day = date.fromisoformat(approved_on)
        moment = datetime.fromisoformat(signed_at)
    except ValueError:
        return False
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - timedelta(hours=12)).date() <= day <= (moment + timedelta(hours=14)).date()
