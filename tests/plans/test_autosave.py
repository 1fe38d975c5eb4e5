import json
import subprocess
import sys

from advisor_app.domain import Plan
from advisor_app.plans.autosave import AutosaveStore

PLAN = Plan(track="standard-16", start_year=2026, terms={"fall-1": ("AIPI 510",)}, notes="x")


def finished_pid() -> int:
    """The pid of a process that has ended: its autosave is lost work."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_work_of_a_process_that_ended_is_offered_back(tmp_path):
    crashed = AutosaveStore(tmp_path, pid=finished_pid())
    crashed.write(PLAN, tmp_path / "ada.json")
    pending = AutosaveStore(tmp_path).pending()
    assert len(pending) == 1
    assert pending[0].plan == PLAN and pending[0].source == tmp_path / "ada.json"
    AutosaveStore(tmp_path).discard(pending[0])
    assert AutosaveStore(tmp_path).pending() == []


def test_own_and_running_windows_work_is_not_offered(tmp_path):
    store = AutosaveStore(tmp_path)
    store.write(PLAN, None)
    assert store.pending() == []  # our own copy
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            AutosaveStore(tmp_path, pid=other.pid).write(PLAN, None)
            assert store.pending() == []  # another window still running
        finally:
            other.kill()
    store.discard()
    assert not store.file.exists()


def test_a_process_id_no_process_can_have_is_no_crash(tmp_path):
    """Found in stop 25: an autosave naming pid 2**40 stopped every start (OverflowError in
    os.kill) until the file was removed by hand."""
    for number, pid in enumerate((2**40, 2**31, -1, 0, True, "12", 2**64)):
        envelope = {"format": "aipi-autosave", "version": 1, "pid": pid, "plan": {}}
        (tmp_path / f"autosave-{number}.json").write_text(json.dumps(envelope), encoding="utf-8")
    assert AutosaveStore(tmp_path).pending() == []  # each read as far as its plan, then skipped


def test_a_source_no_file_can_have_comes_back_untitled(tmp_path):
    """Found in stop 25: a NUL or a 100,000-character name as the source stopped the window
    when the work was recovered; a deeply nested autosave stopped its start."""
    for number, source in enumerate(
        ("/tmp/a\0b.json", "/" + "a" * 100_000, "x.json", "/\ud800", 7)
    ):
        store = AutosaveStore(tmp_path, pid=finished_pid())
        store.file = tmp_path / f"autosave-{number}.json"
        store.write(PLAN, None)
        envelope = json.loads(store.file.read_text(encoding="utf-8"))
        store.file.write_text(json.dumps({**envelope, "source": source}), encoding="utf-8")
    (tmp_path / "autosave-deep.json").write_text("[" * 100_000, encoding="utf-8")
    found = AutosaveStore(tmp_path).pending()
    assert len(found) == 5 and all(item.source is None for item in found)


def test_unreadable_autosaves_are_skipped_not_fatal(tmp_path):
    (tmp_path / "autosave-1.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "autosave-2.json").write_text(json.dumps({"format": "other"}), encoding="utf-8")
    envelope = {
        "format": "aipi-autosave",
        "version": 1,
        "pid": finished_pid(),
        "plan": {"format": "aipi-plan"},
    }
    (tmp_path / "autosave-3.json").write_text(json.dumps(envelope), encoding="utf-8")
    assert AutosaveStore(tmp_path).pending() == []
    assert AutosaveStore(tmp_path / "missing").pending() == []
