from dataclasses import replace

import pytest

from advisor_app.export.approval import sign_off
from tests.pki import make_pki, trust_folder
from tests.plans_for_tests import filled_template


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted(pki, tmp_path, monkeypatch):
    """The program office's trust folder, named by AIPI_TRUST_DIR."""
    folder = trust_folder(pki, tmp_path / "trust")
    monkeypatch.setenv("AIPI_TRUST_DIR", str(folder))
    return folder


def advisor_plan(catalog, advisor: str, track: str = "standard-16"):
    return replace(filled_template(catalog, track), student_name="王小明", advisor_name=advisor)


@pytest.fixture(scope="session")
def signed_record(catalog, pki, tmp_path_factory):
    """A genuine signed-off record: Dr. Noor Advisor's plan, signed with the certificate the
    program CA issued her."""
    from datetime import date

    path = tmp_path_factory.mktemp("signed") / "plan.pdf"
    plan = sign_off(
        catalog,
        advisor_plan(catalog, "Dr. Noor Advisor"),
        path,
        date.today(),
        pki.certificate("noor"),
    )
    return path, plan
