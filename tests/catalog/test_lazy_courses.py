"""Courses read lazily, one at a time or a screenful in one query, come out the same."""

import sqlite3

from advisor_app.catalog import open_catalog
from advisor_app.catalog.schema import from_row
from advisor_app.domain.catalog_model import Course


def test_a_screenful_read_at_once_is_the_courses_read_one_by_one():
    one_by_one, at_once = open_catalog(), open_catalog()
    try:
        codes = list(one_by_one.catalog.courses)[:25]
        assert len(at_once.catalog.courses) > 25  # the codes are listed (a query of its own)
        queries: list[str] = []
        at_once.connection.set_trace_callback(queries.append)
        at_once.prefetch([*codes, "NOPE 999", codes[0]])  # unknown and repeated codes too
        at_once.connection.set_trace_callback(None)
        assert len(queries) == 1
        for code in codes:
            assert at_once.catalog.courses[code] == one_by_one.catalog.courses[code]
    finally:
        one_by_one.close()
        at_once.close()


def _row(**values: object) -> sqlite3.Row:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    names = ", ".join(f"? as {name}" for name in values)
    row: sqlite3.Row = connection.execute(f"select {names}", tuple(values.values())).fetchone()
    return row


def test_a_row_becomes_its_course_whatever_the_columns_order_or_extras():
    course = from_row(
        Course,
        _row(
            extra="ignored",
            units=3,
            on_campus='["spring", "fall"]',
            online="[]",
            description="d",
            category="core",
            title="T",
            code="AIPI 999",
            prerequisites='["AIPI 510"]',
            repeatable=None,
        ),
    )
    assert course.units == 3.0 and isinstance(course.units, float)
    assert course.on_campus == frozenset({"fall", "spring"})
    assert course.prerequisites == ("AIPI 510",) and course.repeatable == 1  # NULL: the default
    assert course.cross_listed == ()  # missing from an older row: its default
