"""Connecting to data/catalog.sqlite read-only, and the one place SQLite's errors become a
CatalogError. Light on purpose (no domain model): `advisor-app tracks` needs nothing more."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.paths import SCHEMA_VERSION, default_catalog_path

REBUILD = "rebuild it with `advisor-app catalog build` (or restore it from the repository)"


def catalog_path(path: Path | None) -> Path:
    """The file to open: `path`, or the default catalog; a missing file is a CatalogError."""
    path = Path(path) if path else default_catalog_path()
    try:
        found = path.is_file()
    except OSError as error:  # a name too long, a folder that may not be searched
        raise CatalogError(
            f"{path}: catalog cannot be opened ({error.strerror}); {REBUILD}"
        ) from None
    if not found:
        problem = "is not a file" if path.exists() else "not found"
        raise CatalogError(f"{path}: catalog {problem}; {REBUILD}")
    return path


@contextmanager
def catalog_errors(path: Path) -> Iterator[None]:
    """Whatever SQLite (or a missing row or column) raises while reading `path`, as one clear
    CatalogError."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise CatalogError(
                f"{path}: catalog is locked by another program (perhaps a catalog build in "
                "progress); wait for it to finish or close that program, then start again"
            ) from None
        if "unable to open" in str(error):
            raise CatalogError(
                f"{path}: catalog cannot be opened (check that you may read the file and its "
                f"folder); {REBUILD}"
            ) from None
        raise CatalogError(
            f"{path}: catalog is corrupt or unreadable ({error}); {REBUILD}"
        ) from None
    except sqlite3.DatabaseError as error:
        raise CatalogError(
            f"{path}: catalog is corrupt or unreadable ({error}); {REBUILD}"
        ) from None
    except (KeyError, ValueError, TypeError, AttributeError, OverflowError) as error:
        raise CatalogError(
            f"{path}: catalog is incomplete or was changed after it was built ({error}); {REBUILD}"
        ) from None
    except RecursionError:
        raise CatalogError(
            f"{path}: catalog was changed after it was built (a value nested too deeply); {REBUILD}"
        ) from None


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to `path`, refused unless it holds this app's schema. Call it
    inside catalog_errors(path)."""
    # Shared with worker threads (export, verify) under the database's lock.
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0, check_same_thread=False
    )
    connection.row_factory = sqlite3.Row
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    ours = connection.execute(
        "select 1 from sqlite_master where type = 'table' and name = 'meta'"
    ).fetchone()
    if version == 0 and ours is None:  # an empty file, or another program's database
        connection.close()
        raise CatalogError(f"{path}: not an AIPI Advisor catalog; {REBUILD}")
    if version != SCHEMA_VERSION:
        connection.close()
        age = "an older" if version < SCHEMA_VERSION else "a newer"
        raise CatalogError(
            f"{path}: catalog was built by {age} version of AIPI Advisor (schema {version}; "
            f"this app reads schema {SCHEMA_VERSION}); {REBUILD}"
        )
    # A build makes tables of stored values and indexes only. A view, a trigger or a generated
    # column is code run on reading (a view over an endless recursive query hung every command;
    # a generated column of 900 MB blobs took 20 s and 1.7 GB).
    made = connection.execute(
        "select type, name from sqlite_master where type in ('view', 'trigger') union all "
        "select 'generated column', m.name || '.' || x.name from sqlite_master m, "
        "pragma_table_xinfo(m.name) x where m.type = 'table' and x.hidden in (2, 3) "
        # A search index (a virtual table) has none, and is not opened here: one damaged inside
        # is met at the first search, where the rest of the catalog still serves.
        "and m.sql not like 'create virtual table%' limit 1"
    ).fetchone()
    if made is not None:
        connection.close()
        raise CatalogError(
            f"{path}: catalog was changed after it was built (it holds a {made[0]}, "
            f"{made[1]!r}); {REBUILD}"
        )
    return connection
