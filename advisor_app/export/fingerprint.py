"""A plan's fingerprint: a hash of its canonical form with the catalog version, short enough to
compare two printed copies by eye."""

import hashlib

from advisor_app.domain import Plan
from advisor_app.plans import canonical_json


def fingerprint(plan: Plan, catalog_version: str) -> str:
    digest = hashlib.sha256(f"{canonical_json(plan)}\n{catalog_version}".encode()).hexdigest()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()
