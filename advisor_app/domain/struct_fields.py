"""Equality, hash and repr of a record on some of its fields only.

msgspec compares, hashes and prints every field of a Struct, and has no per-field opt-out. A
callback or a back reference carried along (a finding's fix proposals, a report's catalog) is no
part of what the record is: such a class names what is, with `methods_on`.
"""

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

Methods = tuple[Callable[[Any, object], Any], Callable[[Any], int], Callable[[Any], str]]


def methods_on(compared: Sequence[str], shown: Sequence[str] | None = None) -> Methods:
    """__eq__ and __hash__ on the `compared` fields, __repr__ showing `shown` (those compared
    when None), in a dataclass's form: `Name(field=value, ...)`."""
    values = attrgetter(*compared)
    shown = tuple(compared if shown is None else shown)

    def __eq__(self: Any, other: object) -> Any:
        if type(other) is not type(self):
            return NotImplemented
        return values(self) == values(other)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __repr__(self: Any) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__name__}({fields})"

    return __eq__, __hash__, __repr__
