"""ReportLab's reading of a TrueType font, kept in the user's cache folder between exports.

ReportLab reads a font's character map, widths and glyph offsets with Python code, every time a
process registers it: a fifth of a second for the fonts of a plan with a Chinese name. What that
reading finds depends only on the font's bytes (and ReportLab's version), so the first export
writes it down and later ones read it back.

A cache file is a line of JSON, then the packed arrays of numbers it points into: nothing in it
can run. It is used only when it names this very font (the SHA-256 of its bytes, the subfont,
ReportLab's version) and holds what ReportLab's own reading sets, of the right types and lengths;
anything else (missing, stale, truncated, corrupt or hostile) is ignored, the font is read as
before, and the file is written again, atomically. A cache folder that cannot be written costs
only the time. (A cache file written by someone else with well-formed but different numbers
would draw the wrong glyphs: the folder is the user's own, as trusted as the rest of their home.)
"""

import array
import contextlib
import glob
import hashlib
import json
import logging
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from fnmatch import fnmatch
from itertools import accumulate
from pathlib import Path
from typing import Any, overload
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase import ttfonts

from advisor_app.plans.reading import read_bounded

log = logging.getLogger(__name__)

#: Changes when what the cache holds, or how, changes.
FORMAT = 1
#: A cache file larger than this is not read (the largest font's is under 2 MB).
MAX_CACHE_BYTES = 32 << 20
#: How a cache file begins, before its line of JSON.
MAGIC = b"AIPI Advisor font cache\n"

# What TTFontFile.extractInfo sets, by kind; _pdfScale (a function of unitsPerEm) is made again.
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_INTS = ("unitsPerEm", "stemV", "underlinePosition", "underlineThickness", "flags", "numGlyphs")
_NUMBERS = ("ascent", "descent", "capHeight", "italicAngle", "defaultWidth")
_TABLES = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos")
_OTHERS = ("_pos", "_full_font", "fontRevision", "bbox", "_pdfScale")
_SET = frozenset((*_NAMES, *_INTS, *_NUMBERS, *_TABLES, *_OTHERS))


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("AIPI Advisor", "AIPI")) / "fonts"


class CachedFace(ttfonts.TTFontFace):  # type: ignore[misc]  # ReportLab ships no type hints
    """A TTFontFace that reads what extractInfo would find from `folder` when the cache there
    holds this font, and writes it there when not (`folder` None: no cache)."""

    def __init__(self, filename: str, subfontIndex: int, folder: Path | None) -> None:
        self._cache_folder = folder
        try:
            super().__init__(filename, validate=0, subfontIndex=subfontIndex)
        finally:
            del self._cache_folder

    def extractInfo(self, charInfo: int = 1) -> None:
        folder = self._cache_folder
        if folder is None or not charInfo:
            super().extractInfo(charInfo)
            return
        path = folder / _file_name(self.filename, self.subfontNameX)
        key = _key(self)
        cached = _read(path, key)
        if cached is not None:
            eager, self._lazy_tables = cached
            self.__dict__.update(eager)
            return
        before = dict(vars(self))
        super().extractInfo(charInfo)
        found = {k: v for k, v in vars(self).items() if k not in before or before[k] is not v}
        _write(path, key, found)

    def __getattr__(self, name: str) -> Any:
        """glyphToChar, hmetrics and glyphPos, when read from the cache, are made on first use:
        only subsetting and shaping read them, and making them was most of the reading (a CJK
        font's 50,000 glyphs, for the three characters of a name). They were checked already."""
        lazy = self.__dict__.get("_lazy_tables")
        if not lazy or name not in lazy:
            raise AttributeError(name)
        value = lazy.pop(name)()
        setattr(self, name, value)
        if not lazy:
            del self._lazy_tables
        return value


class CachedTTFont(ttfonts.TTFont):  # type: ignore[misc]
    """ttfonts.TTFont, its face read through the cache in `folder` (TTFont's own constructor
    names the face class it makes, so its few lines are repeated here)."""

    def __init__(self, name: str, filename: str, folder: Path | None, subfontIndex: int = 0):
        self.fontName = name
        self.face = CachedFace(filename, subfontIndex, folder)
        self.encoding = ttfonts.TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)


def _file_name(filename: str, subfont: bytes) -> str:
    return f"{Path(filename).name}{subfont.decode('ascii', 'replace')}.fontcache"


def _key(face: Any) -> dict[str, Any]:
    """Everything the reading depends on besides the code: the bytes, which subfont, the file's
    name (ReportLab's subsetting exceptions name files), and the settings it reads."""
    return {
        "format": FORMAT,
        "reportlab": REPORTLAB_VERSION,
        "sha256": hashlib.sha256(face._ttf_data).hexdigest(),
        "subfont": face.subfontNameX.decode("latin-1"),
        "file": Path(face.filename).name,
        "allow_subsetting": sorted(map(str, rl_config.allowTTFSubsetting)),
        "byteorder": sys.byteorder,
    }


# ------------------------------------------------------------------------------------ writing
def _write(path: Path, key: dict[str, Any], found: dict[str, Any]) -> None:
    blob = bytearray()
    try:
        payload = _encode(found, blob)
    except (TypeError, ValueError, OverflowError) as error:  # a font unlike those we ship
        log.debug("font cache: %s not cached (%s)", path.name, error)
        return
    header = json.dumps({"key": key, "face": payload}, separators=(",", ":")).encode("ascii")
    data = MAGIC + header + b"\n" + blob
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:  # a read-only or missing cache folder: the export goes on
        log.debug("font cache: cannot write %s (%s)", path, error)
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as error:
        log.debug("font cache: cannot write %s (%s)", path, error)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


#: A temporary file older than this beside a cache file is what a killed export left behind.
STALE_SECONDS = 60


def _remove_stale_temporaries(path: Path) -> None:
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()


def _encode(found: dict[str, Any], blob: bytearray) -> dict[str, Any]:
    """What extractInfo set, as JSON whose arrays of numbers are packed into `blob`; TypeError or
    ValueError for anything unexpected."""
    if set(found) != _SET:
        raise ValueError(f"ReportLab set {sorted(set(found) ^ _SET)} unexpectedly")
    out: dict[str, Any] = {}
    for name in _NAMES:
        value = found[name]
        if type(value) is not ttfonts.TTFNameBytes:
            raise TypeError(f"{name} is a {type(value).__name__}")
        out[name] = value.ustr
    for name in (*_INTS, "_pos"):
        out[name] = _int(found[name])
    for name in _NUMBERS:
        out[name] = _number(found[name])
    if type(found["_full_font"]) is not bool:
        raise TypeError("_full_font")
    out["_full_font"] = found["_full_font"]
    out["fontRevision"] = [_int(v) for v in _sequence(found["fontRevision"], tuple, 2)]
    out["bbox"] = [_number(v) for v in _sequence(found["bbox"], list, 4)]
    to_glyph, to_char = _dict(found["charToGlyph"]), _dict(found["glyphToChar"])
    widths, metrics = _dict(found["charWidths"]), found["hmetrics"]
    lists = [_sequence(chars, list) for chars in to_char.values()]
    if type(metrics) is not list or not all(type(m) is tuple and len(m) == 2 for m in metrics):
        raise TypeError("hmetrics")
    out["charToGlyph"] = [_pack_ints(to_glyph, blob), _pack_ints(to_glyph.values(), blob)]
    out["glyphToChar"] = [
        _pack_ints(to_char, blob),
        _pack_ints(map(len, lists), blob),
        _pack_ints((c for chars in lists for c in chars), blob),
    ]
    out["charWidths"] = [_pack_ints(widths, blob), _pack_numbers(widths.values(), blob)]
    out["hmetrics"] = [
        _pack_numbers((m[0] for m in metrics), blob),
        _pack_numbers((m[1] for m in metrics), blob),
    ]
    out["glyphPos"] = _pack_ints(_sequence(found["glyphPos"], list), blob)
    return out


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r} is not an int")
    return value


def _number(value: Any) -> int | float:
    if type(value) is float and math.isfinite(value):
        return value
    return _int(value)


def _sequence(value: Any, kind: type, length: int | None = None) -> Any:
    if type(value) is not kind or (length is not None and len(value) != length):  # type: ignore[arg-type]
        raise TypeError(f"not a {kind.__name__} of {length or 'any'} items")
    return value


def _dict(value: Any) -> dict[Any, Any]:
    return _sequence(value, dict)  # type: ignore[no-any-return]


Run = list[Any]  # [type code, offset in the packed arrays, count]


def _pack_ints(values: Iterable[Any], blob: bytearray) -> list[Run]:
    return _pack_numbers(map(_int, values), blob)


def _pack_numbers(values: Iterable[Any], blob: bytearray) -> list[Run]:
    """Numbers, ints or floats (ReportLab mixes them: a glyph's advance is scaled or not), kept
    as they are: runs of packed 32-bit ints ("i"), 64-bit ints ("q") or doubles ("d"), appended
    to `blob`."""
    runs: list[Run] = []
    current: list[Any] = []
    code = ""
    for value in map(_number, values):
        kind = "d" if type(value) is float else "i" if -(2**31) <= value < 2**31 else "q"
        if kind != code and current:
            runs.append(_run(code, current, blob))
            current = []
        code = kind
        current.append(value)
    if current or not runs:
        runs.append(_run(code or "i", current, blob))
    return runs


def _run(code: str, values: list[Any], blob: bytearray) -> Run:
    run = [code, len(blob), len(values)]
    blob += array.array(code, values).tobytes()
    return run


# ------------------------------------------------------------------------------------ reading
Lazy = dict[str, Callable[[], Any]]


def _read(path: Path, key: dict[str, Any]) -> tuple[dict[str, Any], Lazy] | None:
    """What extractInfo would set, from the cache file at `path` when it holds `key`'s font:
    the attributes to set now, and those to make on first use (all checked already); None for
    anything else."""
    try:
        data = read_bounded(path, MAX_CACHE_BYTES)  # never a pipe put in its place, waited on
    except OSError:
        return None
    try:
        if not data.startswith(MAGIC):
            return None
        end = data.index(b"\n", len(MAGIC))
        document = json.loads(data[len(MAGIC) : end])
        if type(document) is not dict or document.get("key") != key:
            return None
        return _decode(document["face"], memoryview(data)[end + 1 :])
    except Exception as error:  # a cache file is never trusted: any failure means "read the font"
        log.debug("font cache: %s ignored (%s: %s)", path.name, type(error).__name__, error)
        return None


def _decode(face: Any, blob: memoryview) -> tuple[dict[str, Any], Lazy]:
    if type(face) is not dict or set(face) != _SET - {"_pdfScale"}:
        raise ValueError("not the attributes ReportLab sets")
    out: dict[str, Any] = {}
    for name in _NAMES:
        ustr = face[name]
        if type(ustr) is not str:
            raise TypeError(name)
        out[name] = ttfonts.TTFNameBytes(ustr.encode("utf-8"), "utf-8")
    if any(c > 126 or c in b" [](){}<>/%" for c in out["name"]):  # as ReportLab checks it
        raise ValueError("not a PostScript name")
    for name in (*_INTS, "_pos"):
        out[name] = _int(face[name])
    for name in _NUMBERS:
        out[name] = _number(face[name])
    if type(face["_full_font"]) is not bool:
        raise TypeError("_full_font")
    out["_full_font"] = face["_full_font"]
    glyphs = out["numGlyphs"]
    units = out["unitsPerEm"]
    if glyphs < 1 or units < 1:
        raise ValueError("no glyphs, or no units per em")
    out["fontRevision"] = tuple(_int(v) for v in _sequence(face["fontRevision"], list, 2))
    out["bbox"] = [_number(v) for v in _sequence(face["bbox"], list, 4)]
    out["_pdfScale"] = _scale(units)
    codes, glyph_ids = (_ints(v, blob) for v in _sequence(face["charToGlyph"], list, 2))
    out["charToGlyph"] = _zip_dict(_values(codes), _values(glyph_ids))
    width_codes, widths = _sequence(face["charWidths"], list, 2)
    width_codes, widths = _ints(width_codes, blob), _numbers(widths, blob)
    out["charWidths"] = _zip_dict(_values(width_codes), _values(widths))

    # Checked now, made on first use.
    keys, counts, flat = (_ints(v, blob) for v in _sequence(face["glyphToChar"], list, 3))
    if _length(keys) != _length(counts) or _total(counts) != _length(flat) or _least(counts) < 1:
        raise ValueError("glyphToChar")
    advances, bearings = (_numbers(v, blob) for v in _sequence(face["hmetrics"], list, 2))
    if _length(advances) != glyphs or _length(bearings) != glyphs:
        raise ValueError("hmetrics")
    positions = _ints(face["glyphPos"], blob)
    if _length(positions) != glyphs + 1 or _least(positions) < 0:
        raise ValueError("glyphPos")
    key_list = _values(keys)
    if len(set(key_list)) != len(key_list):
        raise ValueError("glyphToChar repeats a glyph")
    lazy: Lazy = {
        "glyphToChar": lambda: _glyph_to_char(key_list, _values(counts), _values(flat)),
        "hmetrics": lambda: _Metrics(_values(advances), _values(bearings)),
        "glyphPos": lambda: _values(positions),
    }
    return out, lazy


class _Metrics(Sequence[tuple[Any, Any]]):
    """hmetrics, each glyph's (advance, left side bearing), made when asked for: subsetting asks
    for the few glyphs a document uses, out of tens of thousands."""

    def __init__(self, advances: list[Any], bearings: list[Any]) -> None:
        self._advances, self._bearings = advances, bearings

    def __len__(self) -> int:
        return len(self._advances)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, Any]]: ...
    def __getitem__(self, index: int | slice) -> tuple[Any, Any] | list[tuple[Any, Any]]:
        if isinstance(index, slice):
            return list(zip(self._advances[index], self._bearings[index], strict=True))
        return self._advances[index], self._bearings[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list's is None too


def _glyph_to_char(keys: list[int], counts: list[int], flat: list[int]) -> dict[int, list[int]]:
    ends = list(accumulate(counts))
    # Each glyph's characters, sliced out of `flat` without a Python loop (35,000 glyphs).
    chars = map(flat.__getitem__, map(slice, [0, *ends[:-1]], ends))
    return dict(zip(keys, chars, strict=True))


def _scale(units: int) -> Callable[[Any], Any]:
    """TTFontFile.extractInfo's scale from font units to thousandths of an em, made again."""
    if units == 1000:
        return lambda x: x
    per_unit = 1000 / units
    return lambda x: x * per_unit


def _zip_dict(keys: list[Any], values: list[Any]) -> dict[Any, Any]:
    result = dict(zip(keys, values, strict=True))
    if len(result) != len(keys):
        raise ValueError("a key repeats")
    return result


Runs = list["array.array[Any]"]


def _ints(runs: Any, blob: memoryview) -> Runs:
    return _numbers(runs, blob, ("i", "q"))


def _numbers(runs: Any, blob: memoryview, codes: tuple[str, ...] = ("i", "q", "d")) -> Runs:
    """The packed arrays a list of runs points to in `blob`, checked: known item types, within
    the file, finite."""
    arrays: Runs = []
    for run in _sequence(runs, list):
        code, start, count = _sequence(run, list, 3)
        if code not in codes:
            raise ValueError("not a run of numbers")
        packed = array.array(code)
        end = _int(start) + _int(count) * packed.itemsize
        if start < 0 or count < 0 or end > len(blob):
            raise ValueError("a run beyond the file")
        packed.frombytes(blob[start:end])
        if code == "d" and not all(map(math.isfinite, packed)):
            raise ValueError("not a finite number")
        arrays.append(packed)
    return arrays


def _values(runs: Runs) -> list[Any]:
    if len(runs) == 1:
        return runs[0].tolist()
    values: list[Any] = []
    for packed in runs:
        values += packed.tolist()
    return values


def _length(runs: Runs) -> int:
    return sum(map(len, runs))


def _total(runs: Runs) -> int:
    return sum(map(sum, runs))


def _least(runs: Runs) -> int:
    return min((min(packed) for packed in runs if packed), default=0)
