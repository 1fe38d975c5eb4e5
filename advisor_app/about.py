"""The one line `--version` prints: the app's version and the catalog's, without a display."""

from pathlib import Path

from advisor_app import __version__


def version_line(program: str, catalog: Path | None = None) -> str:
    """E.g. `aipi-advisor 0.2.0 (catalog 2026.3)`; says so when the catalog cannot be read."""
    from advisor_app.catalog import CatalogError, open_catalog

    try:
        database = open_catalog(catalog)
    except CatalogError:
        return f"{program} {__version__} (catalog unavailable)"
    try:
        return f"{program} {__version__} (catalog {database.catalog.version})"
    finally:
        database.close()
