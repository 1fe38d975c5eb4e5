"""A plan's fingerprint: the SHA-256 of its canonical form with the catalog version. The export
embeds all 256 bits and prints the first 128 in every page's footer, in groups of four, so two
printed copies can be compared by eye and no one can find a second plan that prints the same."""

import hashlib

from advisor_app.domain import Plan
from advisor_app.plans import canonical_json

#: What precedes the fingerprint in every page's footer.
FOOTER_PREFIX = "Plan fingerprint "

#: How many hex digits of the fingerprint every footer shows (128 bits).
PRINTED_DIGITS = 32


def fingerprint_sha256(plan: Plan, catalog_version: str) -> str:
    """The full fingerprint: 64 lowercase hex digits."""
    return hashlib.sha256(f"{canonical_json(plan)}\n{catalog_version}".encode()).hexdigest()


def printed_fingerprint(sha256_hex: str) -> str:
    """The footer's form: the first 128 bits, uppercase, in groups of four ("1A2B-3C4D-…")."""
    digits = sha256_hex[:PRINTED_DIGITS].upper()
    return "-".join(digits[i : i + 4] for i in range(0, PRINTED_DIGITS, 4))


def fingerprint(plan: Plan, catalog_version: str) -> str:
    """The fingerprint as every page's footer prints it."""
    return printed_fingerprint(fingerprint_sha256(plan, catalog_version))
