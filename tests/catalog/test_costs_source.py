"""The tuition source (data/catalog/costs.toml): built into the catalog, and refused with the
fact named when it contradicts itself or the catalog."""

import shutil

import pytest

from advisor_app.catalog import CatalogError, open_catalog
from advisor_app.catalog.build import build_catalog
from tests.conftest import REPO

SOURCES = REPO / "data" / "catalog"


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
    assert tuition.tracks["standard-16"].final_term == "final-credit"
    assert tuition.tracks["bse-meng"].scholarship_percent == 20
    assert tuition.published["accelerated-12"].low == 75_877


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("amount = 32990", "amount = -5", "rate 'semester': amount must be whole dollars"),
        ("amount = 32990", 'amount = "lots"', "rate 'semester': amount must be whole dollars"),
        ('32990\nper = "term"', '32990\nper = "week"', "rate 'semester': per must be"),
        ('cap = "semester"', 'cap = "nothing"', "cap 'nothing' is not a rate"),
        ('id = "online-24"\nfall', 'id = "online-36"\nfall', "track 'online-36': is not a track"),
        ('final_term = "final-credit"', 'final_term = "bonus"', "final_term rate 'bonus'"),
        ("scholarship_percent = 20", "scholarship_percent = 120", "scholarship_percent must be"),
        ('"MENG 550", "MENG 551"', '"MENG 999", "MENG 551"', "MENG 999 is not in the catalog"),
        ('academic_year = "2024-25"', 'academic_year = ""', "[meta]: needs academic_year"),
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
