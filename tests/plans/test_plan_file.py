"""The plan file as last read or written (its hash), what is on disk now, and copies beside it."""

import hashlib
import os
from datetime import date

import pytest
from msgspec.structs import replace

from advisor_app.domain import Plan
from advisor_app.plans import PlanFileError, dumps_plan, save_plan
from advisor_app.plans.plan_file import (
    PlanFile,
    beside,
    change_on_disk,
    keep_theirs,
    read_plan_file,
    write_plan_file,
)

PLAN = Plan("standard-16", 2026, {"fall-1": ("AIPI 510",)}, student_name="Ada")
DAY = date(2026, 11, 25)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_reading_and_writing_remember_the_hash_of_the_bytes(tmp_path):
    path = tmp_path / "plan.json"
    written = write_plan_file(PLAN, path)
    assert written == PlanFile(path, sha(path.read_bytes()), PLAN)
    assert save_plan(PLAN, path) == written.digest  # save_plan says what it wrote
    assert read_plan_file(path) == written


def test_no_change_while_the_bytes_are_the_same_even_with_a_new_time(tmp_path):
    path = tmp_path / "plan.json"
    known = write_plan_file(PLAN, path)
    os.utime(path, (1, 1))
    assert change_on_disk(known) is None


def test_a_change_with_the_same_time_is_still_a_change(tmp_path):
    path = tmp_path / "plan.json"
    known = write_plan_file(PLAN, path)
    before = path.stat()
    theirs = replace(PLAN, notes="the student's note")
    path.write_bytes(dumps_plan(theirs).encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a sync tool kept the time
    change = change_on_disk(known)
    assert change is not None and not change.missing
    assert change.plan == theirs and change.digest == sha(path.read_bytes())
    assert change.modified_at is not None


def test_a_file_that_is_no_longer_a_plan_is_a_change_with_a_reason(tmp_path):
    path = tmp_path / "plan.json"
    known = write_plan_file(PLAN, path)
    path.write_text("{not json", encoding="utf-8")
    change = change_on_disk(known)
    assert change is not None and change.plan is None and "not valid JSON" in change.problem
    path.unlink()
    path.mkdir()
    change = change_on_disk(known)
    assert change is not None and not change.missing and "folder" in change.problem


def test_deleted_moved_or_dangling_is_missing(tmp_path):
    path = tmp_path / "plan.json"
    known = write_plan_file(PLAN, path)
    path.rename(tmp_path / "elsewhere.json")
    moved = change_on_disk(known)
    assert moved is not None and moved.missing and moved.plan is None
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "gone.json")
    dangling = change_on_disk(PlanFile(link, known.digest, PLAN))
    assert dangling is not None and dangling.missing
    # A file never seen (a new name) going missing is no news.
    assert change_on_disk(PlanFile(tmp_path / "new.json", "", None)) is None


def test_copies_beside_get_free_names(tmp_path):
    path = tmp_path / "plan.json"
    first = beside(path, "yours", DAY)
    assert first.name == "plan (yours 2026-11-25).json"
    first.write_text("x")
    assert beside(path, "yours", DAY).name == "plan (yours 2026-11-25 2).json"
    (tmp_path / "plan (yours 2026-11-25 2).json").symlink_to(tmp_path / "nothing")
    assert beside(path, "yours", DAY).name == "plan (yours 2026-11-25 3).json"


def test_too_many_copies_in_a_day_is_a_clear_error(tmp_path, monkeypatch):
    import advisor_app.plans.plan_file as plan_file

    monkeypatch.setattr(plan_file, "MAX_COPIES_A_DAY", 2)
    path = tmp_path / "plan.json"
    beside(path, "theirs", DAY).write_text("1")
    beside(path, "theirs", DAY).write_text("2")
    with pytest.raises(PlanFileError, match="too many copies"):
        beside(path, "theirs", DAY)


def test_theirs_is_kept_byte_for_byte_and_nothing_is_replaced(tmp_path):
    path = tmp_path / "plan.json"
    theirs = b'{"format": "aipi-plan", "odd spacing":   1}\r\n\xff'  # any bytes, even not a plan
    path.write_bytes(theirs)
    kept = keep_theirs(path, DAY)
    assert kept.name == "plan (theirs 2026-11-25).json" and kept.read_bytes() == theirs
    again = keep_theirs(path, DAY)
    assert again.name == "plan (theirs 2026-11-25 2).json" and kept.read_bytes() == theirs


def test_keeping_theirs_fails_clearly(tmp_path, monkeypatch):
    with pytest.raises(PlanFileError, match="no such file"):
        keep_theirs(tmp_path / "gone.json", DAY)
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(PlanFileError, match="cannot be read"):
        keep_theirs(folder, DAY)
    path = tmp_path / "plan.json"
    path.write_text("{}")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shutil.copyfileobj", full_disk)
    with pytest.raises(PlanFileError, match="No space left"):
        keep_theirs(path, DAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.json", "plan.json"]


def test_a_name_taken_in_the_meantime_is_never_replaced(tmp_path, monkeypatch):
    import advisor_app.plans.plan_file as plan_file

    path = tmp_path / "plan.json"
    path.write_text("theirs")
    taken = tmp_path / "someone else's.json"
    taken.write_text("keep me")
    monkeypatch.setattr(plan_file, "beside", lambda *_args: taken)  # created after the check
    with pytest.raises(PlanFileError, match="cannot be written"):
        keep_theirs(path, DAY)
    assert taken.read_text() == "keep me"
