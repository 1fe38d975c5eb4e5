"""The page of revision 2's PDF that lists its changes since revision 1 (and, below, the estimated
cost), rendered with pdftoppm for docs/.

python scripts/revision_page.py [OUT.png]      (needs pdftoppm: apt-get install poppler-utils)
"""

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def revision_two(catalog):  # type: ignore[no-untyped-def]
    """Revision 1 approved in November; at the next meeting, revision 2: an elective moved to the
    Spring, NLP (ECE 684) chosen for Fall 2 with the director's approval (an exception), and the
    F-1 waiver removed."""
    from advisor_app.domain import Decision, edits
    from tests.plans_for_tests import meeting_plan

    plan = meeting_plan(catalog, "standard-16")
    plan = edits.approve(plan, "2026-11-25", "Dr. Jon Reifschneider")
    plan = edits.start_revision(plan)
    plan = edits.move(plan, "AIPI 571", "fall-2", "spring-1")
    plan = edits.replace_entry(plan, "fall-2", "ECE 682D", "ECE 684")
    plan = edits.remove_exception(plan, plan.exceptions[0])
    plan = edits.add_exception(
        plan,
        Decision("apply", "Director approved, 2027-01-12", "technical-electives", "ECE 684"),
    )
    return edits.approve(plan, "2027-01-15", "Dr. Jon Reifschneider")


def _page_with(pdf: Path, text: str) -> str:
    """The number (from 1) of the first page that holds `text`."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pdf).pages, 1):
        if text in page.extract_text():
            return str(number)
    raise SystemExit(f"no page of {pdf} holds {text!r}")


def main() -> int:
    from advisor_app.catalog import open_catalog
    from advisor_app.export.pdf import export_pdf

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "revision-changes.png"
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 1
    catalog = open_catalog().catalog
    plan = revision_two(catalog)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "plan.pdf"
        export_pdf(catalog, plan, pdf, date(2027, 1, 15))
        page = _page_with(pdf, "Changes since revision")
        prefix = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", page, "-l", page, "-singlefile", pdf, prefix],
            check=True,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(prefix.with_suffix(".png"), out)
        if len(sys.argv) > 2:
            shutil.copyfile(pdf, sys.argv[2])
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
