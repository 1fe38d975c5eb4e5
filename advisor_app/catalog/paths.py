import os
from pathlib import Path

from advisor_app.locations import data_dir

#: The schema the app reads; a catalog built for another schema is refused.
#:
#: The schema version changes when the tables of data/catalog.sqlite change (a table or a column
#: added, removed or renamed): the app then refuses an old catalog and says to rebuild it. The
#: catalog version (`version` in data/catalog/catalog.toml) changes when the facts that plans are
#: validated against change (courses, tracks, requirements); it is part of every PDF's
#: fingerprint. The tuition rates carry their own academic year (costs.toml) instead.
#:   1  courses, tracks, terms, limits, templates, requirements
#:   2  courses carry their requisites, cross-listings and offering notes
#:   3  + tuition_* tables from costs.toml (rates, how each track is charged, what carries no
#:      tuition, assumptions, published totals)
#:   4  + courses_code_fts, courses_title_fts: full-text indexes of the codes alone and the
#:      titles alone (a keystroke's search)
SCHEMA_VERSION = 4


def default_source_dir() -> Path:
    return data_dir() / "catalog"


def default_catalog_path() -> Path:
    """data/catalog.sqlite (source tree or bundle), unless AIPI_CATALOG names another file."""
    override = os.environ.get("AIPI_CATALOG")
    return Path(override) if override else data_dir() / "catalog.sqlite"


def default_trust_dir() -> Path:
    """data/trust/ beside the catalog (source tree or bundle): the certificates the program ships
    as trusted signers."""
    return data_dir() / "trust"
