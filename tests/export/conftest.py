import pytest
from msgspec.structs import replace

from advisor_app.export.approval import sign_off
from tests.plans_for_tests import filled_template


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
