import os
from pathlib import Path

#: The schema the app reads; a catalog built for another schema is refused.
SCHEMA_VERSION = 2  # 2: courses carry their requisites, cross-listings and offering notes

_REPO = Path(__file__).resolve().parents[2]


def default_source_dir() -> Path:
    return _REPO / "data" / "catalog"


def default_catalog_path() -> Path:
    """data/catalog.sqlite beside the package, unless AIPI_CATALOG names another file."""
    override = os.environ.get("AIPI_CATALOG")
    return Path(override) if override else _REPO / "data" / "catalog.sqlite"


def default_trust_dir() -> Path:
    """data/trust/ beside the catalog: the certificates the program ships as trusted signers."""
    return _REPO / "data" / "trust"
