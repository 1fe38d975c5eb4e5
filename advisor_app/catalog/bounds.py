"""The catalog's vocabulary and bounds: what the sources may say (catalog/sources.py) and what a
catalog read from disk may hold (catalog/integrity.py). Light on purpose: `advisor-app tracks`
checks its tracks with it and loads nothing else."""

SEASONS = frozenset({"summer", "fall", "spring"})
KINDS = frozenset({"all-of", "n-of", "units-from"})
SEVERITIES = frozenset({"error", "warning", "info"})
MODES = frozenset({"on-campus", "online"})
LEVELS = frozenset({"graduate", "undergraduate", "medical"})
# Far above the program's (a track: 12 to 24 months, 9 terms; a requirement: 12 courses).
MOST_TRACKS = 100  # the program has five
MOST_MONTHS = 120
MOST_TERMS = 40
MOST_LISTED = 200  # courses, categories or milestones one requirement names
MOST_REQUIREMENTS = 200  # one track's (the program's most: 13)
MOST_COURSES = 100_000  # ten times the growth the app is measured at
MOST_ROWS = 2_000  # any other table but the aliases (the program's most: 76)
MOST_VALUE_CHARS = 100_000  # any value of those tables (a requirement's list of codes is one)
MOST_UNITS = 1_000.0
# Text, in characters (the program's longest: a 62-character program name, a 262-character
# course description, a 233-character source note).
MOST_NAME_CHARS = 300  # codes, titles, names, labels
MOST_TEXT_CHARS = 10_000  # descriptions and source notes


def expect(condition: bool, problem: str) -> None:
    if not condition:
        raise ValueError(problem)


def check_track_count(count: int) -> None:
    """Counted before the tracks are read (100,000 tracks took 8 s to read)."""
    expect(count <= MOST_TRACKS, f"it has {count:,} tracks; the limit is {MOST_TRACKS}")
