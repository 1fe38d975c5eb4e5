"""The text each page shows in its footer, read by position: the visible text whose baseline lies
in the band below the body (where the export prints "Page x of y · Plan fingerprint …").

Only what the footer check needs is done: a page's content stream is tokenised once (pages that
share one are read once), the position of every text-showing operator is followed through q/Q, cm
and the text matrices, and only the strings in the band are decoded (through the font's ToUnicode
map). Every step is bounded by the reader's limits; text drawn invisibly (render mode 3 or 7) or
off the page is not part of what a reader sees, so it is not part of the footer either.
"""

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from advisor_app.plans.limits import LIMITS
from advisor_app.plans.pdf_reader import (
    PdfContents,
    PdfDecodeError,
    PdfLimitError,
    decode_stream,
    guarded,
)

#: The footer band: from the page's bottom edge up to this height (points). The export's body
#: ends 0.8 inch above the bottom edge and its footer sits at 0.45 inch.
FOOTER_BAND = 50.0

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_SPACE = rb"[\x00\t\n\x0c\r ]"
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
# One match per token, its leading white space included; a run of numbers is one token (most of
# a page's content is numbers for paths), parsed only when an operator that matters takes them.
_TOKEN = re.compile(
    _SPACE + rb"*(?:"
    rb"(?P<comment>%[^\r\n]*)"
    # Each number atomic: a long run of digits followed by a letter is given up in one step,
    # not split every way it can be (300,000 digits hung `verify`).
    rb"|(?P<numbers>(?>" + _NUMBER + rb")(?:" + _SPACE + rb"+(?>" + _NUMBER + rb"))*)"
    rb"(?![^" + _DELIMITERS + rb"])"
    rb"|(?P<name>/[^" + _DELIMITERS + rb"]*)"
    rb"|(?P<string>\()"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<operator>[^" + _DELIMITERS + rb"]+)"
    rb"|(?P<end>\Z)"
    rb"|(?P<other>.))",
    re.DOTALL,
)
# The operators that move text or show it; all others only end their operands.
_FOLLOWED = frozenset(b"q Q cm BT Tm Td TD T* TL Ts Tr Tf Tj ' \" TJ ID".split())
#: More pieces of text than this in one page's footer band is not a footer (the export prints
#: one); reading stops there.
MAX_FOOTER_RUNS = 64
_PARENTHESES = re.compile(rb"[()\\]")
_END_OF_IMAGE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


class PageFooter(Struct, frozen=True):
    """The footer text of one page, or why it cannot be read."""

    text: str
    problem: str = ""


class _Run(Struct, frozen=True):
    font: str
    strings: tuple[bytes, ...]  # raw string operands: literal "(...)" or hex "<...>"


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


class _State(Struct):
    ctm: Matrix = _IDENTITY
    font: str = ""
    leading: float = 0.0
    mode: int = 0
    rise: float = 0.0


class _Budget:
    """Decompressed content read for all pages together, counted once per distinct stream."""

    def __init__(self) -> None:
        self.used = 0
        self.seen: dict[Any, tuple[list[_Run], bool] | str] = {}


def page_footers(contents: PdfContents, name: str) -> list[PageFooter]:
    """The footer of every page, in order; PlanFileError past a limit or for a damaged file."""
    budget = _Budget()
    fonts: dict[int, tuple[int, dict[bytes, str]]] = {}
    with guarded(name):
        try:
            return [
                _footer(contents.reader.pages[number], budget, fonts)
                for number in range(contents.page_count)
            ]
        except PdfLimitError as error:
            raise PdfLimitError(f"{name}: {error}") from None


def _footer(page: Any, budget: _Budget, fonts: dict[int, Any]) -> PageFooter:
    box = page.cropbox
    left, bottom, right = float(box.left), float(box.bottom), float(box.right)
    band = (left, bottom, right, bottom + FOOTER_BAND)
    found = _runs(page, band, budget)
    if isinstance(found, str):
        return PageFooter("", found)
    runs, overflowing = found
    if overflowing:
        return PageFooter(
            "", f"the footer holds more than {MAX_FOOTER_RUNS} pieces of text: not an export's"
        )
    resources = _resources(page)
    font_dicts = resources.get("/Font") if resources is not None else None
    font_dicts = font_dicts.get_object() if font_dicts is not None else {}
    lines = [_decode_run(run, font_dicts, fonts) for run in runs]
    return PageFooter("\n".join(lines))


def _resources(page: Any) -> Any:
    node, depth = page, 0
    while node is not None and depth < 32:
        resources = node.get("/Resources")
        if resources is not None:
            return resources.get_object()
        parent = node.get("/Parent")
        node, depth = (parent.get_object() if parent is not None else None), depth + 1
    return None


def _content_streams(page: Any) -> list[Any]:
    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    items = list(resolved) if isinstance(resolved, list) else [contents]
    return items[:64]


def _runs(page: Any, band: tuple[float, ...], budget: _Budget) -> tuple[list[_Run], bool] | str:
    streams = _content_streams(page)
    key = (
        tuple(getattr(s, "idnum", None) or id(s.get_object()) for s in streams),
        band,
    )
    if key in budget.seen:
        return budget.seen[key]
    parts = []
    for stream in streams:
        try:
            data = decode_stream(stream.get_object(), LIMITS.pdf_page_content_bytes)
        except PdfLimitError as error:
            raise PdfLimitError(f"a page's content is {error}") from None
        except PdfDecodeError as error:
            budget.seen[key] = f"the page's content cannot be read ({error})"
            return budget.seen[key]
        parts.append(data)
    content = b"\n".join(parts)
    if len(content) > LIMITS.pdf_page_content_bytes:
        raise PdfLimitError(
            f"a page's content is {len(content):,} bytes; the limit is "
            f"{LIMITS.pdf_page_content_bytes:,}"
        )
    budget.used += len(content)
    if budget.used > LIMITS.pdf_content_bytes:
        raise PdfLimitError(
            f"the pages' content is more than {LIMITS.pdf_content_bytes:,} bytes; the limit is "
            f"{LIMITS.pdf_content_bytes:,}"
        )
    budget.seen[key] = _text_in_band(content, band)
    return budget.seen[key]


class _Numbers:
    """A run of number operands, kept as written until an operator needs their values."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw


def _numbers(operands: list[Any], count: int) -> list[float] | None:
    """The last `count` operands when they are all numbers."""
    values: list[float] = []
    for operand in reversed(operands):
        if not isinstance(operand, _Numbers) or len(values) >= count:
            break
        values[:0] = [float(v) for v in operand.raw.split()]
    return values[-count:] if len(values) >= count else None


def _text_in_band(content: bytes, band: tuple[float, ...]) -> tuple[list[_Run], bool]:
    """The text-showing operations whose origin lies in the band, in content order, and whether
    there were more than MAX_FOOTER_RUNS of them."""
    left, bottom, right, top = band
    stack: list[_State] = []
    state = _State()
    tm = tlm = _IDENTITY
    operands: list[Any] = []
    runs: list[_Run] = []
    position, end = 0, len(content)
    while position < end:
        match = _TOKEN.match(content, position)
        assert match is not None  # the last alternatives match the end and any byte
        kind, position = match.lastgroup, match.end()
        if kind == "numbers":
            operands.append(_Numbers(match.group(kind)))
        elif kind == "string":
            start = position - 1
            position = _end_of_string(content, position)
            operands.append(content[start:position])
        elif kind == "hex":
            operands.append(match.group(kind))
        elif kind == "open" and match.group(kind) == b"[":
            array, position = _array(content, position)
            operands.append(array)
        elif kind == "open":
            position = _end_of_dictionary(content, position)
            operands.append(None)
        elif kind == "name":
            operands.append(match.group(kind)[1:].decode("latin-1"))
        elif kind == "operator":
            operator = match.group(kind)
            if operator not in _FOLLOWED:  # paths, colours, images: nothing the footer needs
                operands = []
                continue
            shown: list[bytes] = []
            if operator == b"q":
                stack.append(_State(state.ctm, state.font, state.leading, state.mode, state.rise))
            elif operator == b"Q":
                state = stack.pop() if stack else state
            elif operator == b"cm" and (values := _numbers(operands, 6)):
                state.ctm = _multiply(tuple(values), state.ctm)  # type: ignore[arg-type]
            elif operator == b"BT":
                tm = tlm = _IDENTITY
            elif operator == b"Tm" and (values := _numbers(operands, 6)):
                tm = tlm = tuple(values)  # type: ignore[assignment]
            elif operator in (b"Td", b"TD") and (values := _numbers(operands, 2)):
                if operator == b"TD":
                    state.leading = -values[1]
                tm = tlm = _multiply((1.0, 0.0, 0.0, 1.0, values[0], values[1]), tlm)
            elif operator == b"T*":
                tm = tlm = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
            elif operator == b"TL" and (values := _numbers(operands, 1)):
                state.leading = values[0]
            elif operator == b"Ts" and (values := _numbers(operands, 1)):
                state.rise = values[0]
            elif operator == b"Tr" and (values := _numbers(operands, 1)):
                state.mode = int(values[0]) if abs(values[0]) < 100 else 0
            elif operator == b"Tf" and len(operands) >= 2 and isinstance(operands[-2], str):
                state.font = operands[-2]
            elif operator in (b"Tj", b"'", b'"') and operands and isinstance(operands[-1], bytes):
                if operator != b"Tj":
                    tm = tlm = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                shown = [operands[-1]]
            elif operator == b"TJ" and operands and isinstance(operands[-1], list):
                shown = [item for item in operands[-1] if isinstance(item, bytes)]
            elif operator == b"ID":
                image_end = _END_OF_IMAGE.search(content, position)
                position = image_end.end() if image_end else end
            if shown and state.mode not in (3, 7):
                x, y = _origin(tm, state)
                if left <= x <= right and bottom <= y < top:
                    if len(runs) == MAX_FOOTER_RUNS:
                        return runs, True
                    runs.append(_Run(state.font, tuple(shown)))
            operands = []
        elif kind == "end":
            break
        if len(operands) > 64:  # no operator takes more; a flood of operands is dropped
            operands = operands[-8:]
    return runs, False


def _origin(tm: Matrix, state: _State) -> tuple[float, float]:
    _a, _b, c, d, e, f = _multiply(tm, state.ctm)
    return c * state.rise + e, d * state.rise + f


def _end_of_string(content: bytes, position: int) -> int:
    """The position after the ")" closing the literal string that starts before `position`."""
    depth = 1
    while depth:
        match = _PARENTHESES.search(content, position)
        if match is None:
            return len(content)
        position = match.end()
        char = match.group()
        if char == b"\\":
            position += 1
        else:
            depth += 1 if char == b"(" else -1
    return position


def _end_of_dictionary(content: bytes, position: int) -> int:
    depth = 1
    while depth and position < len(content):
        match = _TOKEN.match(content, position)
        assert match is not None
        kind, position = match.lastgroup, match.end()
        if kind == "string":
            position = _end_of_string(content, position)
        elif kind == "open" and match.group(kind) == b"<<":
            depth += 1
        elif kind == "close" and match.group(kind) == b">>":
            depth -= 1
        elif kind == "end":
            break
    return position


def _array(content: bytes, position: int) -> tuple[list[Any], int]:
    """The strings of a TJ array; its numbers (spacing), nested arrays and dictionaries skipped."""
    items: list[Any] = []
    while position < len(content):
        match = _TOKEN.match(content, position)
        assert match is not None
        kind, position = match.lastgroup, match.end()
        token = match.group(kind) if kind else b""
        if kind == "string":
            start = position - 1
            position = _end_of_string(content, position)
            items.append(content[start:position])
        elif kind == "hex":
            items.append(token)
        elif token == b"]" or kind == "end":
            break
        elif token == b"[":
            _nested, position = _array(content, position)
        elif token == b"<<":
            position = _end_of_dictionary(content, position)
        if len(items) > 10_000:
            items = items[-10_000:]
    return items, position


# ------------------------------------------------------------------ decoding the strings shown
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\r\n]|.)", re.DOTALL)


def string_bytes(token: bytes) -> bytes:
    """The bytes a literal "(...)" or hex "<...>" string operand stands for."""
    if token.startswith(b"<"):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", token)
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())

    def unescape(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        if code in (b"\r\n", b"\r", b"\n"):
            return b""
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(unescape, token[1:-1] if token.endswith(b")") else token[1:])


def _decode_run(run: _Run, font_dicts: Any, fonts: dict[int, Any]) -> str:
    font = font_dicts.get("/" + run.font) if hasattr(font_dicts, "get") else None
    width, mapping = _font_map(font, fonts)
    raw = b"".join(string_bytes(s) for s in run.strings)
    if not mapping:  # no ToUnicode: a simple font's codes read as Latin-1 (ASCII as itself)
        return raw.decode("latin-1") if width == 1 else "\ufffd" * (len(raw) // 2)
    return "".join(
        mapping.get(raw[i : i + width], "\ufffd") for i in range(0, len(raw) - width + 1, width)
    )


def _font_map(font: Any, fonts: dict[int, Any]) -> tuple[int, dict[bytes, str]]:
    if font is None:
        return 1, {}
    font = font.get_object()
    if id(font) in fonts:
        return fonts[id(font)]  # type: ignore[no-any-return]
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping: dict[bytes, str] = {}
    to_unicode = font.get("/ToUnicode")
    if to_unicode is not None and hasattr(to_unicode.get_object(), "get_data"):
        try:
            cmap = decode_stream(to_unicode.get_object(), LIMITS.pdf_font_map_bytes)
            mapping = _parse_cmap(cmap, width)
        except (PdfDecodeError, PdfLimitError):
            mapping = {}
    fonts[id(font)] = (width, mapping)
    return width, mapping


_HEX = rb"<([0-9A-Fa-f\s]*)>"
_PAIR = re.compile(_HEX + rb"\s*" + _HEX)
# An array ends at its "]"; a "[" before it is no array (else a map of unclosed "[" is read over
# and over to its end).
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[([^\]\[]*)\])")
_MAX_CODES = 65_536


def _unicode(hex_text: bytes) -> str:
    digits = re.sub(rb"\s", b"", hex_text).decode()
    if len(digits) % 4:
        # ReportLab writes a character beyond the BMP as its code point ("<1F600>" for 😀),
        # not as the UTF-16 pair the CMap format asks for: read it as it was meant.
        value = int(digits, 16)
        return chr(value) if value <= 0x10FFFF else "\ufffd"
    return bytes.fromhex(digits).decode("utf-16-be", "replace")


def _code(hex_text: bytes, width: int) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", hex_text).decode()).rjust(width, b"\0")[-width:]


def _blocks(cmap: bytes, begin: bytes, end: bytes) -> Iterator[bytes]:
    """What lies between each `begin` and the `end` after it, found in one pass (a lazy regex
    read the rest of the map again for every `begin` with no `end`: 62,000 of them hung)."""
    position = 0
    while (start := cmap.find(begin, position)) >= 0:
        stop = cmap.find(end, start + len(begin))
        if stop < 0:
            return
        yield cmap[start + len(begin) : stop]
        position = stop + len(end)


def _parse_cmap(cmap: bytes, width: int) -> dict[bytes, str]:
    """A ToUnicode map (bfchar and bfrange), at most 65,536 codes."""
    mapping: dict[bytes, str] = {}
    try:
        for block in _blocks(cmap, b"beginbfchar", b"endbfchar"):
            for source, target in _PAIR.findall(block):
                with contextlib.suppress(ValueError):  # one bad entry spoils no other
                    mapping[_code(source, width)] = _unicode(target)
        for block in _blocks(cmap, b"beginbfrange", b"endbfrange"):
            for low, high, start, array in _RANGE.findall(block):
                first = int.from_bytes(_code(low, width), "big")
                last = min(int.from_bytes(_code(high, width), "big"), first + _MAX_CODES)
                targets = re.findall(_HEX, array) if array else []
                base = _unicode(start) if start else ""
                for offset, code in enumerate(range(first, last + 1)):
                    if len(mapping) >= _MAX_CODES:
                        return mapping
                    if targets:
                        if offset >= len(targets):
                            break
                        text = _unicode(targets[offset])
                    elif base:
                        text = base[:-1] + chr(min(ord(base[-1]) + offset, 0x10FFFF))
                    else:
                        break
                    mapping[code.to_bytes(width, "big")] = text
    except ValueError:
        return mapping
    return mapping
