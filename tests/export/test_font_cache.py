"""The font cache (export/font_cache.py): a face read from it is the face ReportLab reads from
the font, the PDF is the same byte for byte, and a bad cache file or folder costs only time."""

import array
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from advisor_app.export import font_cache
from advisor_app.export.font_cache import CachedTTFont
from advisor_app.export.fonts import FONTS
from tests.conftest import REPO

LAZY = ("glyphToChar", "hmetrics", "glyphPos")
DEJAVU = str(FONTS / "DejaVuSans.ttf")
CJK = str(FONTS / "wqy-microhei.ttc")


def assert_same_face(cached: TTFont, parsed: TTFont) -> None:
    """Every attribute of the font and its face: equal, of the same type, in the same order
    (those made on first use made first)."""
    assert type(cached.face).__mro__[1] is type(parsed.face)
    for name in LAZY:
        getattr(cached.face, name)
    assert vars(cached).keys() == vars(parsed).keys()
    mine, theirs = vars(cached.face), vars(parsed.face)
    assert mine.keys() == theirs.keys()
    for name, value in theirs.items():
        other = mine[name]
        if name == "hmetrics" and type(other) is not list:  # each pair made when asked for
            assert len(other) == len(value) and other[5:9] == value[5:9]
            other = [other[i] for i in range(len(other))]
        if name == "_pdfScale":  # a function of unitsPerEm, made again
            for x in (0, 1, 7, 123.5, 2048, -40):
                assert other(x) == value(x) and type(other(x)) is type(value(x))
            continue
        assert other == value and type(other) is type(value), name
        if isinstance(value, dict):
            assert list(other.items()) == list(value.items()), name
            assert [type(v) for v in other.values()] == [type(v) for v in value.values()], name
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            assert [tuple(map(type, v)) for v in other] == [tuple(map(type, v)) for v in value]
        if hasattr(value, "ustr"):
            assert other.ustr == value.ustr
    for attribute in ("fontName", "_asciiReadable", "shapable"):
        assert getattr(cached, attribute) == getattr(parsed, attribute)


def cache_file(folder: Path, font: str) -> Path:
    [path] = folder.glob(f"{Path(font).name}*.fontcache")
    return path


@pytest.mark.parametrize("font", [DEJAVU, CJK, str(FONTS / "NotoSansThai-Regular.ttf")])
def test_a_face_read_from_the_cache_is_the_face_reportlab_reads(font, tmp_path):
    parsed = TTFont("F", font, subfontIndex=0)
    first = CachedTTFont("F", font, tmp_path)  # reads the font, writes the cache
    assert cache_file(tmp_path, font).stat().st_size > 0
    second = CachedTTFont("F", font, tmp_path)  # reads the cache
    assert_same_face(first, parsed)
    assert_same_face(second, parsed)


def test_the_second_reading_does_not_parse_the_font(tmp_path, monkeypatch):
    CachedTTFont("F", DEJAVU, tmp_path)
    calls = []
    parse = font_cache.ttfonts.TTFontFile.extractInfo
    monkeypatch.setattr(
        font_cache.ttfonts.TTFontFile,
        "extractInfo",
        lambda self, *a: calls.append(1) or parse(self, *a),
    )
    cached = CachedTTFont("F", DEJAVU, tmp_path)
    assert calls == []
    # Only subsetting and shaping read these three: they are made on first use.
    assert not set(LAZY) & set(vars(cached.face))
    assert cached.face.hmetrics[0] == (1229, 102) and "hmetrics" in vars(cached.face)
    with pytest.raises(AttributeError):
        cached.face.no_such_attribute  # noqa: B018
    assert_same_face(cached, TTFont("F", DEJAVU, subfontIndex=0))
    assert "_lazy_tables" not in vars(cached.face)
    calls.clear()  # the parse of the font compared with
    CachedTTFont("F", DEJAVU, None)  # no cache folder: read as ReportLab reads it
    assert calls == [1]


RENDER = """
import sys
from msgspec.structs import replace
from datetime import date
from reportlab import rl_config
rl_config.invariant = 1  # no creation date nor random document id: the same PDF twice
from reportlab.pdfbase import ttfonts
from advisor_app.catalog import open_catalog
from advisor_app.export.pdf import render_pdf
from tests.plans_for_tests import filled_template
parsed = []
original = ttfonts.TTFontFile.extractInfo
ttfonts.TTFontFile.extractInfo = lambda self, *a: parsed.append(self.filename) or original(self, *a)
catalog = open_catalog().catalog
plan = replace(filled_template(catalog, "accelerated-12"), student_name="王小明 प्रिया Zoë",
               notes="Ångström, office, 漢字 and محمد")
sys.stdout.buffer.write(render_pdf(catalog, plan, date(2026, 11, 25)))
sys.stderr.write(f"parsed {len(parsed)}")
"""


def render_in_a_process(cache: Path) -> tuple[bytes, str]:
    done = subprocess.run(
        [sys.executable, "-c", RENDER],
        cwd=REPO,
        capture_output=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    return done.stdout, done.stderr.decode()


def test_the_pdf_is_the_same_byte_for_byte_from_the_cache(tmp_path):
    """Glyphs, widths, subsets, text: the whole PDF, drawn once reading the fonts and once from
    the cache they filled (four fonts: DejaVu, its bold, the CJK font, Devanagari)."""
    without, parsed = render_in_a_process(tmp_path)
    assert parsed == "parsed 4"
    assert len(list(tmp_path.rglob("*.fontcache"))) == 4
    cached, parsed = render_in_a_process(tmp_path)
    assert parsed == "parsed 0"
    assert cached == without
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(cached)).pages)
    assert "王小明" in text and "Ångström" in text


def _valid(tmp_path: Path) -> tuple[Path, dict, bytearray]:
    CachedTTFont("F", DEJAVU, tmp_path)
    path = cache_file(tmp_path, DEJAVU)
    document, blob = _parts(path.read_bytes())
    return path, document, blob


def _parts(raw: bytes) -> tuple[dict, bytearray]:
    """A cache file's line of JSON and its packed arrays."""
    assert raw.startswith(font_cache.MAGIC)
    end = raw.index(b"\n", len(font_cache.MAGIC))
    return json.loads(raw[len(font_cache.MAGIC) : end]), bytearray(raw[end + 1 :])


def _file(document: dict, blob: bytes) -> bytes:
    return font_cache.MAGIC + json.dumps(document).encode() + b"\n" + blob


def _append(blob: bytearray, code: str, values: list) -> list:
    run = [code, len(blob), len(values)]
    blob += array.array(code, values).tobytes()
    return [run]


def _spoil(how: str, document: dict, blob: bytearray, raw: bytes) -> bytes:
    face = document["face"]
    codes = sum(run[2] for run in face["charWidths"][0])
    if how == "truncated":
        return raw[: len(raw) - 100]
    if how == "no header":
        return raw[len(font_cache.MAGIC) :]
    if how == "not json":
        return font_cache.MAGIC + b"\x00\xff garbage\n"
    if how == "no end of line":
        return font_cache.MAGIC + json.dumps(document).encode()
    if how == "a list":
        return font_cache.MAGIC + b"[1, 2, 3]\n"
    if how == "deeply nested":
        return font_cache.MAGIC + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    if how == "another font":
        document["key"]["sha256"] = "0" * 64
    elif how == "another reportlab":
        document["key"]["reportlab"] = "0.1"
    elif how == "a missing attribute":
        del face["charWidths"]
    elif how == "an extra attribute":
        face["__class__"] = "os.system"
    elif how == "floats for glyphs":
        face["charToGlyph"][1] = _append(blob, "d", [1.5] * codes)
    elif how == "a run beyond the file":
        face["glyphPos"] = [["i", len(blob) - 4, 2]]
    elif how == "a negative offset":
        face["glyphPos"] = [["i", -8, 2]]
    elif how == "a count that is not an int":
        face["glyphPos"] = [["i", 0, 1.5]]
    elif how == "an unknown array type":
        face["glyphPos"][0][0] = "u"
    elif how == "too few glyph offsets":
        face["glyphPos"] = [["i", 0, 0]]
    elif how == "a width that is not a number":
        face["charWidths"][1] = _append(blob, "d", [float("nan")] * codes)
    elif how == "a negative glyph offset":
        face["glyphPos"] = _append(blob, "i", [-1] * (face["numGlyphs"] + 1))
    elif how == "a huge int":  # more digits than Python converts
        face["stemV"] = 123456789
        header = json.dumps(document).replace("123456789", "9" * 5000).encode()
        return font_cache.MAGIC + header + b"\n" + blob
    elif how == "a name that writes PDF":
        face["name"] = "DejaVu) /Evil (x"
    elif how == "a bool for an int":
        face["numGlyphs"] = True
    elif how == "mismatched lists":
        face["charToGlyph"][0] = [["i", 0, 0]]
    elif how == "oversized":
        return raw + b" " * (font_cache.MAX_CACHE_BYTES + 1)
    return _file(document, blob)


SPOILED = [
    "truncated", "no header", "not json", "no end of line", "a list", "deeply nested",
    "another font", "another reportlab", "a missing attribute", "an extra attribute",
    "floats for glyphs", "a run beyond the file", "a negative offset", "a count that is not an int",
    "an unknown array type", "too few glyph offsets", "a width that is not a number",
    "a negative glyph offset", "a huge int", "a name that writes PDF", "a bool for an int",
    "mismatched lists", "oversized",
]  # fmt: skip


@pytest.mark.parametrize("how", SPOILED)
def test_a_bad_cache_file_is_ignored_and_written_again(how, tmp_path):
    path, document, blob = _valid(tmp_path)
    good = path.read_bytes()
    key = _parts(good)[0]["key"]
    path.write_bytes(_spoil(how, document, blob, good))
    assert font_cache._read(path, key) is None
    parsed = TTFont("F", DEJAVU, subfontIndex=0)
    assert_same_face(CachedTTFont("F", DEJAVU, tmp_path), parsed)
    assert path.read_bytes() == good  # written again, whole
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_font_changed_on_disk_is_read_again(tmp_path):
    """The cache is keyed by the font's bytes: a different font under the same name is not
    read from the other's entry."""
    fonts, cache = tmp_path / "fonts", tmp_path / "cache"
    fonts.mkdir()
    copy = fonts / "Font.ttf"
    copy.write_bytes(Path(DEJAVU).read_bytes())
    CachedTTFont("F", str(copy), cache)
    copy.write_bytes((FONTS / "DejaVuSans-Bold.ttf").read_bytes())
    assert_same_face(CachedTTFont("F", str(copy), cache), TTFont("F", str(copy), subfontIndex=0))
    assert _parts(cache_file(cache, str(copy)).read_bytes())[0]["face"]["name"] == "DejaVuSans-Bold"


def test_a_cache_folder_that_cannot_be_written_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    parsed = TTFont("F", DEJAVU, subfontIndex=0)
    assert_same_face(CachedTTFont("F", DEJAVU, blocker / "fonts"), parsed)  # cannot be made

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    folder = tmp_path / "read-only"
    folder.mkdir()
    monkeypatch.setattr(font_cache.tempfile, "mkstemp", refuse)
    assert_same_face(CachedTTFont("F", DEJAVU, folder), parsed)
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setattr(font_cache.os, "replace", refuse)
    assert_same_face(CachedTTFont("F", DEJAVU, folder), parsed)
    assert list(folder.iterdir()) == []  # the temporary file removed


def test_the_export_uses_the_users_cache_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "from advisor_app.export.font_cache import default_cache_dir as d;"
         "print(d())"],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    )  # fmt: skip
    assert Path(done.stdout.strip()) == tmp_path / "AIPI Advisor" / "fonts"


def test_a_temporary_file_a_killed_export_left_is_removed_when_the_cache_is_written(tmp_path):
    old = tmp_path / ".DejaVuSans.ttf.fontcache.abc123"
    recent = tmp_path / ".DejaVuSans.ttf.fontcache.def456"
    for leftover in (old, recent):
        leftover.write_bytes(b"half a cache file")
    os.utime(old, (0, 0))
    CachedTTFont("F", DEJAVU, tmp_path)
    assert not old.exists() and recent.exists()  # another export's may still be writing
