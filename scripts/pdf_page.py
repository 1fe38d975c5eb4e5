"""Page 1 of a real exported plan, as a PNG for the README: exports a signed-off 16-month plan
with the app's own code, then renders page 1 with poppler's pdftoppm.

python scripts/pdf_page.py [OUT.png]      (needs pdftoppm: apt-get install poppler-utils)
"""

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    from advisor_app.catalog import open_catalog
    from advisor_app.domain.edits import approve
    from advisor_app.export.certificates import create_self_signed_certificate
    from advisor_app.export.pdf import export_pdf
    from advisor_app.export.signing import load_certificate
    from tests.plans_for_tests import meeting_plan

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "plan-page1.png"
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 1
    catalog = open_catalog().catalog
    plan = meeting_plan(catalog, "standard-16", "Priya Raman (प्रिया रमन)")
    plan = approve(plan, "2026-11-25", "Dr. Advisor")
    with tempfile.TemporaryDirectory() as folder:
        certificate = Path(folder) / "advisor.p12"
        create_self_signed_certificate(certificate, plan.advisor_name, b"readme")
        pdf = Path(folder) / "plan.pdf"
        export_pdf(catalog, plan, pdf, date(2026, 11, 25), load_certificate(certificate, b"readme"))
        prefix = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
            check=True,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(prefix.with_suffix(".png"), out)
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
