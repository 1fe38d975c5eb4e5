import os
from pathlib import Path

from advisor_app.locations import data_dir

#: The schema the app reads; a catalog built for another schema is refused.
SCHEMA_VERSION = 1


def default_source_dir() -> Path:
    return data_dir() / "catalog"


def default_catalog_path() -> Path:
    """data/catalog.sqlite (source tree or bundle), unless AIPI_CATALOG names another file."""
    override = os.environ.get("AIPI_CATALOG")
    return Path(override) if override else data_dir() / "catalog.sqlite"
