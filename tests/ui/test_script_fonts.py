"""A name in its own script is drawn in the window, as the PDF prints it: the PDF's fonts are given
to Qt for the writing systems no installed font covers (this machine has none for Chinese)."""

from PySide6.QtGui import QFontDatabase, QTextLayout

from advisor_app.locations import resources_dir
from advisor_app.ui import script_fonts
from advisor_app.ui.main_window import MainWindow
from advisor_app.ui.script_fonts import FONTS_FOR, add_missing_script_fonts, needs_script_fonts
from tests.plans_for_tests import filled_template


def test_the_window_has_a_font_for_every_script_the_pdf_prints(qapp):
    add_missing_script_fonts()
    for system in FONTS_FOR:
        assert QFontDatabase.families(getattr(QFontDatabase.WritingSystem, system)), system


def test_the_window_uses_the_pdfs_own_font_files():
    from advisor_app.export.fonts import _FILES

    named = {name for names in FONTS_FOR.values() for name in names}
    assert named == set(_FILES.values())
    assert all((resources_dir() / "fonts" / name).is_file() for name in named)


def test_a_desktop_with_its_own_fonts_keeps_them(qapp, monkeypatch):
    monkeypatch.setattr(script_fonts, "_added", None)
    monkeypatch.setattr(QFontDatabase, "families", lambda *_: ["Noto Sans CJK SC"])
    assert add_missing_script_fonts() == []


def test_a_bare_desktop_gets_each_missing_script_once(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(script_fonts, "_added", None)
    covered = {QFontDatabase.WritingSystem.Greek, QFontDatabase.WritingSystem.Thai}
    families = QFontDatabase.families
    monkeypatch.setattr(
        QFontDatabase, "families", lambda system=None: ["X"] if system in covered else []
    )
    added = add_missing_script_fonts()
    assert "wqy-microhei.ttc" in added and "NotoSansDevanagari-Regular.ttf" in added
    assert "NotoSansThai-Regular.ttf" not in added  # the desktop has its own
    assert "DejaVuSans.ttf" in added  # Cyrillic, Hebrew and Arabic were not covered
    monkeypatch.setattr(QFontDatabase, "families", families)
    assert add_missing_script_fonts(tmp_path) == added  # once: not looked for again


def undrawn(text: str, font) -> list[str]:
    """The characters of text that no font Qt draws it with (its fallbacks included) holds."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    fonts = [run.rawFont() for run in layout.glyphRuns()]
    return [c for c in text if not any(f.supportsCharacter(ord(c)) for f in fonts)]


def test_names_are_drawn_with_glyphs_not_boxes(window):
    """The student's name field, for a name in each script the PDF prints."""
    from msgspec.structs import replace

    field = window.header.student_name
    for name in ("王小明", "김민준", "さくら", "प्रिया", "ประเสริฐ", "Ελένη", "Анна", "שרה"):
        plan = replace(window.document.plan, student_name=name)
        window.files.load_into_window(plan, None)
        assert field.text() == name
        assert undrawn(name, field.font()) == [], name


def test_a_plan_needs_them_for_any_text_past_latin(catalog):
    from msgspec.structs import replace

    plan = filled_template(catalog, "standard-16")
    assert not needs_script_fonts(replace(plan, student_name="Zoë Ångström-Núñez"))
    assert needs_script_fonts(replace(plan, student_name="王小明"))
    assert needs_script_fonts(replace(plan, notes="Прошла курс"))


def test_fonts_come_before_the_window_for_a_plan_that_needs_them(
    qtbot, catalog_db, settings, monkeypatch
):
    from msgspec.structs import replace

    monkeypatch.setattr(script_fonts, "_added", None)
    plan = replace(filled_template(catalog_db.catalog, "standard-16"), student_name="王小明")
    window = MainWindow(catalog_db, plan, None, settings)
    qtbot.addWidget(window)
    assert script_fonts._added is not None  # before its name field laid out the name


def test_otherwise_after_the_first_frame(qtbot, catalog_db, settings, monkeypatch):
    monkeypatch.setattr(script_fonts, "_added", None)
    window = MainWindow(
        catalog_db, filled_template(catalog_db.catalog, "standard-16"), None, settings
    )
    qtbot.addWidget(window)
    assert script_fonts._added is None  # the start does not wait for them
    window.show()
    qtbot.waitUntil(lambda: script_fonts._added is not None)
