"""The tracks and their terms, read straight from the catalog for `advisor-app tracks`: listing
them needs neither the domain model nor the courses."""

from pathlib import Path
from typing import Any

from advisor_app.catalog.bounds import check_track_count
from advisor_app.catalog.connection import catalog_errors, catalog_path, connect


def track_summaries(path: Path | None = None) -> list[dict[str, Any]]:
    """Each track as {"id", "name", "mode", "months", "terms": [term ids]}, in catalog order."""
    path = catalog_path(path)
    with catalog_errors(path):
        connection = connect(path)
        try:
            check_track_count(connection.execute("select count(*) from tracks").fetchone()[0])
            tracks = connection.execute(
                "select id, name, mode, months from tracks order by position"
            ).fetchall()
            terms: dict[str, list[str]] = {}
            for row in connection.execute("select track, id from terms order by track, position"):
                terms.setdefault(row["track"], []).append(row["id"])
        finally:
            connection.close()
        summaries = [
            {
                "id": row["id"],
                "name": row["name"],
                "mode": row["mode"],
                "months": int(row["months"]),
                "terms": terms.get(row["id"], []),
            }
            for row in tracks
        ]
        # Checked as opening the whole catalog checks them (catalog/integrity.py), by hand:
        # listing tracks loads no more than it prints.
        for summary in summaries:
            texts = [summary["id"], summary["name"], summary["mode"], *summary["terms"]]
            if not all(isinstance(text, str) and text.strip() for text in texts):
                raise ValueError(f"track {summary['id']!r} has a name or id that is not text")
        if not summaries:
            raise ValueError("it has no tracks")
        return summaries
