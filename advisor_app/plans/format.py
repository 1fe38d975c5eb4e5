"""The plan file's name, version and top-level fields (see docs/plan-format.md)."""

FORMAT_NAME = "aipi-plan"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
KNOWN_KEYS = frozenset(
    {
        "format",
        "version",
        "student",
        "advisor",
        "track",
        "start_year",
        "terms",
        "external_courses",
        "exceptions",
        "waivers",  # version 1
        "notes",
        "milestones",
        "status",
        "approved_on",
        "approved_by",
        "revision",
        "history",
    }
)
