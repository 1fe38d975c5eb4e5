import shutil
import sqlite3

import pytest

from advisor_app.catalog import CatalogError, open_catalog
from advisor_app.catalog.build import build_catalog
from advisor_app.catalog.sources import source_digest
from tests.conftest import REPO

SOURCES = REPO / "data" / "catalog"


def test_committed_catalog_is_up_to_date_with_its_sources(catalog_db):
    stored = catalog_db.connection.execute(
        "select value from meta where key='source_digest'"
    ).fetchone()[0]
    assert stored == source_digest(SOURCES), (
        "data/catalog.sqlite is stale: run `advisor-app catalog build`"
    )


def test_build_from_sources(tmp_path):
    counts = build_catalog(SOURCES, tmp_path / "catalog.sqlite")
    assert counts["tracks"] == 5 and counts["courses"] >= 35
    catalog = open_catalog(tmp_path / "catalog.sqlite").catalog
    assert catalog.version and catalog.catalog_year == "2024-2025"


def test_catalog_content(catalog):
    for code in [
        "AIPI 503",
        "AIPI 501",
        "AIPI 510",
        "AIPI 520",
        "AIPI 540",
        "AIPI 549",
        "AIPI 560",
        "AIPI 561",
        "MENG 570",
        "MENG 540",
        "EGR 590",
        "MENG 550",
        "RESIDENCY",
    ]:
        assert code in catalog.courses, code
    assert catalog.courses["AIPI 520"].online == {"spring"} and catalog.courses[
        "AIPI 520"
    ].on_campus == {"fall"}
    electives = [c for c in catalog.courses.values() if c.category == "aipi-elective"]
    approved = [c for c in catalog.courses.values() if c.category == "technical-elective"]
    assert len(electives) >= 4 and len(approved) >= 10
    assert set(catalog.tracks) == {
        "accelerated-12",
        "standard-16",
        "online-24",
        "bse-meng",
        "md-meng",
    }
    assert all(c.source for c in catalog.courses.values())
    units = sum(
        catalog.courses[c].units
        for c in [
            "AIPI 510",
            "AIPI 520",
            "AIPI 540",
            "AIPI 561",
            "MENG 570",
            "MENG 540",
            "AIPI 560",
            "AIPI 549",
        ]
    )
    assert units + 9 == catalog.total_units == 30


def test_full_text_search(catalog_db):
    assert catalog_db.search("deep learn")[:1] != []
    assert "AIPI 540" in catalog_db.search("deep learn")
    assert "AIPI 590-02" in catalog_db.search("vision")
    assert "AIPI 510" in catalog_db.search("aipi 51")
    assert "MENG 570" in catalog_db.search("fuqua")  # description
    assert catalog_db.search('"; drop table courses; --') == []


def test_the_code_and_title_indexes_find_what_column_filters_on_the_whole_index_find(catalog_db):
    """Matches in the code, then the title, then anywhere: read from an index of the codes alone
    and one of the titles alone, exactly what filtering the whole index by column finds."""
    connection = catalog_db.connection

    def by_column_filter(query: str) -> list[str]:
        words = " ".join(f'"{word}"*' for word in query.split())
        found: list[str] = []
        for column in ("{code} : ", "{title} : ", "{description} : ", ""):
            rows = connection.execute(
                "select courses.code from courses_fts join courses on courses.rowid = "
                "courses_fts.rowid where courses_fts match ? order by courses_fts.rowid",
                (f"{column}({words})",),
            ).fetchall()
            found += [code for (code,) in rows if code not in found]
        return found

    courses = catalog_db.catalog.courses
    queries = ["a", "ai", "aipi 5", "5", "590", "02", "m", "meng", "d", "deep", "learn", "data s"]
    queries += [
        word[:3]
        for course in courses.values()
        for word in course.title.split()[:2]
        if word.isalnum()
    ]
    for query in queries:
        assert catalog_db.search(query, None) == by_column_filter(query), query


def test_catalog_is_opened_read_only(catalog_db):
    with pytest.raises(sqlite3.OperationalError):
        catalog_db.connection.execute("delete from courses")


def test_missing_catalog(tmp_path):
    with pytest.raises(CatalogError, match=r"not found.*catalog build"):
        open_catalog(tmp_path / "none.sqlite")


def test_corrupt_catalog(tmp_path):
    path = tmp_path / "catalog.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 200)
    with pytest.raises(CatalogError, match="corrupt"):
        open_catalog(path)


def test_wrong_version_catalog(tmp_path):
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(CatalogError, match="schema 99"):
        open_catalog(path)


@pytest.mark.parametrize("index", ["courses_fts", "courses_code_fts", "courses_title_fts"])
def test_a_catalog_without_a_search_index_is_refused_when_opened(tmp_path, index):
    """Not a traceback at the first keystroke: the rebuild message, as for any damage."""
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    with sqlite3.connect(path) as connection:
        connection.execute(f"drop table {index}")
    with pytest.raises(
        CatalogError,
        match=rf"incomplete or was changed after it was built \(no {index} table\).*catalog build",
    ):
        open_catalog(path)


def damage_search_indexes(path):
    """Every block of two search indexes overwritten: the tables are there, their insides not."""
    with sqlite3.connect(path) as connection:
        for index in ("courses_fts", "courses_code_fts"):
            connection.execute(f"update {index}_data set block = x'0011223344556677'")


def test_a_search_index_damaged_inside_is_a_catalog_error_at_the_search(tmp_path):
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    damage_search_indexes(path)
    database = open_catalog(path)  # found only when read: not every open checks every block
    try:
        with pytest.raises(CatalogError, match=r"corrupt or unreadable.*catalog build"):
            database.search("d")
        assert "AIPI 540" in database.catalog.courses  # the rest of the catalog still reads
    finally:
        database.close()


def test_inconsistent_sources_are_refused(tmp_path):
    shutil.copytree(SOURCES, tmp_path / "src")
    courses = tmp_path / "src" / "courses.toml"
    courses.write_text(
        courses.read_text(encoding="utf-8").replace(
            'prerequisites = ["AIPI 510", "AIPI 520"]', 'prerequisites = ["AIPI 999"]', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="AIPI 999 is not in the catalog"):
        build_catalog(tmp_path / "src", tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_older_catalog_says_so(tmp_path):
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 0")
    with pytest.raises(CatalogError, match=r"older version of AIPI Advisor.*catalog build"):
        open_catalog(path)


def test_locked_catalog_says_so(tmp_path):
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA locking_mode = EXCLUSIVE")
    writer.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(CatalogError, match=r"catalog.sqlite: catalog is locked"):
            open_catalog(path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('cross_listed = ["IDS 721"]', 'cross_listed = ["AIPI 530"]', "also a course of its own"),
        ('unconfirmed_modes = ["online"]', 'unconfirmed_modes = ["hybrid"]', "unconfirmed_modes"),
    ],
)
def test_cross_listings_and_offering_notes_are_checked(tmp_path, old, new, reason):
    shutil.copytree(SOURCES, tmp_path / "src")
    courses = tmp_path / "src" / "courses.toml"
    courses.write_text(courses.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=reason):
        build_catalog(tmp_path / "src", tmp_path / "out.sqlite")


def test_cross_listed_codes_are_found_by_search(catalog_db):
    assert "ECE 682D" in catalog_db.search("COMPSCI 571")


def test_sources_the_app_would_refuse_build_no_catalog(tmp_path):
    shutil.copytree(SOURCES, tmp_path / "src")
    courses = tmp_path / "src" / "courses.toml"
    long_title = 'title = "' + "x" * 400 + '"'
    text = courses.read_text(encoding="utf-8")
    courses.write_text(
        text.replace('title = "Industry Seminar Series"', long_title, 1), encoding="utf-8"
    )
    with pytest.raises(
        CatalogError, match=r"^the catalog sources build a catalog the app refuses: .*AIPI 501"
    ):
        build_catalog(tmp_path / "src", tmp_path / "out.sqlite")
    assert [p.name for p in tmp_path.iterdir()] == ["src"]  # no temporary left either
