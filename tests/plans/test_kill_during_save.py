"""A real process killed in the middle of saving: the previous file must be intact."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from advisor_app.plans import load_plan

REPO = Path(__file__).resolve().parents[2]

# The child saves two large plans in turn, for ever, announcing each save before it starts.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from advisor_app.domain import Plan
    from advisor_app.plans import save_plan

    target = Path(sys.argv[1])
    # Large (the loader takes files up to 5 MB) so that a save takes a while: an unknown field,
    # which the format keeps as it is.
    padding = {"padding": "x" * 3_000_000}
    plans = [
        Plan(track="standard-16", start_year=year, terms={"fall-1": ("AIPI 510",)}, extra=padding)
        for year in (2026, 2027)
    ]
    n = 0
    while True:
        print("saving", flush=True)
        save_plan(plans[n % 2], target)
        n += 1
    """
)


def test_a_killed_save_leaves_the_previous_plan_intact(tmp_path):
    target = tmp_path / "plan.json"
    killed_mid_write = attempts = 0
    # Kill at varied moments until two kills have landed inside a write (or give up at 40).
    for attempt in range(40):
        if killed_mid_write >= 2:
            break
        attempts += 1
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(3 + attempt % 3):  # let a few saves finish, then kill inside the next one
            assert child.stdout.readline() == "saving\n"
        if attempt % 2:  # half the kills at the moment a write is seen under way
            deadline = time.monotonic() + 2
            while not list(tmp_path.glob(".plan.json.*.tmp")) and time.monotonic() < deadline:
                pass
        else:  # the other half at whatever point the save has reached
            time.sleep(0.001 * (attempt % 7))
        child.kill()
        child.wait()
        child.stdout.close()
        leftovers = list(tmp_path.glob(".plan.json.*.tmp"))
        killed_mid_write += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
        plan = load_plan(target)  # whole and valid: the old plan or the new one
        assert plan.start_year in (2026, 2027) and plan.terms == {"fall-1": ("AIPI 510",)}
        assert load_plan(target.with_name("plan.json.bak")).start_year in (2026, 2027)
    # The kills really did land inside saves (a half-written temporary file was left behind).
    assert killed_mid_write >= 1, f"no kill landed inside a write in {attempts} attempts"
