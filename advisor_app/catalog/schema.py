"""The catalog's tables follow the domain's dataclasses: a new field of Course, Requirement or Term
is one edit (the dataclass, with a default) plus its use in the TOML. Build writes a row from the
dataclass's fields; load makes the dataclass back from the row. Collections are stored as JSON.

Versions: `SCHEMA_VERSION` (catalog/paths.py) changes when a table's shape changes in a way an
older app cannot read (a new column the loader requires, a new table); the catalog's own
`version` (catalog.toml) changes when its facts change.
"""

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


def _kind(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (frozenset, set):
        return "set"
    if origin is tuple:
        return "tuple"
    if origin is dict or origin is Mapping:
        return "mapping"
    if origin in (typing.Union, types.UnionType):
        return "optional"
    return "plain"


_COLUMNS: dict[type, dict[str, tuple[str, Any]]] = {}


def columns(cls: type) -> dict[str, tuple[str, Any]]:
    """Each stored field of `cls`: how it is stored, and its type (worked out once per class:
    rows are many)."""
    known = _COLUMNS.get(cls)
    if known is not None:
        return known
    hints = typing.get_type_hints(cls)
    _COLUMNS[cls] = {
        f.name: (_kind(hints[f.name]), hints[f.name])
        for f in dataclasses.fields(cls)
        if _kind(hints[f.name]) != "mapping"
    }
    return _COLUMNS[cls]


def to_row(item: Any, **extra: Any) -> dict[str, Any]:
    """The row of a dataclass instance (collections as sorted JSON lists), plus `extra` columns."""
    row: dict[str, Any] = {}
    for name, (kind, _) in columns(type(item)).items():
        value = getattr(item, name)
        if kind == "set":
            row[name] = json.dumps(sorted(value), ensure_ascii=False)
        elif kind == "tuple":
            row[name] = json.dumps(list(value), ensure_ascii=False)
        else:
            row[name] = value
    row.update(extra)
    return row


def from_row(cls: type[T], row: Any, **overrides: Any) -> T:
    """The dataclass back from its row; columns it does not know are ignored, and a field with a
    default may be missing from an older row."""
    values: dict[str, Any] = {}
    present = set(row.keys())  # a sqlite3.Row's `in` looks at values, not column names
    for name, (kind, annotation) in columns(cls).items():
        if name in overrides or name not in present:
            continue
        value = row[name]
        if kind == "set":
            values[name] = frozenset(_json_list(value))
        elif kind == "tuple":
            values[name] = tuple(_json_list(value))
        elif annotation in (bool, int, float) and value is not None:
            values[name] = annotation(value)
        else:
            values[name] = value
    values.update(overrides)
    return cls(**values)


def _json_list(text: Any) -> list[Any]:
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value
