"""Checking an exported PDF: the embedded plan against the printed fingerprint and the catalog."""

import io
from dataclasses import dataclass, field
from pathlib import Path

from advisor_app.domain import Catalog
from advisor_app.export.fingerprint import fingerprint
from advisor_app.export.pdf import FOOTER_PREFIX
from advisor_app.plans import PlanFileError, load_plan
from advisor_app.rules import Finding, check


@dataclass
class Verification:
    fingerprint_printed: str | None
    fingerprint_embedded: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_pdf(catalog: Catalog, path: Path) -> Verification:
    from pypdf import PdfReader

    plan = load_plan(path)  # raises PlanFileError for a PDF without a readable plan
    try:
        text = "\n".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages
        )
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise PlanFileError(f"{path.name}: the PDF's pages cannot be read ({error})") from None
    printed = None
    if FOOTER_PREFIX in text:
        printed = text.split(FOOTER_PREFIX, 1)[1].split()[0]
    result = Verification(printed, fingerprint(plan, catalog.version))
    if printed is None:
        result.problems.append("no printed fingerprint found on the pages")
    elif printed != result.fingerprint_embedded:
        result.problems.append(
            f"the printed fingerprint {printed} does not match the embedded plan "
            f"({result.fingerprint_embedded} with catalog {catalog.version}): the plan or the catalog changed"
        )
    result.findings = check(catalog, plan).findings
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        result.problems.append(
            f"the embedded plan has {len(errors)} error(s) against the current catalog"
        )
    return result
