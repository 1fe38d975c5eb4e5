"""Spelling of course codes and elective placeholders as they appear in plan files."""

import re
from functools import lru_cache

#: An elective slot not chosen yet is written "TBD:<placeholder id>", e.g. "TBD:technical-elective".
PLACEHOLDER_PREFIX = "TBD:"
#: The term a what-if copy puts what it could not place on the new track.
NOT_PLACED = "not-placed"

_SPACES = re.compile(r"\s+")
# "AIPI510" and "aipi 510" both mean "AIPI 510": a department, then a number with optional suffix.
_DEPT_NUMBER = re.compile(r"^([A-Z]+)\s*(\d{3}[A-Z]?(?:-\d{2})?)$")


@lru_cache(maxsize=8192)  # the same few hundred codes are spelled out on every validation
def normalize_code(text: str) -> str:
    """Return the canonical spelling of a course code, or the cleaned text if it is not one."""
    cleaned = _SPACES.sub(" ", text.strip())
    if cleaned.upper().startswith(PLACEHOLDER_PREFIX):
        return PLACEHOLDER_PREFIX + cleaned[len(PLACEHOLDER_PREFIX) :].strip().lower()
    upper = cleaned.upper()
    match = _DEPT_NUMBER.match(upper)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    return upper


def course_level(code: str) -> int | None:
    """The course number's hundreds (510 for "AIPI 510"), or None when the code has no number."""
    match = _DEPT_NUMBER.match(code)
    if not match:
        return None
    return int(match.group(2)[:3])


def placeholder_id(entry: str) -> str | None:
    """The placeholder id of a "TBD:<id>" entry, or None."""
    if entry.startswith(PLACEHOLDER_PREFIX):
        return entry[len(PLACEHOLDER_PREFIX) :]
    return None
