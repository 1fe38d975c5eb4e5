"""The only package that speaks SQL: builds data/catalog.sqlite from its sources, opens it read-only.

The database and its domain model load on first use (PEP 562): a command that only needs an error
class or a path (`advisor-app tracks`, `--version`) does not pay for them."""

from typing import TYPE_CHECKING, Any

from advisor_app.catalog.errors import CatalogError
from advisor_app.catalog.paths import default_catalog_path, default_source_dir

if TYPE_CHECKING:
    from advisor_app.catalog.store import CatalogDatabase, SearchResult, open_catalog

__all__ = [
    "CatalogDatabase",
    "CatalogError",
    "SearchResult",
    "default_catalog_path",
    "default_source_dir",
    "open_catalog",
]

_FROM_STORE = {"CatalogDatabase", "SearchResult", "open_catalog"}


def __getattr__(name: str) -> Any:
    if name in _FROM_STORE:
        from advisor_app.catalog import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
