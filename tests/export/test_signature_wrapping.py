"""A forgery found by attacking the verifier (stop 23): keep a genuine signed record byte for byte,
append an update that puts another plan in it (its pages, fingerprint and plan.json made to
agree) and restates the signature dictionary with the same /ByteRange and a /Contents padded so
that pyHanko's length arithmetic reports the signature as covering the whole file. Before the
fix, `verify` called it a trusted signed-off record of the other plan (exit 0); the window
showed it read-only under the green banner."""

import json
import re
import zlib
from datetime import date

from pypdf import PdfReader

from advisor_app.export.approval import sign_off
from advisor_app.export.fingerprint import fingerprint_sha256, printed_fingerprint
from advisor_app.export.signing import check_signatures
from advisor_app.export.trust import trust_roots, trust_sources
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import parse_plan
from tests.export.conftest import advisor_plan


def _literal(data: bytes) -> bytes:
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped.replace(b"\r", b"\\r").replace(b"\n", b"\\n") + b")"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    head = b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n" % (len(packed), extra)
    return head + packed + b"\nendstream"


def wrap_signature(signed: bytes, student: str) -> bytes:
    """The forged file: `signed` untouched, then one update (see the module's text)."""
    import io

    reader = PdfReader(io.BytesIO(signed))
    signature_ref = reader.trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object()
    signature_ref = signature_ref.raw_get("/V")
    signature = signature_ref.get_object()
    byte_range = [int(n) for n in signature["/ByteRange"]]
    gap = signed[byte_range[1] : byte_range[2]]
    der = bytes.fromhex(gap[1:-1].decode()).rstrip(b"\0")
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    files = {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}
    plan_ref = files["plan.json"]["/EF"].raw_get("/F")
    context_ref = files["export-context.json"]["/EF"].raw_get("/F")
    original = plan_ref.get_object().get_data().decode()
    data = json.loads(original)
    context = json.loads(context_ref.get_object().get_data())
    data["student"]["name"] = student
    text = json.dumps(data, indent=2)
    forged = fingerprint_sha256(parse_plan(text), context["catalog_version"])
    was = printed_fingerprint(fingerprint_sha256(parse_plan(original), context["catalog_version"]))
    context["fingerprint"] = forged
    objects = {
        plan_ref.idnum: _stream(text.encode(), b" /Type /EmbeddedFile"),
        context_ref.idnum: _stream(json.dumps(context).encode(), b" /Type /EmbeddedFile"),
    }
    old_name = parse_plan(original).student_name.encode()
    for page in reader.pages:
        content = page.get_contents().get_data()
        content = content.replace(was.encode(), printed_fingerprint(forged).encode())
        objects[page.raw_get("/Contents").idnum] = _stream(
            content.replace(old_name, student.encode())
        )
    last_xref = int(re.findall(rb"startxref\s+(\d+)", signed)[-1])

    def update(contents_bytes: int) -> bytes:
        body, offsets = bytearray(b"\n"), {}
        for number, text_of_object in objects.items():
            offsets[number] = len(signed) + len(body)
            body += b"%d 0 obj\n" % number + text_of_object + b"\nendobj\n"
        offsets[signature_ref.idnum] = len(signed) + len(body)
        padded = der + b"\0" * (contents_bytes - len(der))
        body += b"%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter " % signature_ref.idnum
        body += b"/adbe.pkcs7.detached /ByteRange [%d %d %d %d] /Contents " % tuple(byte_range)
        body += _literal(padded) + b" >>\nendobj\n"
        at = len(signed) + len(body)
        body += b"xref\n0 1\n0000000000 65535 f \n"
        for number in sorted(offsets):
            body += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
        root = reader.trailer.raw_get("/Root").idnum
        body += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (
            int(reader.trailer["/Size"]),
            root,
            last_xref,
        )
        return bytes(body + b"startxref\n%d\n%%%%EOF\n" % at)

    # pyHanko: whole file when first range + second range + 2 * len(/Contents) + 2 == the
    # file's length. The update grows byte for byte with /Contents: solve for its length.
    fixed = len(der)
    for _ in range(3):  # twice more: an offset in the update may have gained a digit
        fixed = len(signed) + len(update(fixed)) - fixed - byte_range[1] - byte_range[3] - 2
    forged_file = signed + update(fixed)
    assert len(forged_file) - byte_range[1] - byte_range[3] - 2 == 2 * fixed
    return forged_file


def test_a_restated_signature_dictionary_is_no_whole_file_signature(
    catalog, pki, trusted, tmp_path
):
    genuine = tmp_path / "signed.pdf"
    sign_off(
        catalog,
        advisor_plan(catalog, "Dr. Noor Advisor"),
        genuine,
        date.today(),
        pki.certificate("noor"),
    )
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(wrap_signature(genuine.read_bytes(), "Mallory Student"))
    assert PdfReader(forged).attachments["plan.json"][0].decode().count("Mallory Student") == 1
    (check,) = check_signatures(forged.read_bytes(), trust_roots(trust_sources()))
    assert check.trusted and not check.ok  # the key is the advisor's; the file is not theirs
    result = verify_pdf(catalog, forged)
    assert result.state != "signed-record"
    assert verify_pdf(catalog, genuine).state == "signed-record"  # the original still is
