import re
from xml.sax.saxutils import escape, unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.export import fonts
from advisor_app.export.fonts import markup, needs_shaping


def plain(marked: str) -> str:
    return unescape(re.sub(r"</?font[^>]*>", "", marked))


@settings(deadline=None)  # the first CJK example loads a 5 MB font: seconds under coverage
@given(st.text())
def test_markup_keeps_every_character(text):
    assert plain(markup(text)) == text


@given(st.text())
def test_markup_escapes_as_saxutils_does(text):
    assert fonts.escape(text) == escape(text)


def test_a_word_in_one_script_is_one_run_with_its_punctuation():
    assert markup("Priya (प्रिया) 42") == ('Priya <font name="NotoSansDevanagari">(प्रिया) </font>42')
    assert markup("王小明 & Co") == '<font name="WenQuanYiMicroHei">王小明 </font>&amp; Co'


def test_only_complex_scripts_are_shaped():
    assert needs_shaping("محمد") and needs_shaping("प्रिया") and needs_shaping("שרה")
    assert not needs_shaping("Master of Engineering") and not needs_shaping("王小明")


@pytest.mark.parametrize("name", ["𐳑넨ࣟ", "넨ࣟ𐳑", "李ب", "بلا李"])
def test_a_word_mixing_fonts_and_shaping_prints(catalog, name):
    """ReportLab set up shaping only on a word's first font: such names crashed the export."""
    from advisor_app.domain import Plan
    from advisor_app.export.pdf import render_pdf

    assert render_pdf(catalog, Plan("accelerated-12", 2026, student_name=name)).startswith(b"%PDF")
