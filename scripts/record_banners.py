"""Pictures of what the window says a file is, for the README and for review: a verified
signed-off record, an approved plan that is not signed, a tampered PDF opened as a copy, the
Trusted Signers dialog and the Sign Off dialog refusing a plan with an error. Everything is made
in a temporary folder (a program CA, an advisor's certificate, the PDFs); nothing of the user's
is read or written.

python scripts/record_banners.py [OUT_DIR]        (default: docs/)
"""

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from msgspec.structs import replace

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs"
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="aipi-banners-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # an empty settings folder
    # A 1920x1080 offscreen monitor: on the default 800x800 screen the window is sized to fit it.
    os.environ.setdefault(
        "QT_QPA_PLATFORM", f"offscreen:configfile={REPO / 'tests/ui/offscreen-screen.json'}"
    )
    from pypdf import PdfReader, PdfWriter
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from advisor_app.catalog import open_catalog
    from advisor_app.export.approval import sign_off
    from advisor_app.export.certificates import (
        create_advisor_certificate,
        create_authority,
        load_issuer,
    )
    from advisor_app.export.signing import load_certificate
    from advisor_app.plans import dumps_plan, plan_to_dict
    from advisor_app.ui.dialogs.signoff_dialog import SignOffDialog
    from advisor_app.ui.dialogs.trust_dialog import TrustedSignersDialog
    from advisor_app.ui.main_window import MainWindow
    from tests.plans_for_tests import meeting_plan

    app = QApplication.instance() or QApplication(["AIPI Advisor"])
    app.setStyleSheet((REPO / "resources" / "style.qss").read_text(encoding="utf-8"))
    trust = folder / "trust"
    trust.mkdir()
    os.environ["AIPI_TRUST_DIR"] = str(trust)
    create_authority(folder / "CA.p12", "AIPI Program CA", b"ca", trust / "CA.pem")
    advisor = "Dr. Jon Reifschneider"
    create_advisor_certificate(
        folder / "jon.p12", advisor, b"pw", issuer=load_issuer(folder / "CA.p12", b"ca")
    )
    database = open_catalog()
    plan = meeting_plan(database.catalog, "standard-16")
    signed = folder / "Priya-Raman-approved-r1.pdf"
    record = sign_off(
        database.catalog, plan, signed, date.today(), load_certificate(folder / "jon.p12", b"pw")
    )
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(database, plan, None, settings)
    window.resize(1280, 800)
    window.show()

    def shot(name: str) -> None:
        app.processEvents()
        window.grab().save(str(out / name))
        print(f"saved {out / name}")

    window.files.open_path(signed, confirmed=True)
    shot("banner-signed-record.png")

    approved = folder / "approved.json"
    data = plan_to_dict(plan) | {"status": "approved", "approved_on": "2020-01-15", "revision": 7}
    import json

    approved.write_text(json.dumps(data))
    window.files.open_path(approved, confirmed=True)
    shot("banner-approved-not-signed.png")

    writer = PdfWriter(clone_from=PdfReader(signed))
    writer._root_object.pop("/Names")
    swapped = replace(record, terms={**record.terms, "spring-2": ("AIPI 530",)})
    writer.add_attachment("plan.json", dumps_plan(swapped).encode())
    tampered = folder / "tampered.pdf"
    with tampered.open("wb") as stream:
        writer.write(stream)
    window.files.open_path(tampered, confirmed=True)
    shot("banner-invalid-copy.png")

    dialog = TrustedSignersDialog(window)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "trusted-signers.png"))
    print(f"saved {out / 'trusted-signers.png'}")

    # AIPI 540 in the first summer, before its prerequisites: an error, so sign-off is refused.
    summer = ("AIPI 540", *plan.terms.get("summer-1", ()))  # a plan lists no empty term
    broken = replace(plan, terms={**plan.terms, "summer-1": summer})
    window.files.load_into_window(broken, None)
    refusal = SignOffDialog(window.document.plan, window.document.report, window)
    refusal.show()
    app.processEvents()
    refusal.grab().save(str(out / "sign-off-refused.png"))
    print(f"saved {out / 'sign-off-refused.png'}")
    window.document.undo_stack.setClean()
    return 0


if __name__ == "__main__":
    sys.exit(main())
