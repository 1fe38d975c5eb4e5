import os
import tempfile

# Before anything imports Qt: tests never need a display. An empty value counts as unset (Qt
# would otherwise try the desktop's platform and abort where there is no display).
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

# The user's cache folder (the font cache, export/font_cache.py) is one of the test session's,
# for the tests and the processes they start: tests never read nor fill the machine's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="aipi-test-cache-")

import atexit
import shutil
from pathlib import Path

import pytest

from advisor_app.catalog import CatalogDatabase, open_catalog
from advisor_app.domain import Catalog
from tests.plans_for_tests import filled_template

REPO = Path(__file__).resolve().parents[1]
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)


@pytest.fixture(scope="session")
def catalog_db() -> CatalogDatabase:
    return open_catalog(REPO / "data" / "catalog.sqlite")


@pytest.fixture(scope="session")
def catalog(catalog_db: CatalogDatabase) -> Catalog:
    return catalog_db.catalog


@pytest.fixture
def accelerated(catalog: Catalog):
    return filled_template(catalog, "accelerated-12")


@pytest.fixture(autouse=True)
def no_real_trust(monkeypatch, tmp_path):
    """Tests never read the user's trusted signers nor an AIPI_TRUST_DIR of the machine: the user's
    trust folder is a temporary one of each test (not made until a test makes it), and the
    variable is unset unless a test sets it."""
    import advisor_app.export.trust as trust

    folder = tmp_path / "user-config" / "trust"
    monkeypatch.setattr(trust, "user_trust_dir", lambda: folder)
    monkeypatch.delenv(trust.TRUST_ENV, raising=False)
    return folder


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    from tests.pki import make_pki

    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted(pki, tmp_path, monkeypatch):
    """The program office's trust folder (its CA and one advisor), named by AIPI_TRUST_DIR."""
    from tests.pki import trust_folder

    folder = trust_folder(pki, tmp_path / "trust")
    monkeypatch.setenv("AIPI_TRUST_DIR", str(folder))
    return folder
