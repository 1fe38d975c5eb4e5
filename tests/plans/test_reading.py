"""Reading a file someone named: bounded, and never a device or a pipe (plans/reading.py)."""

import os
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.plans import PlanFileError, load_plan
from advisor_app.plans.reading import (
    FileTooLarge,
    NotARegularFile,
    read_bounded,
    read_head,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="no /dev/zero or mkfifo")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), limit=st.integers(min_value=0, max_value=300))
def test_a_file_is_read_whole_exactly_when_it_fits(tmp_path_factory, data, limit):
    path = tmp_path_factory.mktemp("read") / "file"
    path.write_bytes(data)
    if len(data) <= limit:
        assert read_bounded(path, limit) == data
    else:
        with pytest.raises(FileTooLarge) as refused:
            read_bounded(path, limit)
        assert refused.value.size == len(data) and refused.value.limit == limit
    assert read_head(path, 5) == data[:5]


def test_a_folder_and_a_missing_file_are_the_usual_errors(tmp_path):
    with pytest.raises((IsADirectoryError, PermissionError)):  # PermissionError on Windows
        read_bounded(tmp_path, 10)
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "missing", 10)


@posix_only
def test_dev_zero_is_refused_at_once_or_read_only_to_the_limit():
    zero = Path("/dev/zero")
    with pytest.raises(NotARegularFile, match="not a regular file"):
        read_bounded(zero, 1_000)
    with pytest.raises(FileTooLarge, match=r"more than 1,000 bytes; the limit is 1,000"):
        read_bounded(zero, 1_000, streams=True)  # as a passphrase file: read to the limit only


@posix_only
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_bounded(fifo, 1_000)
        except BaseException as error:  # what the reader met, checked below
            result.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "read_bounded waited on a pipe with no writer"
    assert isinstance(result[0], NotARegularFile)
    with pytest.raises(PlanFileError, match="not a plan file"):
        load_plan(fifo)


@posix_only
def test_a_piped_passphrase_is_read(tmp_path):
    read_end, write_end = os.pipe()
    os.write(write_end, b"correct horse\n")
    os.close(write_end)
    try:
        assert read_bounded(Path(f"/dev/fd/{read_end}"), 100, streams=True) == b"correct horse\n"
    finally:
        os.close(read_end)
