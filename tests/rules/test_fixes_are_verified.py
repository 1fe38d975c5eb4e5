"""Every fix the engine offers does what it says: on an error it lowers the error count, on a
warning or an info line it removes that finding, and it never adds an error. Checked on every
template and on a few hundred fidelity cases: each entry of each filled template moved to each
other term of its track, plus the advisor cases of tests/rules/test_advisor_cases.py."""

import pytest

from advisor_app.domain.edits import from_template, move
from advisor_app.rules import apply_fix, check
from tests.plans_for_tests import filled_template

TRACKS = ["accelerated-12", "standard-16", "online-24", "bse-meng", "md-meng"]


def fidelity_cases(catalog):
    for track_id in TRACKS:
        track = catalog.tracks[track_id]
        yield f"{track_id} template", from_template(track, 2026)
        filled = filled_template(catalog, track_id)
        yield f"{track_id} filled", filled
        for term_id, entry in filled.entries():
            for target in track.term_ids:
                if target != term_id:
                    yield (
                        f"{track_id}: {entry} {term_id}->{target}",
                        move(filled, entry, term_id, target),
                    )


def check_every_fix(catalog, name, plan):
    report = check(catalog, plan)
    before_errors = {f.identity for f in report.raw if f.severity == "error"}
    for finding in report.findings:
        if finding.fix is None:
            continue
        after = check(catalog, apply_fix(plan, finding.fix)).raw
        after_errors = [f for f in after if f.severity == "error"]
        where = f"{name}: {finding.rule} fix '{finding.fix.description}'"
        assert {f.identity for f in after_errors} <= before_errors, f"{where} adds an error"
        if finding.severity == "error":
            assert len(after_errors) < len(report.errors), f"{where} does not lower the errors"
        else:
            assert finding.identity not in {f.identity for f in after}, f"{where} keeps it"


def test_every_offered_fix_is_verified_on_every_fidelity_case(catalog):
    cases = list(fidelity_cases(catalog))
    assert len(cases) > 300
    offered = 0
    for name, plan in cases:
        check_every_fix(catalog, name, plan)
        offered += sum(1 for f in check(catalog, plan).findings if f.fix)
    assert offered > 300  # the sweep exercises fixes, not just clean plans


@pytest.mark.parametrize("track_id", TRACKS)
def test_applying_fixes_in_turn_never_loops(catalog, track_id):
    filled = filled_template(catalog, track_id)
    track = catalog.tracks[track_id]
    for term_id, entry in filled.entries():
        plan = (
            move(filled, entry, term_id, track.term_ids[-1])
            if term_id != track.term_ids[-1]
            else filled
        )
        seen = 0
        while True:
            report = check(catalog, plan)
            fix = next((f.fix for f in report.findings if f.severity == "error" and f.fix), None)
            if fix is None:
                break
            plan = apply_fix(plan, fix)
            assert len(check(catalog, plan).errors) < len(report.errors)
            seen += 1
            assert seen < 20
