"""Issue 9's seven ways to pass off a plan the advisor never approved, built as a student with bad
intentions would (pyHanko, pypdf, ReportLab), each refused with its reason. They stay here so no
later change can reopen them."""

import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from msgspec.structs import replace
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)
from reportlab.pdfgen.canvas import Canvas

from advisor_app.cli import main
from advisor_app.domain.edits import approve, from_template
from advisor_app.export.approval import ApprovalRefused, sign_off
from advisor_app.export.context import export_context
from advisor_app.export.fingerprint import fingerprint, fingerprint_sha256
from advisor_app.export.pdf import export_pdf, render_pdf
from advisor_app.export.signing import AdvisorCertificate, load_certificate, sign_pdf_bytes
from advisor_app.export.verify import INVALID, verify_pdf
from advisor_app.plans import PlanFileError, dumps_plan, load_plan, plan_to_dict, save_plan
from advisor_app.rules import check
from tests.export.conftest import advisor_plan
from tests.pki import PASSPHRASE


def write(path: Path, writer: PdfWriter) -> Path:
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def text_of(path: Path) -> str:
    """The PDF's text with every run of spaces and line breaks as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


# ------------------------------------------------------------------ 1. any certificate passed
def test_1_a_certificate_the_student_made_is_not_trusted(catalog, pki, trusted, tmp_path, capsys):
    """Before: `certificate --name "Dr. Ada Advisor"` made a certificate whose signature verified
    ("signed by Dr. Ada Advisor", exit 0). After: only configured anchors count."""
    plan = advisor_plan(catalog, "Dr. Ada Advisor")
    for forged, issued in (("forged-ada", "self-signed"), ("fake-ada", "Duke University CA")):
        path = tmp_path / f"{forged}.pdf"
        sign_off(catalog, plan, path, date.today(), pki.certificate(forged))
        result = verify_pdf(catalog, path, require_signature=True)
        assert result.state == INVALID and not result.trusted
        assert result.reasons == [
            "untrusted signer: Dr. Ada Advisor's certificate "
            f"({'self-signed' if forged == 'forged-ada' else 'issued by ' + issued}) does not "
            "chain to a trusted signer configured for this program"
        ]
        assert result.signatures[0].self_signed == (forged == "forged-ada")
        assert main(["verify", str(path), "--require-signature"]) == 1
        assert "NOT trusted" in capsys.readouterr().out


def test_1_a_trusted_advisor_cannot_sign_for_another(catalog, pki, trusted, tmp_path):
    """Noor's certificate is trusted, but the plan names Ada as its advisor."""
    plan = advisor_plan(catalog, "Dr. Ada Advisor")
    with pytest.raises(ApprovalRefused, match=r"the certificate is Dr\. Noor Advisor's"):
        sign_off(catalog, plan, tmp_path / "refused.pdf", date.today(), pki.certificate("noor"))
    assert not (tmp_path / "refused.pdf").exists()
    # Signed anyway with pyHanko directly: verify names both.
    approved = approve(plan, date.today().isoformat(), "Dr. Noor Advisor")
    data = sign_pdf_bytes(
        render_pdf(catalog, approved, signed_by="Dr. Noor Advisor"), pki.certificate("noor"), "x"
    )
    path = tmp_path / "other-advisor.pdf"
    path.write_bytes(data)
    result = verify_pdf(catalog, path)
    assert result.signatures[0].trusted
    assert result.reasons == [
        "signed by Dr. Noor Advisor, but the plan's advisor is Dr. Ada Advisor: the signer is "
        "not the advisor"
    ]


def test_1_an_advisor_trusted_on_her_own_cannot_vouch_for_another_name(
    catalog, pki, trusted, tmp_path
):
    """Found in review: Ada's own certificate is a trust anchor (ada.pem), and pyHanko asks no
    anchor whether it is a certificate authority. Her key issued "Dr. Bob Other" a certificate,
    and Bob's signature verified as a trusted record. A certificate that is no authority vouches
    for no one."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    ada_key, ada_cert, _ = pkcs12.load_key_and_certificates(
        pki.path("ada.p12").read_bytes(), PASSPHRASE
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    bob = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dr. Bob Other")]))
        .issuer_name(ada_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ada_key, hashes.SHA256())
    )
    bob_p12 = tmp_path / "bob.p12"
    bob_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"bob", key, bob, None, serialization.BestAvailableEncryption(PASSPHRASE)
        )
    )
    path = tmp_path / "bob.pdf"
    sign_off(
        catalog,
        advisor_plan(catalog, "Dr. Bob Other"),
        path,
        date.today(),
        load_certificate(bob_p12, PASSPHRASE),
    )
    result = verify_pdf(catalog, path, require_signature=True)
    assert result.state == INVALID and not result.signatures[0].trusted
    assert result.reasons == [
        "untrusted signer: Dr. Bob Other's certificate is issued by Dr. Ada Advisor, which is "
        "not a certificate authority: only a certificate authority can vouch for another name"
    ]
    # Ada herself, trusted on her own, still signs records.
    own = tmp_path / "ada.pdf"
    sign_off(
        catalog, advisor_plan(catalog, "Dr. Ada Advisor"), own, date.today(), pki.certificate("ada")
    )
    assert verify_pdf(catalog, own, require_signature=True).trusted


def test_1_an_expired_certificate_signs_nothing(pki, tmp_path):
    """Found in review: a former advisor's expired certificate still signed (and, with the clock
    set back, made a record). It is refused before anything is written."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from advisor_app.export.signing import SigningError, read_certificate_file

    key, certificate, _ = pkcs12.load_key_and_certificates(
        pki.path("ada.p12").read_bytes(), PASSPHRASE
    )
    old = (
        x509.CertificateBuilder()
        .subject_name(certificate.subject)
        .issuer_name(certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
        .not_valid_after(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "old.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"old", key, old, None, serialization.BestAvailableEncryption(PASSPHRASE)
        )
    )
    for load in (load_certificate, read_certificate_file):
        with pytest.raises(SigningError, match="the certificate expired on 2025-06-01"):
            load(path, PASSPHRASE)


def test_1_names_match_unicode_normalised_and_case_insensitive(catalog, tmp_path):
    from advisor_app.export.approval import same_person

    assert same_person("DR. ADA  ADVISOR", "Dr. Ada Advisor")
    assert same_person("Ｄｒ. Ａｄａ Advisor", "dr. ada advisor")  # fullwidth letters (NFKC)
    assert same_person("Zoe\u0308 Ångström", "Zoë A\u030angström")  # composed and decomposed
    assert not same_person("Dr. Ada Advisоr", "Dr. Ada Advisor")  # a Cyrillic о
    assert not same_person("", "")


# ------------------------------------------------------------------ 2. the plan swapped inside
def _overlay(text: str, x: float, y: float, invisible: bool) -> PdfReader:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    line = canvas.beginText(x, y)
    line.setFont("Helvetica", 7.5)
    if invisible:
        line.setTextRenderMode(3)
    line.textOut(text)
    canvas.drawText(line)
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _swap_plan(catalog, genuine: Path, plan, out: Path, where: tuple[float, float], invisible):
    """Every page of the genuine PDF kept, the signature stripped, the embedded plan (and its
    export record) replaced, and "Plan fingerprint <new>" added on every page."""
    reader = PdfReader(genuine)
    writer = PdfWriter()
    overlay = _overlay(f"Plan fingerprint {fingerprint(plan, catalog.version)}", *where, invisible)
    for page in reader.pages:
        page = writer.add_page(page)
        page.merge_page(overlay.pages[0])
    writer.add_attachment("plan.json", dumps_plan(plan).encode())
    report = check(catalog, plan)
    full = fingerprint_sha256(plan, catalog.version)
    writer.add_attachment(
        "export-context.json", export_context(catalog, plan, report.findings, full, "2026-11-25")
    )
    return write(out, writer)


@pytest.mark.parametrize(
    ("where", "invisible"),
    [((72, 740), True), ((171, 32.4), True), ((171, 32.4), False), ((400, 20), False)],
    ids=["invisible-at-top", "invisible-in-footer", "visible-in-footer", "beside-footer"],
)
def test_2_swapping_the_embedded_plan_under_genuine_pages(
    catalog, pki, trusted, signed_record, tmp_path, where, invisible
):
    """Before: verify read the first "Plan fingerprint" anywhere in the text, so invisible text
    with the new fingerprint passed, re-signed with a home-made certificate. After: the signer is
    untrusted, and every page's footer, read where it is printed, shows the genuine fingerprint."""
    genuine_path, genuine = signed_record
    swapped = replace(genuine, terms={**genuine.terms, "spring-2": ("AIPI 530",)})
    out = _swap_plan(catalog, genuine_path, swapped, tmp_path / "swapped.pdf", where, invisible)
    forged = pki.certificate("forged-noor")
    resigned = tmp_path / "resigned.pdf"
    resigned.write_bytes(sign_pdf_bytes(out.read_bytes(), forged, "approved"))
    old, new = fingerprint(genuine, catalog.version), fingerprint(swapped, catalog.version)
    for path in (out, resigned):
        result = verify_pdf(catalog, path)
        assert result.state == INVALID
        pages = len(PdfReader(path).pages)
        shown = f"{old} and {new}" if where[1] < 50 and not invisible else old
        assert (
            f"every page (1 to {pages}): the footer shows fingerprint {shown}, but the embedded "
            f"plan's is {new}: the plan inside is not the one printed"
        ) in result.reasons
    result = verify_pdf(catalog, resigned)
    assert any(
        r.startswith("untrusted signer: Dr. Noor Advisor's certificate") for r in result.reasons
    )
    assert main(["verify", str(resigned)]) == 1


def test_2_a_page_without_a_fingerprint_in_its_footer_fails(catalog, tmp_path):
    plan = advisor_plan(catalog, "Dr. Ada Advisor")
    draft = tmp_path / "draft.pdf"
    export_pdf(catalog, plan, draft)
    writer = PdfWriter(clone_from=PdfReader(draft))
    writer.add_blank_page(612, 792)
    result = verify_pdf(catalog, write(tmp_path / "extra-page.pdf", writer))
    pages = len(writer.pages)
    assert result.reasons == [f"page {pages}: no plan fingerprint in the footer"]


def test_2_a_footer_beside_characters_beyond_the_bmp_still_reads(catalog, tmp_path):
    """Found in review: an emoji in a name or the notes made ReportLab write "<1F600>" in the
    font's ToUnicode map (a code point, not UTF-16); the footer reader gave up on the whole map,
    and a genuine export read "no plan fingerprint in the footer" (INVALID)."""
    plan = replace(
        advisor_plan(catalog, "Dr. Ada Advisor"), student_name="Ada 😀", notes="Met 𠮷 and 😀."
    )
    path = tmp_path / "emoji.pdf"
    export_pdf(catalog, plan, path, date.today())
    result = verify_pdf(catalog, path)
    assert result.state == "draft" and result.reasons == []


def test_2_footers_print_128_bits_and_the_export_embeds_256(catalog, tmp_path):
    plan = advisor_plan(catalog, "Dr. Ada Advisor")
    path = tmp_path / "draft.pdf"
    export_pdf(catalog, plan, path)
    printed = fingerprint(plan, catalog.version)
    assert len(printed.replace("-", "")) * 4 == 128
    for page in PdfReader(path).pages:
        assert f"Plan fingerprint {printed}" in page.extract_text()
    context = json.loads(PdfReader(path).attachments["export-context.json"][0])
    assert context["fingerprint"] == fingerprint_sha256(plan, catalog.version)
    assert len(context["fingerprint"]) == 64


# ------------------------------------------------------------------ 3. approved, never signed
def test_3_approved_without_a_signature_is_not_a_record(catalog, tmp_path, capsys):
    """Before: `export --approve` printed "APPROVED on …" and verify exited 0."""
    source = tmp_path / "plan.json"
    save_plan(advisor_plan(catalog, "Dr. Ada Advisor"), source)
    out = tmp_path / "approved.pdf"
    assert main(["export", str(source), "-o", str(out), "--approve"]) == 0
    assert "not signed: not a signed-off record" in capsys.readouterr().out
    assert "not digitally signed, so this copy is not the signed-off record" in text_of(out)
    result = verify_pdf(catalog, out)
    assert result.reasons == ["approved, but not signed: not a signed-off record"]
    assert main(["verify", str(out)]) == 1


def test_3_verify_json_carries_state_signer_trusted_and_reasons(catalog, tmp_path, capsys):
    source = tmp_path / "plan.json"
    save_plan(advisor_plan(catalog, "Dr. Ada Advisor"), source)
    out = tmp_path / "approved.pdf"
    assert main(["export", str(source), "-o", str(out), "--approve"]) == 0
    capsys.readouterr()
    assert main(["verify", str(out), "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["state"] == "invalid" and verdict["signer"] == "" and not verdict["trusted"]
    assert verdict["reasons"] == ["approved, but not signed: not a signed-off record"]


# ------------------------------------------------------------------ 5. stamps that ride along
def test_5_an_already_approved_plan_is_not_restamped(catalog, pki, tmp_path, capsys):
    """Before: a plan arriving approved on 2020-01-15 as revision 7 kept those values when
    signed. After: refused, nothing written."""
    data = plan_to_dict(advisor_plan(catalog, "Dr. Noor Advisor"))
    data |= {"status": "approved", "approved_on": "2020-01-15", "revision": 7}
    source = tmp_path / "arrived.json"
    source.write_text(json.dumps(data))
    secret = tmp_path / "pass.txt"
    secret.write_bytes(PASSPHRASE)
    out = tmp_path / "signed.pdf"
    args = ["export", str(source), "-o", str(out), "--sign", str(pki.path("noor.p12"))]
    assert main([*args, "--passphrase-file", str(secret)]) == 1
    err = capsys.readouterr().err
    assert "revision 7 is already approved; start a new revision first" in err
    assert "nothing was written" in err and not out.exists()
    assert main(["export", str(source), "-o", str(out), "--approve"]) == 1
    assert not out.exists()


def test_5_signing_stamps_the_signers_name_and_date(catalog, pki, trusted, tmp_path):
    plan = replace(advisor_plan(catalog, "dr. noor advisor"), approved_by="Someone Else")
    path = tmp_path / "signed.pdf"
    approved = sign_off(catalog, plan, path, date.today(), pki.certificate("noor"))
    assert approved.status == "approved" and approved.approved_on == date.today().isoformat()
    assert approved.approved_by == "Dr. Noor Advisor"
    assert verify_pdf(catalog, path).state == "signed-record"


def test_5_approval_needs_the_advisor_and_no_open_error(catalog, tmp_path, capsys):
    nameless = tmp_path / "nameless.json"
    save_plan(advisor_plan(catalog, ""), nameless)
    out = tmp_path / "out.pdf"
    assert main(["export", str(nameless), "-o", str(out), "--approve"]) == 1
    assert "the plan names no advisor" in capsys.readouterr().err and not out.exists()
    plan = advisor_plan(catalog, "Dr. Ada Advisor")
    broken = tmp_path / "broken.json"
    save_plan(
        replace(plan, terms={**plan.terms, "fall-1": ("AIPI 540", *plan.terms["fall-1"])}), broken
    )
    assert main(["export", str(broken), "-o", str(out), "--approve"]) == 1
    assert "neither fixed nor waived with a reason" in capsys.readouterr().err
    assert not out.exists()


def test_5_unknown_top_level_keys_are_printed_in_the_appendix(catalog, pki, trusted, tmp_path):
    data = plan_to_dict(advisor_plan(catalog, "Dr. Noor Advisor"))
    data["registrar_override"] = {"capstone": "waived", "by": "nobody"}
    data["x" * 40] = "y" * 5_000
    source = tmp_path / "extra.json"
    source.write_text(json.dumps(data))
    path = tmp_path / "signed.pdf"
    sign_off(catalog, load_plan(source), path, date.today(), pki.certificate("noor"))
    text = text_of(path)
    assert "Other data in this file" in text and '"registrar_override"' in text
    assert '"capstone": "waived"' in text and "(continued in the embedded plan)" in text
    assert load_plan(path).extra["registrar_override"] == {"capstone": "waived", "by": "nobody"}
    assert verify_pdf(catalog, path).state == "signed-record"


@pytest.mark.parametrize(
    "change",
    [
        {"k" * 1_500: 1},  # a long unknown key: its cell was taller than a page
        {"extra": "⟿" * 2_100},  # wide characters within the value's 2,000 printed
        {
            "exceptions": [
                {"kind": "waive-finding", "rule": "placeholder.unresolved", "reason": "𝕎" * 2_000}
            ]
        },
    ],
    ids=["long-key", "wide-value", "wide-reason"],
)
def test_5_a_cell_taller_than_a_page_is_cut_not_a_failed_export(catalog, tmp_path, change, capsys):
    """Before: ReportLab's LayoutError, a traceback and exit 1 (a table row cannot break across
    pages). After: the cell is cut to fit, marked, and the whole stays in the embedded plan."""
    # The cohort template: its electives still to choose are findings the reason is printed with.
    plan = from_template(catalog.tracks["accelerated-12"], 2026, "Ada", advisor_name="Dr. Noor")
    data = {**plan_to_dict(plan), **change}
    source, out = tmp_path / "wide.json", tmp_path / "wide.pdf"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["export", str(source), "-o", str(out)]) == 0, capsys.readouterr().err
    assert "(continued in the embedded plan)" in text_of(out)
    assert load_plan(out) == load_plan(source)


# ------------------------------------------------------------------ 6. terminal control
def _certificate_named(name: str, path: Path) -> AdvisorCertificate:
    """What `advisor-app certificate` refuses to make, made with cryptography directly."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name, _validate=False)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", key, certificate, None, BestAvailableEncryption(b"pw")
        )
    )
    return load_certificate(path, b"pw")


CONTROL = "\r  signature: intact (trusted)\x1b[K\x1b]0;ok\x07\u202e"


def test_6_control_characters_reach_the_terminal_inert(catalog, tmp_path, capsys):
    """Before: a certificate name with "\\r" and ANSI escapes rewrote the terminal line, so a
    broken signature read "intact". After: every field is printed escaped."""
    name = "Eve" + CONTROL
    certificate = _certificate_named(name, tmp_path / "eve.p12")
    plan = replace(advisor_plan(catalog, name), student_name="Mallory\x1b[2J\x9b31m" + CONTROL)
    path = tmp_path / "eve.pdf"
    approved = approve(plan, date.today().isoformat(), name)
    path.write_bytes(
        sign_pdf_bytes(render_pdf(catalog, approved, signed_by=name), certificate, "x")
    )
    source = tmp_path / "eve.json"
    save_plan(replace(plan, terms={**plan.terms, "fall-1": ("AIPI\x1b[31m 999",)}), source)
    capsys.readouterr()
    for args in (
        ["verify", str(path)],
        ["verify", str(path), "--json"],
        ["validate", str(source)],
        ["validate", str(source), "--json"],
        ["validate", str(path)],
        ["export", str(source), "-o", str(tmp_path / "x.pdf")],
    ):
        main(args)
        out, err = capsys.readouterr()
        for stream in (out, err):
            assert not any(c in stream for c in "\r\x1b\x07\x9b\u202e"), (args, stream)
    main(["verify", str(path)])
    out = capsys.readouterr().out
    assert "Eve\\r  signature: intact" in out and "\\x1b[K" in out and "\\u202e" in out
    main(["validate", str(source), "--json"])
    assert json.loads(capsys.readouterr().out)["student"].startswith("Mallory\x1b[2J\x9b")


def test_6_certificate_names_with_control_characters_are_refused(tmp_path, capsys):
    assert main(["certificate", "--name", "Eve\r\x1b[2K", "-o", str(tmp_path / "e.p12")]) == 2
    assert "control" in capsys.readouterr().err and not (tmp_path / "e.p12").exists()


# ------------------------------------------------------------------ 7. two plans in one file
def _embed(writer: PdfWriter, key: str, data: bytes, **names: str) -> None:
    """A file specification with the given /F and /UF, in the document's name tree under `key`."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    spec = DictionaryObject({NameObject("/Type"): NameObject("/Filespec")})
    for entry, value in names.items():
        spec[NameObject(f"/{entry}")] = TextStringObject(value)
    spec[NameObject("/EF")] = DictionaryObject({NameObject("/F"): writer._add_object(stream)})
    root = writer._root_object
    if "/Names" not in root:
        tree = DictionaryObject({NameObject("/Names"): ArrayObject()})
        root[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"): tree})
    root["/Names"]["/EmbeddedFiles"]["/Names"].extend(
        [TextStringObject(key), writer._add_object(spec)]
    )


def _ambiguous(catalog, tmp_path, how: str) -> Path:
    genuine = advisor_plan(catalog, "Dr. Ada Advisor")
    other = replace(genuine, notes="the other plan")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_pdf(catalog, genuine))))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    if how == "two":
        writer.add_attachment("plan.json", dumps_plan(other).encode())
    elif how == "uf-only":
        names.clear()
        _embed(writer, "plan.json", dumps_plan(genuine).encode(), UF="plan.json")
    elif how == "disagree":
        names.clear()
        _embed(writer, "plan.json", dumps_plan(genuine).encode(), F="plan.json", UF="notes.json")
    elif how == "second-uf":
        _embed(writer, "readme.json", dumps_plan(other).encode(), F="readme.json", UF="plan.json")
    return write(tmp_path / f"{how}.pdf", writer)


@pytest.mark.parametrize("how", ["two", "uf-only", "disagree", "second-uf"])
def test_7_an_ambiguous_plan_cannot_be_read_anywhere(catalog, tmp_path, how, capsys):
    """Before: two attachments named plan.json (or one named only in /UF) were read one way by
    the app and another by pdfdetach, and verify said OK. After: exit 2 everywhere."""
    path = _ambiguous(catalog, tmp_path, how)
    with pytest.raises(PlanFileError, match="ambiguous"):
        load_plan(path)
    with pytest.raises(PlanFileError, match="ambiguous"):
        verify_pdf(catalog, path)
    assert main(["verify", str(path)]) == 2
    assert main(["validate", str(path)]) == 2
    assert main(["export", str(path), "-o", str(tmp_path / "out.pdf")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    if shutil.which("pdfdetach"):
        listed = subprocess.run(
            ["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=False
        ).stdout
        shown = [line.split(": ", 1)[1] for line in listed.splitlines()[1:]]
        # What poppler shows is why the file is ambiguous: not one file that is plan.json by
        # every name.
        assert shown == POPPLER_SHOWS[how]


POPPLER_SHOWS = {
    "two": ["export-context.json", "plan.json", "plan.json"],
    "uf-only": ["plan.json"],
    "disagree": ["notes.json"],
    "second-uf": ["export-context.json", "plan.json", "plan.json"],
}


def _signed_with(catalog, plan, certificate, path: Path, field: str = "") -> Path:
    """`plan` rendered and signed with pyHanko directly, past every check of sign_off."""
    data = sign_pdf_bytes(render_pdf(catalog, plan, signed_by=certificate.name), certificate, "x")
    if field:
        import pyhanko.sign.signers as signers
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        metadata = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
        data = signers.sign_pdf(writer, metadata, signer=certificate.signer).getvalue()
    path.write_bytes(data)
    return path


def test_5_a_record_must_be_dated_and_named_as_signed(catalog, pki, trusted, tmp_path):
    noor = pki.certificate("noor")
    plan = advisor_plan(catalog, "Dr. Noor Advisor")
    backdated = approve(plan, "2020-01-15", "Dr. Noor Advisor")
    result = verify_pdf(catalog, _signed_with(catalog, backdated, noor, tmp_path / "old.pdf"))
    assert result.reasons == [
        f"the plan says approved on 2020-01-15, but it was signed on {date.today().isoformat()}"
    ]
    someone = approve(plan, date.today().isoformat(), "Dr. Someone Else")
    result = verify_pdf(catalog, _signed_with(catalog, someone, noor, tmp_path / "who.pdf"))
    assert result.reasons == [
        "the plan says approved by Dr. Someone Else, but Dr. Noor Advisor signed it"
    ]
    result = verify_pdf(catalog, _signed_with(catalog, plan, noor, tmp_path / "draft.pdf"))
    assert result.reasons == ["signed, but the embedded plan is a draft: not a signed-off record"]


def test_5_a_second_signature_is_not_a_record(catalog, pki, trusted, tmp_path):
    noor = pki.certificate("noor")
    approved = approve(
        advisor_plan(catalog, "Dr. Noor Advisor"), date.today().isoformat(), "Dr. Noor Advisor"
    )
    path = _signed_with(catalog, approved, noor, tmp_path / "twice.pdf", field="Second")
    result = verify_pdf(catalog, path)
    assert result.reasons[0] == (
        "the PDF holds 2 signatures; a signed-off record holds one, the advisor's"
    )
    assert "the file was changed after Dr. Noor Advisor signed it" in result.reasons


def test_a_plan_it_could_not_read_back_is_not_exported(catalog, tmp_path):
    """A name over the plan file's limit, made in code (the window's fields stop at the limit):
    the export says so and writes nothing, rather than a record `verify` would refuse."""
    plan = replace(advisor_plan(catalog, "Dr. Noor Advisor"), student_name="A" * 272)
    out = tmp_path / "plan.pdf"
    with pytest.raises(PlanFileError, match=r"cannot be exported as it stands.*200"):
        export_pdf(catalog, plan, out)
    assert not out.exists()
