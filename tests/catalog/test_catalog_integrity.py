"""A catalog changed after its build (by hand, or by another program) is refused with the catalog's
one message, naming what is wrong: found in stop 25, where such catalogs crashed `courses`,
`validate` and the window with tracebacks, hung them on a view, or let a rule go unchecked."""

import shutil
import sqlite3

import pytest

from advisor_app.catalog import CatalogError, open_catalog
from advisor_app.catalog.track_list import track_summaries
from tests.conftest import REPO

ONE_TRACK = "(select id from tracks order by position limit 1)"
ONE_COURSE = "(select code from courses order by code limit 1)"


def changed(tmp_path, *statements: str):
    path = tmp_path / "catalog.sqlite"
    shutil.copy(REPO / "data" / "catalog.sqlite", path)
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return path


def read_everything(path) -> None:
    database = open_catalog(path)
    try:
        database.catalog.courses.load_all()  # type: ignore[attr-defined]
        for code in database.catalog.courses:
            database.catalog.courses[code]
    finally:
        database.close()


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        ([f"update tracks set rules = '[]' where id = {ONE_TRACK}"], "Expected `object`"),
        ([f"update tracks set rules = '{'[' * 100_000}' where id = {ONE_TRACK}"], "changed"),
        ([f"update tracks set rules = null where id = {ONE_TRACK}"], "changed"),
        ([f"update tracks set id = null where id = {ONE_TRACK}"], "`str`, got `null`"),
        ([f"update courses set units = null where code = {ONE_COURSE}"], "`units`"),
        ([f"update courses set title = null where code = {ONE_COURSE}"], "`title`"),
        ([f"update courses set code = null where code = {ONE_COURSE}"], "code"),
        ([f"update courses set units = -3 where code = {ONE_COURSE}"], "units must be a number"),
        (
            [f"update courses set prerequisites = '[1, [2]]' where code = {ONE_COURSE}"],
            "prerequisites",
        ),
        (
            [f"update courses set on_campus = '[\"winter\"]' where code = {ONE_COURSE}"],
            "unknown season",
        ),
        (["update requirements set severity = 'apocalyptic'"], "severity must be one of"),
        (["update requirements set kind = 'any-of'"], "kind must be one of"),
        (["update requirements set units = 'nan'"], "units"),
        (["update requirements set n = 9223372036854775807"], "n must be from 0"),
        (["update limits set max_units = -1"], "load limit must be a number"),
        (["update meta set value = 'inf' where key = 'total_units'"], "total units"),
        (["delete from terms"], "1 to 40 terms"),
        (["update tuition_rates set amount = 1e300"], "amount out of range"),
        (["update tuition_rates set amount = -5"], "amount out of range"),
        (["update tuition_rates set per = 'fortnight'"], "per must be term or credit"),
        (["update tuition_tracks set scholarship_percent = -500"], "scholarship out of range"),
        (["update tuition_tracks set fall = 'nothing'"], "a season's rate is not a rate"),
        (["update tuition_published set low = high + 1"], "out of range"),
        (["update tuition_rates set label = null"], "label"),
        (["update courses set title = printf('%.400c', 'x')"], "a name is over 300 characters"),
        (["update tracks set description = printf('%.20000c', 'x')"], "a text is over 10,000"),
        (["update categories set label = printf('%.400c', 'x')"], "a category"),
        (["delete from tracks"], "no tracks"),
        (["drop table meta", "create view meta as select 'program' as key, 1 as value"], "view"),
        (
            ["alter table courses add column pad generated always as (zeroblob(9)) virtual"],
            "it holds a generated column, 'courses.pad'",
        ),
        (["create trigger t after insert on meta begin select 1; end"], "it holds a trigger"),
        (
            [
                "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2001) "
                "insert into sources (id, url) select 'extra-' || i, 'https://x' from n"
            ],
            "table sources has 2,010 rows; the limit is 2,000",
        ),
        (
            ["update tuition_meta set value = printf('%.100001c', 'x') where key = 'caveat'"],
            "table tuition_meta holds a value over 100,000 characters",
        ),
    ],
)
def test_a_changed_catalog_is_refused_naming_what_is_wrong(tmp_path, statements, named):
    path = changed(tmp_path, *statements)
    with pytest.raises(CatalogError, match="catalog") as refused:
        read_everything(path)
    assert named in str(refused.value) and "catalog build" in str(refused.value)


def test_a_view_is_refused_before_it_is_read(tmp_path):
    """A view over an endless recursive query hung every command, `advisor-app tracks` too."""
    endless = (
        "with recursive n(i) as (select 1 union all select i + 1 from n) "
        "select 'x' as id, 'x' as name, 'online' as mode, 12 as months, 0 as position, "
        "'' as description, '{}' as rules from n"
    )
    path = changed(tmp_path, "drop table tracks", f"create view tracks as {endless}")
    for read in (read_everything, track_summaries):
        with pytest.raises(CatalogError, match="it holds a view, 'tracks'"):
            read(path)


def test_too_many_tracks_are_counted_before_they_are_read(tmp_path):
    copies = " union all ".join(f"select id || '-{n}', name, mode, months, position, description, rules from tracks" for n in range(30))  # fmt: skip
    path = changed(
        tmp_path,
        f"insert into tracks (id, name, mode, months, position, description, rules) {copies}",
    )
    for read in (read_everything, track_summaries):
        with pytest.raises(CatalogError, match=r"it has 155 tracks; the limit is 100"):
            read(path)


def test_another_programs_database_is_not_called_an_old_catalog(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("create table notes (text)")
    connection.close()
    with pytest.raises(CatalogError, match="not an AIPI Advisor catalog"):
        open_catalog(path)
    with pytest.raises(CatalogError, match="catalog is not a file"):
        open_catalog(tmp_path)


def test_the_real_catalog_holds_everything_it_is_checked_for():
    read_everything(None)
