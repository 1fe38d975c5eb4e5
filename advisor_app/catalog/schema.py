"""The catalog's tables follow the domain's dataclasses: a new field of Course, Requirement or Term
is one edit (the dataclass, with a default) plus its use in the TOML. Build writes a row from the
dataclass's fields; load makes the dataclass back from the row. Collections are stored as JSON.

Versions: `SCHEMA_VERSION` (catalog/paths.py) changes when a table's shape changes in a way an
older app cannot read (a new column the loader requires, a new table); the catalog's own
`version` (catalog.toml) changes when its facts change.
"""

import json
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

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
        for f in msgspec.structs.fields(cls)
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
    for position, name, convert in _reading(cls, tuple(row.keys())):
        value = row[position]
        if name not in overrides and value is not None:  # NULL: the field's default, if any
            values[name] = value if convert is None else convert(value)
    values.update(overrides)
    # Validated, not trusted: a row changed after the build (a NULL, a list of numbers) is refused
    # here with the field it is in, not met later as a crash in the rules.
    return msgspec.convert(values, cls)


_Reading = tuple[tuple[int, str, Any], ...]
_READINGS: dict[tuple[type, tuple[str, ...]], _Reading] = {}


def _reading(cls: type, names: tuple[str, ...]) -> _Reading:
    """Which column makes which field, and how: worked out once per class and table shape (a
    large catalog has thousands of rows, each made while a card waits to be painted)."""
    key = (cls, names)
    known = _READINGS.get(key)
    if known is None:
        where = {name: position for position, name in enumerate(names)}
        plan = []
        for name, (kind, annotation) in columns(cls).items():
            if name not in where:
                continue
            convert: Any = None
            if kind == "set":
                convert = _json_set
            elif kind == "tuple":
                convert = _json_tuple
            elif annotation in (bool, int, float):
                convert = _or_none(annotation)
            plan.append((where[name], name, convert))
        known = _READINGS[key] = tuple(plan)
    return known


def _or_none(kind: type) -> Any:
    return lambda value: None if value is None else kind(value)


def _json_set(text: Any) -> frozenset[Any]:
    return frozenset(_json_list(text))


def _json_tuple(text: Any) -> tuple[Any, ...]:
    return tuple(_json_list(text))


def _json_list(text: Any) -> list[Any]:
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value
