"""Checking an exported PDF: its signature, the embedded plan against the printed fingerprint, and
the plan re-validated against the current catalog with what changed since it was exported."""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from advisor_app.domain import Catalog
from advisor_app.export.context import CONTEXT_NAME, changes_since, read_context
from advisor_app.export.fingerprint import fingerprint
from advisor_app.export.pdf import FOOTER_PREFIX
from advisor_app.export.signing import SignatureCheck, check_signatures
from advisor_app.plans import PlanFileError, parse_plan
from advisor_app.plans.pdf_attachment import ATTACHMENT_NAME
from advisor_app.rules import Finding, check


@dataclass
class Verification:
    signatures: list[SignatureCheck] = field(default_factory=list)
    fingerprint_printed: str | None = None
    fingerprint_embedded: str = ""
    findings: list[Finding] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def _quiet_pdf_libraries() -> Iterator[None]:
    """pyHanko and pypdf log every oddity of a damaged file; the verification reports it instead."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator", "pypdf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def verify_pdf(catalog: Catalog, path: Path, require_signature: bool = False) -> Verification:
    """Raises PlanFileError only when the file cannot be read at all; anything else is a problem
    in the result."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanFileError(f"{path}: cannot read the file ({error.strerror})") from None
    if not raw.startswith(b"%PDF-"):
        raise PlanFileError(f"{path.name}: not a PDF file")
    with _quiet_pdf_libraries():
        return _verify(catalog, path, raw, require_signature)


def _verify(catalog: Catalog, path: Path, raw: bytes, require_signature: bool) -> Verification:
    from pypdf import PdfReader

    result = Verification(signatures=check_signatures(raw))
    for signature in result.signatures:
        if not signature.ok:
            result.problems.append(
                f"the signature by {signature.signer} is broken: the file changed after signing"
                if not signature.intact
                else f"the file was changed after {signature.signer} signed it"
            )
    if not result.signatures and require_signature:
        result.problems.append("the PDF is not digitally signed")
    try:
        reader = PdfReader(io.BytesIO(raw))
        attachments = reader.attachments
        plan_data = attachments.get(ATTACHMENT_NAME)
        context_data = attachments.get(CONTEXT_NAME)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # pypdf raises many kinds on damaged files
        result.problems.append(f"the PDF cannot be read ({type(error).__name__})")
        return result
    if not plan_data:
        result.problems.append(f"the PDF holds no AIPI plan (no embedded {ATTACHMENT_NAME})")
        return result
    try:
        plan = parse_plan(plan_data[-1].decode("utf-8", "replace"))
    except PlanFileError as error:
        result.problems.append(f"the embedded plan cannot be read: {error}")
        return result
    context = read_context(context_data[-1] if context_data else None)
    exported_with = context.catalog_version if context else catalog.version
    result.fingerprint_embedded = fingerprint(plan, exported_with)
    if FOOTER_PREFIX in text:
        result.fingerprint_printed = text.split(FOOTER_PREFIX, 1)[1].split()[0]
    if result.fingerprint_printed is None:
        result.problems.append("no printed fingerprint found on the pages")
    elif result.fingerprint_printed != result.fingerprint_embedded:
        result.problems.append(
            f"the printed fingerprint {result.fingerprint_printed} does not match the embedded "
            f"plan ({result.fingerprint_embedded}): the plan inside is not the one printed"
        )
    result.findings = check(catalog, plan).findings
    if context:
        result.changes = changes_since(context, catalog, plan, result.findings)
    else:
        result.changes = ["this PDF records no export context: changes since cannot be listed"]
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        result.problems.append(
            f"the embedded plan has {len(errors)} error(s) against the current catalog"
        )
    return result
