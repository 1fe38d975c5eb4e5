"""Export, sign-off, the read-only approved plan, and what the window shows a file to be."""

import json
from datetime import date

import pytest
from msgspec.structs import replace
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from advisor_app.export.certificates import create_self_signed_certificate
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import dumps_plan, load_plan, plan_to_dict, save_plan
from advisor_app.ui.dialogs.signoff_dialog import SignOffDialog
from advisor_app.ui.dialogs.trust_dialog import TrustedSignersDialog
from tests.pki import PASSPHRASE


@pytest.fixture
def save_to(monkeypatch):
    """Answer every save dialog with the path the test sets."""
    answer: dict[str, str] = {}
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (answer.get("path", ""), "")
    )
    return answer


@pytest.fixture
def warnings_said(monkeypatch):
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: said.append((title, text)))
    return said


def catalog_mime(window, code):
    model = window.catalog_panel.model
    return model.mimeData([model.index(model.codes.index(code))])


def banner(window) -> tuple[str, str]:
    """The banner's state ("" when hidden) and its text."""
    shown = not window.lock_banner.isHidden()
    return (window.lock_banner.state if shown else ""), window.lock_banner.label.text()


def sign_with(window, certificate_path, passphrase: str):
    dialog = SignOffDialog(window.document.plan, window.document.report, window)
    dialog.approve_box.setChecked(True)
    dialog.sign_group.setChecked(True)
    dialog.certificate_path.setText(str(certificate_path))
    dialog.passphrase.setText(passphrase)
    dialog.accept()
    return dialog


def test_export_pdf_from_the_file_menu(window, tmp_path, save_to, catalog):
    save_to["path"] = str(tmp_path / "ada")
    actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Export PDF…" in actions and "Sign &Off…" in actions
    assert "&Trusted Signers…" in actions
    window.exports.export_action.trigger()
    result = verify_pdf(catalog, tmp_path / "ada.pdf")
    assert result.state == "draft" and result.fingerprint_printed
    assert load_plan(tmp_path / "ada.pdf") == window.document.plan
    assert not window.document.plan.locked


def test_export_to_an_unwritable_folder_says_why_and_keeps_the_plan(
    window, tmp_path, warnings_said
):
    before = window.document.plan
    assert not window.exports.export_to(tmp_path / "missing" / "plan.pdf", before)
    assert "no such folder" in warnings_said[0][1] and window.document.plan == before


def test_signing_with_a_trusted_certificate_makes_the_record(
    window, tmp_path, save_to, catalog, pki, trusted
):
    dialog = sign_with(window, pki.path("advisor.p12"), PASSPHRASE.decode())
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.certificate is not None
    save_to["path"] = str(tmp_path / "signed.pdf")
    assert window.exports.approve_and_export(dialog.certificate)
    plan = window.document.plan
    assert plan.locked and plan.approved_on == date.today().isoformat()
    assert plan.approved_by == "Dr. Advisor"
    assert window.undo_action.text() == "Undo Approve revision 1"
    state, text = banner(window)
    assert state == "record" and "signed by Dr. Advisor (trusted certificate)" in text
    assert window.exports.revision_action.isEnabled()
    assert not window.exports.sign_off_action.isEnabled()  # never re-signed: a new revision is
    assert verify_pdf(catalog, tmp_path / "signed.pdf").state == "signed-record"
    assert load_plan(tmp_path / "signed.pdf") == plan


def test_a_test_certificate_signs_but_the_window_says_it_is_no_record(window, tmp_path, save_to):
    certificate_path = tmp_path / "test.p12"
    create_self_signed_certificate(certificate_path, "Dr. Advisor", b"secret")
    dialog = sign_with(window, certificate_path, "secret")
    save_to["path"] = str(tmp_path / "signed.pdf")
    assert window.exports.approve_and_export(dialog.certificate)
    state, text = banner(window)
    assert state == "approved" and "not a signed-off record" in text
    assert "untrusted signer" in text


def test_the_dialog_says_why_a_plan_cannot_be_approved(window):
    plan = window.document.plan
    nameless = replace(plan, advisor_name="")
    broken = replace(plan, terms={**plan.terms, "summer-1": ("AIPI 540", *plan.terms["summer-1"])})
    for bad, why in ((nameless, "names no advisor"), (broken, "neither fixed nor waived")):
        window.files.load_into_window(bad, None)
        dialog = SignOffDialog(window.document.plan, window.document.report, window)
        assert not dialog.problem_label.isHidden() and why in dialog.problem_label.text()
        assert not dialog.approve_box.isEnabled() and not dialog.ok_button.isEnabled()


def test_approving_is_refused_with_the_reason_and_nothing_written(
    window, tmp_path, save_to, warnings_said
):
    window.files.load_into_window(replace(window.document.plan, advisor_name=""), None)
    save_to["path"] = str(tmp_path / "refused.pdf")
    assert not window.exports.approve_and_export(None)
    assert "names no advisor" in warnings_said[0][1] and not (tmp_path / "refused.pdf").exists()
    assert not window.document.plan.locked


def test_only_the_advisors_certificate_is_accepted(window, pki, warnings_said):
    dialog = sign_with(window, pki.path("noor.p12"), PASSPHRASE.decode())
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.certificate is None
    assert "Dr. Noor Advisor's, but this plan's advisor is Dr. Advisor" in warnings_said[0][1]


def test_wrong_passphrase_is_said_in_the_dialog(window, pki, warnings_said):
    dialog = sign_with(window, pki.path("advisor.p12"), "wrong")
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "passphrase is wrong" in warnings_said[0][1]


def test_an_approved_plan_is_read_only_until_a_new_revision(window, tmp_path, save_to):
    save_to["path"] = str(tmp_path / "approved.pdf")
    assert window.exports.approve_and_export(None)
    approved = window.document.plan
    assert banner(window)[0] == "approved"  # approved, not signed: never shown as the record
    refused = []
    window.document.edit_refused.connect(refused.append)

    column = window.grid.column("fall-2")
    data = catalog_mime(window, "AIPI 530")
    assert not column.model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    column.model.dropMimeData(
        catalog_mime(window, "AIPI 530"), Qt.DropAction.CopyAction, -1, 0, QModelIndex()
    )
    window.editor.remove("AIPI 503", "summer-1")
    window.editor.set_notes("changed")
    assert window.document.plan == approved and len(refused) == 3
    assert "read-only" in refused[0]
    assert window.header.student_name.isReadOnly() and window.requirements.notes.isReadOnly()

    window.lock_banner.revision_button.click()
    plan = window.document.plan
    assert not plan.locked and plan.revision == 2 and window.lock_banner.isHidden()
    assert window.undo_action.text() == "Undo Start revision 2"
    window.editor.add("AIPI 530", "fall-2")
    assert "AIPI 530" in window.document.plan.terms["fall-2"]
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.plan == approved


def test_a_verified_record_opens_read_only_under_its_signer(
    window, tmp_path, save_to, pki, trusted
):
    dialog = sign_with(window, pki.path("advisor.p12"), PASSPHRASE.decode())
    save_to["path"] = str(tmp_path / "signed.pdf")
    assert window.exports.approve_and_export(dialog.certificate)
    record = window.document.plan
    pdf_bytes = (tmp_path / "signed.pdf").read_bytes()
    window.document.undo_stack.setClean()
    assert window.files.open_path(tmp_path / "signed.pdf")
    assert window.document.plan == record and window.document.path is None
    state, text = banner(window)
    assert state == "record" and "Dr. Advisor" in text and record.approved_on in text

    save_to["path"] = str(tmp_path / "record-plan")
    assert window.files.save()
    assert load_plan(tmp_path / "record-plan.json") == record
    assert (tmp_path / "signed.pdf").read_bytes() == pdf_bytes


def test_a_tampered_pdf_opens_as_an_editable_copy_under_a_red_banner(
    window, tmp_path, save_to, pki, trusted, catalog
):
    dialog = sign_with(window, pki.path("advisor.p12"), PASSPHRASE.decode())
    save_to["path"] = str(tmp_path / "signed.pdf")
    assert window.exports.approve_and_export(dialog.certificate)
    record = window.document.plan
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "signed.pdf"))
    writer._root_object.pop("/Names")
    swapped = replace(record, notes="A plan the advisor never saw.")
    writer.add_attachment("plan.json", dumps_plan(swapped).encode())
    with (tmp_path / "tampered.pdf").open("wb") as stream:
        writer.write(stream)
    window.document.undo_stack.setClean()
    assert window.files.open_path(tmp_path / "tampered.pdf")
    plan = window.document.plan
    assert not plan.locked and plan.revision == record.revision + 1
    assert plan.notes == swapped.notes and window.document.path is None
    state, text = banner(window)
    assert state == "invalid" and "Not a valid signed-off record" in text
    assert "the signature by Dr. Advisor is broken" in text and "editable copy" in text
    assert "the footer shows fingerprint" in text and window.lock_banner.details_button.isHidden()
    window.editor.set_notes("editable")
    assert window.document.plan.notes == "editable"
    window.lock_banner.dismiss_button.click()
    assert window.lock_banner.isHidden()


def test_an_approved_json_opens_as_approved_not_signed(window, tmp_path, catalog):
    data = plan_to_dict(window.document.plan)
    data |= {"status": "approved", "approved_on": "2020-01-15", "revision": 7}
    path = tmp_path / "hand-written.json"
    path.write_text(json.dumps(data))
    assert window.files.open_path(path)
    state, text = banner(window)
    assert state == "approved" and "Approved on 2020-01-15, not signed" in text
    assert "not a signed-off record" in text and window.document.plan.locked


def test_a_draft_pdf_opens_as_a_draft_without_a_banner(window, tmp_path, save_to):
    save_to["path"] = str(tmp_path / "draft.pdf")
    assert window.exports.export_dialog()
    assert window.files.open_path(tmp_path / "draft.pdf")
    assert banner(window)[0] == "" and not window.document.plan.locked


def test_an_ambiguous_pdf_is_not_opened(window, tmp_path, save_to, warnings_said):
    save_to["path"] = str(tmp_path / "draft.pdf")
    assert window.exports.export_dialog()
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "draft.pdf"))
    writer.add_attachment(
        "plan.json", dumps_plan(replace(window.document.plan, notes="x")).encode()
    )
    with (tmp_path / "two.pdf").open("wb") as stream:
        writer.write(stream)
    before = window.document.plan
    assert not window.files.open_path(tmp_path / "two.pdf")
    assert "ambiguous" in warnings_said[0][1] and window.document.plan == before


def test_the_trusted_signers_dialog_lists_every_source(
    window, pki, trusted, no_real_trust, tmp_path, warnings_said
):
    dialog = TrustedSignersDialog(window)
    tops = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert [item.text(0).split(": ", 1)[1].rsplit(" (", 1)[0] for item in tops] == [
        str(trusted),
        str(no_real_trust),
        str(dialog.sources[-1].path),
    ]
    children = [tops[0].child(i).text(0) for i in range(tops[0].childCount())]
    assert "AIPI Program CA  (CA.pem)" in children and "Dr. Ada Advisor  (ada.pem)" in children
    assert tops[0].child(0).text(1) == "program CA" and "no such folder" in tops[1].text(0)
    assert dialog.add_file(pki.path("noor.pem"))
    assert (no_real_trust / "noor.pem").is_file()
    added = dialog.tree.topLevelItem(1)
    assert added.child(0).text(0) == "Dr. Noor Advisor  (noor.pem)"
    assert added.child(0).text(2) == "AIPI Program CA"
    assert not dialog.add_file(pki.path("noor.p12"))
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("not a certificate")
    assert not dialog.add_file(bogus)
    assert "not a certificate" in warnings_said[-1][1]


def test_saving_an_approved_plan_keeps_it_approved_not_signed(window, tmp_path):
    path = tmp_path / "approved.json"
    save_plan(replace(window.document.plan, status="approved", approved_on="2026-11-25"), path)
    assert window.files.open_path(path)
    assert banner(window)[0] == "approved"
