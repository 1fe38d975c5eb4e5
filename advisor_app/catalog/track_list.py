"""The tracks and their terms, read straight from the catalog for `advisor-app tracks`: listing
them needs neither the domain model nor the courses."""

from pathlib import Path
from typing import Any

from advisor_app.catalog.connection import catalog_errors, catalog_path, connect


def track_summaries(path: Path | None = None) -> list[dict[str, Any]]:
    """Each track as {"id", "name", "mode", "months", "terms": [term ids]}, in catalog order."""
    path = catalog_path(path)
    with catalog_errors(path):
        connection = connect(path)
        try:
            tracks = connection.execute(
                "select id, name, mode, months from tracks order by position"
            ).fetchall()
            terms: dict[str, list[str]] = {}
            for row in connection.execute("select track, id from terms order by track, position"):
                terms.setdefault(row["track"], []).append(row["id"])
        finally:
            connection.close()
        return [
            {
                "id": row["id"],
                "name": row["name"],
                "mode": row["mode"],
                "months": int(row["months"]),
                "terms": terms.get(row["id"], []),
            }
            for row in tracks
        ]
