"""The only package that speaks SQL: builds data/catalog.sqlite from its sources, opens it read-only."""

from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.paths import default_catalog_path, default_source_dir
from advisor_app.catalog.store import CatalogDatabase, SearchResult, open_catalog

__all__ = [
    "CatalogDatabase",
    "CatalogError",
    "SearchResult",
    "default_catalog_path",
    "default_source_dir",
    "open_catalog",
]
