"""The tuition source (data/catalog/costs.toml): built into the catalog, and refused with the
fact named when it contradicts itself or the catalog."""

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.catalog import CatalogError, open_catalog
from advisor_app.catalog.build import build_catalog
from tests.conftest import REPO

SOURCES = REPO / "data" / "catalog"
CATALOG_TRACKS = ("accelerated-12", "standard-16", "online-24", "bse-meng", "md-meng")


def test_costs_are_built_into_the_catalog(tmp_path):
    build_catalog(SOURCES, tmp_path / "catalog.sqlite")
    tuition = open_catalog(tmp_path / "catalog.sqlite").catalog.tuition
    assert tuition is not None and tuition.rates["semester"].amount == 32_990
    assert set(tuition.tracks) == {
        "accelerated-12",
        "standard-16",
        "online-24",
        "bse-meng",
        "md-meng",
    }
    assert tuition.tracks["standard-16"].terms == {"fall-2": "final-credit"}
    assert tuition.tracks["md-meng"].levels == {"medical": ""}
    assert tuition.tracks["bse-meng"].scholarship_percent == 20
    assert tuition.published["accelerated-12"].low == 75_877


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "amount = 32990",
            "amount = -5",
            "rate 'semester': amount must be a whole number from 0 to 10,000,000",
        ),
        (
            "amount = 32990",
            'amount = "lots"',
            "rate 'semester': amount must be a whole number from 0 to 10,000,000",
        ),
        ('32990\nper = "term"', '32990\nper = "week"', "rate 'semester': per must be"),
        ('cap = "semester"', 'cap = "nothing"', "cap 'nothing' is not a rate"),
        ('id = "online-24"\nfall', 'id = "online-36"\nfall', "track 'online-36': is not a track"),
        ('fall-2 = "final-credit" }', 'fall-2 = "bonus" }', "terms: fall-2 rate 'bonus'"),
        ('terms = { fall-2 = "final', 'terms = { fall-9 = "final', "terms: 'fall-9' is not one of"),
        ('levels = { undergraduate = "" }', 'levels = { postdoc = "" }', "levels: 'postdoc'"),
        ('levels = { undergraduate = "" }', 'levels = "none"', "levels must be a table"),
        ("scholarship_percent = 20", "scholarship_percent = 120", "scholarship_percent must be"),
        ('"MENG 550", "MENG 551"', '"MENG 999", "MENG 551"', "MENG 999 is not in the catalog"),
        (
            'academic_year = "2024-25"',
            'academic_year = ""',
            "[meta]: academic_year must be text (not empty)",
        ),
        (
            'source = "public-tuition: $32,990',
            'source = "rumour: $32,990',
            "rate 'semester': source must start with one of",
        ),
        (
            'source = "public-tuition: $32,990 a semester (2024-25); public-meng-tuition: charged per semester"',
            'source = ""',
            "has no source",
        ),
    ],
)
def test_a_contradictory_tuition_source_is_refused(tmp_path, old, new, message):
    shutil.copytree(SOURCES, tmp_path / "src")
    costs = tmp_path / "src" / "costs.toml"
    text = costs.read_text(encoding="utf-8")
    assert old in text, old
    costs.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"costs\.toml.*" + _escape(message)):
        build_catalog(tmp_path / "src", tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_a_missing_seasons_rate_is_refused(tmp_path):
    shutil.copytree(SOURCES, tmp_path / "src")
    costs = tmp_path / "src" / "costs.toml"
    text = costs.read_text(encoding="utf-8")
    costs.write_text(text.replace('summer = "summer-credit"\nsource = "page', 'source = "page', 1))
    with pytest.raises(CatalogError, match="needs a rate for summer"):
        build_catalog(tmp_path / "src", tmp_path / "out.sqlite")


def _escape(text: str) -> str:
    import re

    return re.escape(text)


# Any shape an edited TOML file can take: tables, lists, text, numbers, booleans, nested.
toml_values = st.recursive(
    st.none().map(lambda _: "") | st.booleans() | st.integers(-5, 10**8) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "source",
                    "amount",
                    "per",
                    "cap",
                    "text",
                    "track",
                    "low",
                    "high",
                    "courses",
                    "summer",
                    "fall",
                    "spring",
                    "label",
                    "title",
                    "url",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        ["meta", "sources", "rates", "tracks", "no_tuition", "assumptions", "published"]
    ),
    toml_values,
)
def test_any_shape_of_a_section_is_refused_with_a_reason_or_accepted(section, value):
    import tomllib

    from advisor_app.catalog.tuition_tables import check_costs, tuition_rows

    data = tomllib.loads((SOURCES / "costs.toml").read_text(encoding="utf-8"))
    data[section] = value
    tracks = {t: {"fall-1", "fall-2"} for t in CATALOG_TRACKS}
    try:
        check_costs(data, tracks, {"MENG 550", "MENG 551", "RESIDENCY"})
    except CatalogError as error:
        assert str(error).startswith("catalog source costs.toml, ")
        return
    tuition_rows(data)  # what passes the checks builds
