"""Fonts for the PDF: a name in any script prints as itself, never as boxes.

DejaVu Sans draws Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic. Scripts it lacks
are set, run by run, in a font from `resources/fonts` that has them: Noto Sans for the Indic
scripts and Thai, WenQuanYi Micro Hei for Chinese, Japanese and Korean. Fallback fonts load on
first use, so a plan with only Latin names pays nothing for them. Paragraphs are shaped with
HarfBuzz (ReportLab's `shaping`), which joins Arabic letters, sets right-to-left runs in their
visual order and places Indic vowel signs.
"""

import contextlib
import re
import unicodedata

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from advisor_app.export.font_cache import CachedTTFont, default_cache_dir
from advisor_app.locations import resources_dir

FONTS = resources_dir() / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
CJK = "WenQuanYiMicroHei"
# Hebrew, Arabic, the Indic scripts and Thai need shaping. Only paragraphs holding them are
# shaped: HarfBuzz costs time per word, and the rest of the document does not need it.
_NEEDS_SHAPING = ((0x0590, 0x08FF), (0x0900, 0x0E7F), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))

# Unicode blocks DejaVu lacks, and the font that draws each (name, file).
_SCRIPT_FONTS: tuple[tuple[int, int, str, str], ...] = (
    (0x0900, 0x097F, "NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf"),
    (0x0980, 0x09FF, "NotoSansBengali", "NotoSansBengali-Regular.ttf"),
    (0x0A00, 0x0A7F, "NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf"),
    (0x0A80, 0x0AFF, "NotoSansGujarati", "NotoSansGujarati-Regular.ttf"),
    (0x0B80, 0x0BFF, "NotoSansTamil", "NotoSansTamil-Regular.ttf"),
    (0x0C00, 0x0C7F, "NotoSansTelugu", "NotoSansTelugu-Regular.ttf"),
    (0x0C80, 0x0CFF, "NotoSansKannada", "NotoSansKannada-Regular.ttf"),
    (0x0D00, 0x0D7F, "NotoSansMalayalam", "NotoSansMalayalam-Regular.ttf"),
    (0x0E00, 0x0E7F, "NotoSansThai", "NotoSansThai-Regular.ttf"),
)
_FILES = {name: file for _, _, name, file in _SCRIPT_FONTS} | {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "wqy-microhei.ttc",
}
_covered: dict[str, frozenset[int]] = {}


def font(name: str) -> str:
    """Register font `name` from resources/fonts (once, through the font cache) and return its
    name."""
    if name not in _covered:
        loaded = CachedTTFont(name, str(FONTS / _FILES[name]), default_cache_dir())
        pdfmetrics.registerFont(loaded)
        _covered[name] = frozenset(loaded.face.charToGlyph)
        _prepare_shaping(loaded)
    return name


def _prepare_shaping(loaded: TTFont) -> None:
    """ReportLab shapes a word with the font of its first letter and, for a glyph the shaping
    made, asks each later font of the word for a private code point through a method it sets up
    only on the first: a word mixing two fonts (a Hangul syllable with an Arabic mark) then
    crashed with "no attribute hbAddPrivate". Setting it up on every font keeps such a word
    printable."""
    # No uharfbuzz: nothing is shaped, nothing to prepare.
    with contextlib.suppress(AttributeError, ValueError):
        loaded.hbFont(10)


def register_base_fonts() -> None:
    font(FONT)
    font(BOLD)
    _no_ligatures()


def _no_ligatures() -> None:
    """ReportLab asks HarfBuzz for standard and discretionary ligatures by default, which sets
    "Ångström" with an "st" glyph and "office" with "ffi": text search and extraction then miss
    the word. Kerning is all a record needs; the features a script requires (Arabic joining,
    Indic reordering) are applied by HarfBuzz whatever is asked."""
    from reportlab.pdfbase import ttfonts

    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None)
    if defaults and isinstance(defaults[0], dict):
        defaults[0].update(liga=False, dlig=False)


def font_for(char: str) -> str:
    """The font to set `char` in; DejaVu unless a script font or the CJK font must draw it."""
    code = ord(char)
    for first, last, name, _ in _SCRIPT_FONTS:
        if first <= code <= last:
            return font(name)
    if code in _covered[font(FONT)] or code < 0x2E80:
        return FONT
    return font(CJK) if code in _covered[font(CJK)] else FONT


_SHAPED = re.compile(
    "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in _NEEDS_SHAPING) + "]"
)


def needs_shaping(text: str) -> bool:
    return _SHAPED.search(text) is not None


def escape(text: str) -> str:
    """`text` as Paragraph markup's text: &, < and > escaped (xml.sax.saxutils.escape, without
    the URL and HTTP modules that module imports: a twentieth of a second)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """Paragraph markup for `text`, escaped, with each run DejaVu cannot draw in its own font."""
    if text.isascii():  # DejaVu draws all of ASCII: the common case needs no runs
        return escape(text)
    out: list[str] = []
    run: list[str] = []
    current = FONT
    for word in re.split(r"(\s+)", text):
        for char, wanted in _fonts_of_word(word, current):
            if wanted != current and run:
                out.append(_run("".join(run), current))
                run = []
            current = wanted
            run.append(char)
    if run:
        out.append(_run("".join(run), current))
    return "".join(out)


def _fonts_of_word(word: str, current: str) -> list[tuple[str, str]]:
    """The font of each character of a word (or of a run of spaces, which stays in `current`).

    ReportLab shapes a word with the font of its first letter, so a word holding one script
    besides DejaVu's sets its punctuation and digits in that script's font too: "(प्रिया)" is
    one run in Noto Sans Devanagari, not "(" in DejaVu followed by boxes.
    """
    if word.isspace():
        return [(char, current) for char in word]
    fonts = [font_for(char) for char in word]
    scripts = {f for f, char in zip(fonts, word, strict=True) if f != FONT and _is_letter(char)}
    if len(scripts) == 1:
        script = scripts.pop()
        fonts = [
            script if f == FONT and not _is_letter(char) and ord(char) in _covered[script] else f
            for f, char in zip(fonts, word, strict=True)
        ]
    return list(zip(word, fonts, strict=True))


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _run(text: str, name: str) -> str:
    return escape(text) if name == FONT else f'<font name="{name}">{escape(text)}</font>'


# ReportLab's line breaking is quadratic in the length of a word it cannot break; a word longer
# than this is broken into pieces of this length (a printed record only, the plan keeps it whole).
LONGEST_WORD = 48
_LONG_WORD = re.compile(r"\S{" + str(LONGEST_WORD + 1) + ",}")


def break_long_words(text: str) -> str:
    return _LONG_WORD.sub(
        lambda m: " ".join(
            m.group(0)[i : i + LONGEST_WORD] for i in range(0, len(m.group(0)), LONGEST_WORD)
        ),
        text,
    )


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of `text` in any script: each run in a font that draws it, shaped where the
    script needs it, long words broken so that any text lays out in linear time. It keeps the
    text and style it was made from (`plain`, `plain_style`): a table cuts a cell too tall for a
    page from them."""
    shaped = break_long_words(text)
    given = style
    if needs_shaping(shaped):
        style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    made = Paragraph(markup(shaped), style)
    made.plain, made.plain_style = text, given
    return made


def fits_plainly(text: str, width: float, size: float, name: str = FONT) -> bool:
    """Whether `text` prints as plain DejaVu Sans (or `name`, its bold) on one line of `width`
    points: every character drawn by DejaVu, nothing to shape, no wider than the width."""
    if not (text.isascii() and text.isprintable()):  # DejaVu draws all of printable ASCII
        covered = _covered[font(FONT)]
        if needs_shaping(text) or any(ord(c) not in covered for c in text):
            return False
    return bool(pdfmetrics.stringWidth(text, name, size) <= width)
