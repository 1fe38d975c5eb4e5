"""Export, sign-off and the read-only approved plan, through the window."""

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from advisor_app.export.signing import create_self_signed_certificate
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import load_plan
from advisor_app.ui.dialogs.signoff_dialog import SignOffDialog


@pytest.fixture
def save_to(monkeypatch):
    """Answer every save dialog with the path the test sets."""
    answer: dict[str, str] = {}
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (answer.get("path", ""), "")
    )
    return answer


def catalog_mime(window, code):
    model = window.catalog_panel.model
    return model.mimeData([model.index(model.codes.index(code))])


def test_export_pdf_from_the_file_menu(window, tmp_path, save_to, catalog):
    save_to["path"] = str(tmp_path / "ada")
    actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Export PDF…" in actions and "Sign &Off…" in actions
    window.exports.export_action.trigger()
    result = verify_pdf(catalog, tmp_path / "ada.pdf")
    assert result.fingerprint_printed == result.fingerprint_embedded
    assert load_plan(tmp_path / "ada.pdf") == window.document.plan
    assert not window.document.plan.locked


def test_export_to_an_unwritable_folder_says_why_and_keeps_the_plan(window, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: messages.append(text))
    before = window.document.plan
    assert not window.exports.export_to(tmp_path / "missing" / "plan.pdf", before)
    assert "no such folder" in messages[0] and window.document.plan == before


def test_sign_off_approves_signs_and_locks_the_plan(window, tmp_path, save_to, catalog):
    certificate_path = tmp_path / "advisor.p12"
    create_self_signed_certificate(certificate_path, "Dr. Noor Advisor", b"secret")
    dialog = SignOffDialog(window.document.plan, window.document.report, window)
    assert not dialog.ok_button.isEnabled()
    dialog.approve_box.setChecked(True)
    dialog.sign_group.setChecked(True)
    dialog.certificate_path.setText(str(certificate_path))
    dialog.passphrase.setText("secret")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.certificate is not None

    save_to["path"] = str(tmp_path / "signed.pdf")
    assert window.exports.approve_and_export(dialog.certificate)
    plan = window.document.plan
    assert plan.locked and plan.approved_on == date.today().isoformat()
    assert window.undo_action.text() == "Undo Approve revision 1"
    assert not window.lock_banner.isHidden() and window.exports.revision_action.isEnabled()
    result = verify_pdf(catalog, tmp_path / "signed.pdf", require_signature=True)
    assert result.ok and result.signatures[0].signer == "Dr. Noor Advisor"
    assert load_plan(tmp_path / "signed.pdf") == plan


def test_wrong_passphrase_is_said_in_the_dialog(window, tmp_path, monkeypatch):
    certificate_path = tmp_path / "advisor.p12"
    create_self_signed_certificate(certificate_path, "Dr. Noor Advisor", b"secret")
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: messages.append(text))
    dialog = SignOffDialog(window.document.plan, window.document.report, window)
    dialog.approve_box.setChecked(True)
    dialog.sign_group.setChecked(True)
    dialog.certificate_path.setText(str(certificate_path))
    dialog.passphrase.setText("wrong")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "passphrase is wrong" in messages[0]


def test_an_approved_plan_is_read_only_until_a_new_revision(window, tmp_path, save_to):
    save_to["path"] = str(tmp_path / "approved.pdf")
    assert window.exports.approve_and_export(None)
    approved = window.document.plan
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

    window.exports.revision_action.trigger()
    plan = window.document.plan
    assert not plan.locked and plan.revision == 2 and window.lock_banner.isHidden()
    assert window.undo_action.text() == "Undo Start revision 2"
    window.editor.add("AIPI 530", "fall-2")
    assert "AIPI 530" in window.document.plan.terms["fall-2"]
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.plan == approved


def test_opening_a_pdf_restores_the_plan_and_save_asks_for_a_plan_file(window, tmp_path, save_to):
    save_to["path"] = str(tmp_path / "approved.pdf")
    assert window.exports.approve_and_export(None)
    approved = window.document.plan
    pdf_bytes = (tmp_path / "approved.pdf").read_bytes()
    window.document.undo_stack.setClean()
    assert window.files.open_path(tmp_path / "approved.pdf")
    assert window.document.plan == approved and window.document.path is None
    assert not window.lock_banner.isHidden()

    save_to["path"] = str(tmp_path / "approved-plan")
    assert window.files.save()
    assert load_plan(tmp_path / "approved-plan.json") == approved
    assert (tmp_path / "approved.pdf").read_bytes() == pdf_bytes
