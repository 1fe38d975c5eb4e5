"""The one bounded PDF reader (opening, validate, export and verify): hostile and oversized PDFs
are refused in one line, naming the limit, fast and in bounded memory; never a traceback."""

import io
import subprocess
import sys
import tracemalloc
import zlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from advisor_app.cli import main
from advisor_app.export.pdf import render_pdf
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import LIMITS, PlanFileError, dumps_plan, load_plan, pdf_footer
from advisor_app.plans.pdf_reader import read_pdf
from tests.plans_for_tests import filled_template

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(catalog) -> bytes:
    return render_pdf(catalog, filled_template(catalog, "accelerated-12"), date(2026, 11, 25))


def write(path: Path, writer: PdfWriter) -> Path:
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def flate_stream(compressed: bytes, **entries: object) -> StreamObject:
    stream = StreamObject()
    stream._data = compressed
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = value
    return stream


def zeros_compressed(size: int) -> bytes:
    """`size` spaces, deflated: a few hundred KB that decompress to `size` bytes."""
    packer = zlib.compressobj(9)
    chunk = b" " * 1_000_000
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + packer.flush()


def with_plan_stream(exported: bytes, stream: StreamObject, path: Path) -> Path:
    """The exported PDF with its plan.json's data replaced by `stream`."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[names.index("plan.json") + 1].get_object()
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    spec["/EF"][NameObject("/F")] = writer._add_object(stream)
    return write(path, writer)


def peak_memory(action) -> int:
    tracemalloc.start()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_plan_that_decompresses_to_500_mb_is_refused_in_bounded_memory(exported, tmp_path):
    bomb = with_plan_stream(
        exported, flate_stream(zeros_compressed(500_000_000)), tmp_path / "b.pdf"
    )
    assert bomb.stat().st_size < 2_000_000

    def read() -> None:
        with pytest.raises(PlanFileError, match=f"the limit is {LIMITS.pdf_attachment_bytes:,}"):
            load_plan(bomb)

    assert peak_memory(read) < 40_000_000
    assert main(["validate", str(bomb)]) == 2


def test_seventy_attachments_of_seventy_mb_are_refused_unread(exported, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    data = zeros_compressed(70_000_000)
    for number in range(70):
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject(f"extra-{number}.json"),
                NameObject("/EF"): DictionaryObject(
                    {NameObject("/F"): writer._add_object(flate_stream(data))}
                ),
            }
        )
        names.extend([TextStringObject(f"extra-{number}.json"), writer._add_object(spec)])
    path = write(tmp_path / "seventy.pdf", writer)

    def read() -> None:
        with pytest.raises(PlanFileError, match=f"the limit is {LIMITS.pdf_attachments}"):
            load_plan(path)

    assert peak_memory(read) < 60_000_000


def test_too_many_pages_are_refused(tmp_path):
    writer = PdfWriter()
    for _ in range(LIMITS.pdf_pages + 1):
        writer.add_blank_page(612, 792)
    path = write(tmp_path / "pages.pdf", writer)
    with pytest.raises(PlanFileError, match=f"pages; the limit is {LIMITS.pdf_pages}"):
        load_plan(path)


def shared_content(exported: bytes, size: int, pages: int, path: Path) -> Path:
    """`pages` pages all showing one content stream of `size` bytes (a 10 KB file)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
    operators = b"0.5 0.5 0.5 rg 10 10 m 20 20 l S BT /F1 7.5 Tf (x) Tj ET\n"
    body = operators * (size // len(operators))
    stream = flate_stream(zlib.compress(body, 9))
    reference = writer._add_object(stream)
    first = writer.pages[0]
    while len(writer.pages) < pages:
        writer.add_page(first)
    for page in writer.pages:
        page[NameObject("/Contents")] = reference
    return write(path, writer)


def test_forty_pages_sharing_a_2_mb_content_stream_are_read_once_or_refused(
    catalog, exported, tmp_path, monkeypatch
):
    calls = []
    original = pdf_footer._text_in_band
    monkeypatch.setattr(pdf_footer, "_text_in_band", lambda *a: calls.append(1) or original(*a))
    below = shared_content(exported, LIMITS.pdf_page_content_bytes - 100, 40, tmp_path / "a.pdf")
    assert below.stat().st_size < len(exported) + 20_000  # 2 MB of page content in a few KB
    result = verify_pdf(catalog, below)
    assert len(calls) == 1  # one content stream, tokenised once for 40 pages
    assert result.reasons == [
        "every page (1 to 40): the footer holds more than 64 pieces of text: not an export's"
    ]
    over = shared_content(exported, 2 * 1024 * 1024, 40, tmp_path / "b.pdf")
    with pytest.raises(PlanFileError, match=f"the limit is {LIMITS.pdf_page_content_bytes:,}"):
        verify_pdf(catalog, over)
    assert main(["verify", str(over)]) == 2


def test_truncated_pdfs_cannot_be_read(catalog, exported, tmp_path):
    for cut in (len(exported) // 3, len(exported) - 40, len(exported) - 7):
        path = tmp_path / f"cut-{cut}.pdf"
        path.write_bytes(exported[:cut])
        with pytest.raises(PlanFileError, match="truncated"):
            verify_pdf(catalog, path)
        assert main(["verify", str(path)]) == 2
        assert main(["validate", str(path)]) == 2


def test_a_password_protected_pdf_cannot_be_read(catalog, exported, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
    writer.encrypt("secret", algorithm="AES-256")
    path = write(tmp_path / "locked.pdf", writer)
    with pytest.raises(PlanFileError, match="encrypted"):
        load_plan(path)
    assert main(["verify", str(path)]) == 2


def test_a_plan_that_is_not_utf8_is_refused_alike_by_verify_and_validate(
    catalog, exported, tmp_path, capsys
):
    stream = DecodedStreamObject()
    stream.set_data(
        dumps_plan(filled_template(catalog, "accelerated-12"))
        .replace("Ada Lovelace", "Ad\xe9 Lovelace")
        .encode("latin-1")
    )
    path = with_plan_stream(exported, stream, tmp_path / "latin1.pdf")
    assert main(["validate", str(path)]) == 2
    validate_error = capsys.readouterr().err
    assert main(["verify", str(path)]) == 2
    verify_error = capsys.readouterr().err
    assert "the embedded plan is not UTF-8 text" in validate_error
    assert "the embedded plan is not UTF-8 text" in verify_error


@pytest.mark.parametrize(
    ("filter_name", "message"),
    [("/JBIG2Decode", "JBIG2Decode"), ("/LZWDecode", "LZWDecode"), ("/Crypt", "Crypt")],
)
def test_a_plan_in_an_unsupported_encoding_is_one_line(exported, tmp_path, filter_name, message):
    stream = flate_stream(b"\x00" * 40)
    stream[NameObject("/Filter")] = NameObject(filter_name)
    path = with_plan_stream(exported, stream, tmp_path / "filter.pdf")
    with pytest.raises(PlanFileError, match=message):
        load_plan(path)


def test_damaged_compressed_data_and_decode_parameters_are_refused(exported, tmp_path):
    path = with_plan_stream(exported, flate_stream(b"not deflate at all"), tmp_path / "z.pdf")
    with pytest.raises(PlanFileError, match="damaged /FlateDecode data"):
        load_plan(path)
    params = DictionaryObject({NameObject("/Predictor"): NumberObject(12)})
    stream = flate_stream(zlib.compress(b"{}"), DecodeParms=params)
    path = with_plan_stream(exported, stream, tmp_path / "p.pdf")
    with pytest.raises(PlanFileError, match="parameters"):
        load_plan(path)


def test_ascii85_and_hex_encoded_plans_read(catalog, exported, tmp_path):
    import base64

    plan = filled_template(catalog, "accelerated-12")
    text = dumps_plan(plan).encode()
    stream = StreamObject()
    stream._data = base64.a85encode(zlib.compress(text)) + b"~>"
    stream[NameObject("/Filter")] = ArrayObject(
        [NameObject("/ASCII85Decode"), NameObject("/FlateDecode")]
    )
    assert load_plan(with_plan_stream(exported, stream, tmp_path / "a85.pdf")) == plan
    stream = StreamObject()
    stream._data = text.hex().encode() + b">"
    stream[NameObject("/Filter")] = NameObject("/AHx")
    assert load_plan(with_plan_stream(exported, stream, tmp_path / "hex.pdf")) == plan


def test_a_name_tree_that_loops_is_refused(exported, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
    tree = writer._root_object["/Names"]["/EmbeddedFiles"]
    node = DictionaryObject()
    node_reference = writer._add_object(node)
    node[NameObject("/Kids")] = ArrayObject([node_reference])
    tree[NameObject("/Kids")] = ArrayObject([node_reference])
    path = write(tmp_path / "loop.pdf", writer)
    with pytest.raises(PlanFileError, match="loops"):
        load_plan(path)


def test_a_plan_attached_to_a_page_is_ambiguous(exported, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(exported)))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[names.index("plan.json") + 1]
    del names[names.index("plan.json") : names.index("plan.json") + 2]
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/FS"): spec,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    path = write(tmp_path / "page.pdf", writer)
    with pytest.raises(PlanFileError, match="attached to page 1"):
        load_plan(path)


def test_damaged_pdfs_say_nothing_but_one_line_on_stderr(exported, tmp_path):
    damaged = bytearray(exported)
    damaged[len(damaged) // 2 : len(damaged) // 2 + 400] = b"\x00" * 400
    damaged[-200:-150] = b"x" * 50
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(damaged))
    for command in ("validate", "verify"):
        result = subprocess.run(
            [sys.executable, "-m", "advisor_app", command, str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode in (0, 1, 2)
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) <= 1


def test_reading_an_export_gives_its_plan_and_context(catalog, exported):
    contents = read_pdf(exported, "plan.pdf")
    assert contents.page_count == len(PdfReader(io.BytesIO(exported)).pages)
    assert contents.context and b"catalog_version" in contents.context
    with pytest.raises(PlanFileError, match="not a PDF"):
        read_pdf(b"%PDX-1.4 nothing", "x.pdf")


# ------------------------------------------------------------------ the footer, by position
def footer_runs(content: bytes, band=(0.0, 0.0, 612.0, 50.0)) -> list[bytes]:
    runs, _overflowing = pdf_footer._text_in_band(content, band)
    return [b"".join(run.strings) for run in runs]


def test_footer_text_is_found_by_its_position():
    content = (
        b"BT /F1 9 Tf 1 0 0 1 72 700 Tm (Plan fingerprint AAAA) Tj ET\n"
        b"q 1 0 0 1 0 -680 cm BT /F1 9 Tf 72 700 Td (moved down) Tj ET Q\n"
        b"BT /F1 9 Tf 3 Tr 1 0 0 1 72 30 Tm (invisible) Tj ET\n"
        b"BT /F1 9 Tf 0 Tr 1 0 0 1 72 30 Tm [(kern) -120 (ed)] TJ 12 TL T* (next line) Tj ET\n"
        b"BT /F1 9 Tf 1 0 0 1 900 30 Tm (off the page) Tj 2 Ts ET\n"
        b"BT /F1 9 Tf 1 0 0 1 72 30 Tm (a \\) b \\(c\\) d) Tj <414243> Tj ET\n"
        b"BI /W 1 /H 1 ID \x00BT (not text) Tj ET\n EI\n"
    )
    assert footer_runs(content) == [
        b"(moved down)",
        b"(kern)(ed)",
        b"(next line)",
        b"(a \\) b \\(c\\) d)",
        b"<414243>",
    ]


def test_strings_decode_with_escapes_and_hex():
    assert pdf_footer.string_bytes(b"(a\\(b\\)\\n\\101\\\nc)") == b"a(b)\nAc"
    assert pdf_footer.string_bytes(b"<41 42 4>") == b"AB@"


def test_to_unicode_maps_decode_chars_and_ranges():
    cmap = (
        b"begincmap 2 beginbfchar <01> <00B7> <02> <0041> endbfchar\n"
        b"1 beginbfrange <10> <12> <0061> <20> <21> [<0058> <0059>] endbfrange endcmap"
    )
    mapping = pdf_footer._parse_cmap(cmap, 1)
    assert mapping[b"\x01"] == "·" and mapping[b"\x11"] == "b" and mapping[b"\x21"] == "Y"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_content_stream_is_read_without_crashing(content):
    for run in pdf_footer._text_in_band(content, (0.0, 0.0, 612.0, 50.0))[0]:
        for string in run.strings:
            pdf_footer.string_bytes(string)
    assert isinstance(pdf_footer._parse_cmap(b"beginbfrange " + content + b" endbfrange", 1), dict)
    assert isinstance(pdf_footer._parse_cmap(b"beginbfchar " + content + b" endbfchar", 2), dict)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"q",
                b"Q",
                b"BT",
                b"ET",
                b"1 0 0 1 0 -700 cm",
                b"(x) Tj",
                b"[(a) -300 (b)] TJ",
                b"0 -20 Td",
                b"T*",
                b"12 TL",
                b"3 Tr",
                b"0 Tr",
                b"/F1 9 Tf",
                b"<<",
                b">>",
                b"[",
                b"]",
                b"(",
                b")",
                b"\\",
                b"BI",
                b"ID",
                b"EI",
                b"1 0 0 1 10 20 Tm",
                b"'",
                b'"',
            ]
        ),
        max_size=60,
    )
)
def test_any_sequence_of_operators_is_read_without_crashing(tokens):
    pdf_footer._text_in_band(b" ".join(tokens), (0.0, 0.0, 612.0, 50.0))


def test_a_footer_flooded_with_text_is_not_read_further():
    runs, overflowing = pdf_footer._text_in_band(b"BT (x) Tj ET " * 1000, (0, 0, 612, 50))
    assert overflowing and len(runs) == pdf_footer.MAX_FOOTER_RUNS


def test_hostile_page_content_and_unicode_maps_are_read_in_one_pass():
    """Found in stop 23: a page holding 300,000 digits then a letter, and a ToUnicode map of
    62,000 'beginbfchar' with no end, each kept `verify` busy for hours (the number pattern
    split the digits every way it could; a lazy pattern read the map's rest for every 'begin').
    At a million digits each is now a single pass, and genuine content reads as before."""
    from advisor_app.plans.pdf_footer import _TOKEN, _parse_cmap

    digits = _TOKEN.match(b"1" * 1_000_000 + b"x Tj", 0)
    assert digits is not None and digits.lastgroup == "operator"
    for content, kind, token in (
        (b"1 0 0 1 72 720 cm", "numbers", b"1 0 0 1 72 720"),
        (b"1 2 3x", "numbers", b"1 2"),
        (b".5 -3 Td", "numbers", b".5 -3"),
        (b"123abc", "operator", b"123abc"),
    ):
        match = _TOKEN.match(content, 0)
        assert match is not None and (match.lastgroup, match.group()) == (kind, token)
    assert _parse_cmap(b"beginbfchar <06>" * 200_000, 1) == {}
    assert _parse_cmap(b"beginbfrange <00> <01> [<0041>" * 100_000 + b"endbfrange", 1) == {}
    genuine = (
        b"beginbfchar\n<01> <0041>\nendbfchar\n"
        b"beginbfrange\n<03> <04> <0043>\n<06> <07> [<0061> <0062>]\nendbfrange"
    )
    assert _parse_cmap(genuine, 1) == {
        b"\x01": "A", b"\x03": "C", b"\x04": "D", b"\x06": "a", b"\x07": "b",
    }  # fmt: skip


def test_many_updates_or_cross_reference_entries_are_refused_unread(exported, tmp_path):
    """Found in stop 23: 470,000 empty updates (49 MB) took a minute and 1.4 GB to verify; one
    table of 2,000,000 entries (40 MB), 35 s and 950 MB."""
    at = exported.rindex(b"startxref")
    offset = exported[at:].split()[1]
    update = b"\nxref\n0 0\ntrailer\n<< >>\nstartxref\n" + offset + b"\n%%EOF\n"
    updated = tmp_path / "updated.pdf"
    updated.write_bytes(exported + update * LIMITS.pdf_revisions)
    with pytest.raises(
        PlanFileError, match=f"updated 65 times; the limit is {LIMITS.pdf_revisions}"
    ):
        load_plan(updated)
    table = b"xref\n0 200000\n" + b"0000000017 00000 n \n" * 200_000
    listed = tmp_path / "listed.pdf"
    listed.write_bytes(exported[:at] + table + exported[at:])
    with pytest.raises(PlanFileError, match=r"lists 200,0\d\d objects; the limit is 100,000"):
        load_plan(listed)
    one_more = tmp_path / "one-update.pdf"
    one_more.write_bytes(exported + update)  # an update or two, as a signature adds: read
    assert load_plan(one_more).track == "accelerated-12"


def test_a_chain_of_earlier_versions_is_counted_however_its_links_are_spelled(exported, tmp_path):
    """Found in stop 25: 200 cross-reference streams linked by `/Prev` behind one `startxref`
    (60 KB) took 4.5 s to read; in 50 MB, hours. The links count as updates."""
    at = exported.rindex(b"startxref")
    previous = int(exported[at:].split()[1])
    chained = bytearray(exported)
    for spelling in (b"/Prev", b"/P#72ev", b"/#50#72#65#76", b"/XRefStm") * 17:
        here = len(chained)
        chained += b"xref\n0 0\ntrailer\n<< %s %d >>\n" % (spelling, previous)
        previous = here
    chained += b"startxref\n%d\n%%%%EOF\n" % previous
    path = tmp_path / "chained.pdf"
    path.write_bytes(bytes(chained))
    with pytest.raises(PlanFileError, match=r"updated \d+ times; the limit is 64"):
        load_plan(path)
    named = tmp_path / "named.pdf"  # a name that only starts like one is no link
    named.write_bytes(exported[:at] + b"%/Preview /PrevX /XRefStmY\n" * 100 + exported[at:])
    assert load_plan(named).track == "accelerated-12"


def test_a_damaged_pdf_is_described_in_plain_words():
    """Before: "not a readable PDF (AttributeError: 'ArrayObject' object has no attribute
    '_data')", in the terminal and in the window's dialog, for a records clerk to read."""
    from pypdf.errors import PdfReadError

    from advisor_app.plans.pdf_reader import guarded

    for error, words in (
        (
            AttributeError("'ArrayObject' object has no attribute '_data'"),
            "its structure is damaged",
        ),
        (RecursionError("maximum recursion depth exceeded"), "its structure is damaged"),
        (PdfReadError("startxref not found"), "startxref not found"),
    ):
        with pytest.raises(PlanFileError) as refused, guarded("x.pdf"):
            raise error
        assert str(refused.value) == f"x.pdf: not a readable PDF ({words})"
