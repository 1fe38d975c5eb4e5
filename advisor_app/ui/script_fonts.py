"""Names in their own script in the window, as in the PDF.

The PDF embeds fonts for every script a name may be in (resources/fonts/, export/fonts.py). The
window draws with the system's fonts, and a desktop without a Chinese or Thai font drew 王小明
as empty boxes. Each writing system that no installed font covers is given the PDF's font for
it, once; a desktop with its own fonts keeps them. That costs a bare desktop some 8 ms, so it is
done before the window is built only for a plan that needs it, and otherwise after the first
frame (text laid out before it would keep its boxes; text laid out after finds the fonts).
"""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
from PySide6.QtGui import QFontDatabase

from advisor_app.locations import resources_dir

_DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_CJK = ("wqy-microhei.ttc",)

# The files export/fonts.py prints each script with, by QFontDatabase.WritingSystem name (Qt
# makes that enum on first use, which costs the start 3 ms).
FONTS_FOR: dict[str, tuple[str, ...]] = {
    "Greek": _DEJAVU,
    "Cyrillic": _DEJAVU,
    "Hebrew": _DEJAVU,
    "Arabic": _DEJAVU,
    "Devanagari": ("NotoSansDevanagari-Regular.ttf",),
    "Bengali": ("NotoSansBengali-Regular.ttf",),
    "Gurmukhi": ("NotoSansGurmukhi-Regular.ttf",),
    "Gujarati": ("NotoSansGujarati-Regular.ttf",),
    "Tamil": ("NotoSansTamil-Regular.ttf",),
    "Telugu": ("NotoSansTelugu-Regular.ttf",),
    "Kannada": ("NotoSansKannada-Regular.ttf",),
    "Malayalam": ("NotoSansMalayalam-Regular.ttf",),
    "Thai": ("NotoSansThai-Regular.ttf",),
    "SimplifiedChinese": _CJK,
    "TraditionalChinese": _CJK,
    "Japanese": _CJK,
    "Korean": _CJK,
}

_PAST_LATIN = re.compile(r"[^\x00-\u024f]")  # Greek (U+0370) and every script after it
_added: list[str] | None = None  # once per process: Qt keeps application fonts until it quits


def add_missing_script_fonts(folder: Path | None = None) -> list[str]:
    """The bundled font files given to Qt for writing systems no installed font covers."""
    global _added
    if _added is None:
        folder = folder or resources_dir() / "fonts"
        systems = QFontDatabase.WritingSystem
        missing = {
            name
            for system, names in FONTS_FOR.items()
            if not QFontDatabase.families(getattr(systems, system))
            for name in names
        }
        _added = [
            name
            for name in sorted(missing)
            if (folder / name).is_file()
            and QFontDatabase.addApplicationFont(str(folder / name)) != -1
        ]
    return list(_added)


def needs_script_fonts(plan: object) -> bool:
    """Whether the plan holds text past Latin Extended-B (Greek, Cyrillic and every later script)."""
    encoded = msgspec.json.encode(plan)
    return not encoded.isascii() and _PAST_LATIN.search(encoded.decode()) is not None
