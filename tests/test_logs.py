"""The log file: written on the first record, rotated, and cheap to set up."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor_app import logs


@pytest.fixture
def logger():
    root = logging.getLogger("advisor_app")
    before = list(root.handlers)
    yield root
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_records_are_written_to_the_log(tmp_path: Path, logger: logging.Logger) -> None:
    path = logs.configure_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / "advisor.log" and path.exists()
    assert logs.configure_logging(tmp_path / "logs") == path  # once, however often asked
    logging.getLogger("advisor_app.test").error("the catalog is %s", "gone")
    assert (
        path.read_text(encoding="utf-8")
        .rstrip()
        .endswith("ERROR advisor_app.test: the catalog is gone")
    )
    assert sum(isinstance(h, logs.RotatingLog) for h in logger.handlers) == 1


def test_the_log_is_rotated(tmp_path: Path, logger: logging.Logger, monkeypatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.configure_logging(tmp_path)
    assert path is not None
    for n in range(200):
        logging.getLogger("advisor_app.test").warning("line %d %s", n, "x" * 40)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["advisor.log", "advisor.log.1", "advisor.log.2", "advisor.log.3"]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    assert "line 199" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_that_cannot_be_written_gives_no_log(tmp_path: Path, logger) -> None:
    tmp_path.chmod(0o500)
    try:
        assert logs.configure_logging(tmp_path / "logs") is None
    finally:
        tmp_path.chmod(0o700)


def test_a_log_file_that_cannot_be_opened_gives_no_log(tmp_path: Path, logger) -> None:
    (tmp_path / "advisor.log").mkdir()  # a folder where the file belongs
    assert logs.configure_logging(tmp_path) is None


def test_setting_up_the_log_does_not_import_logging_handlers(tmp_path: Path) -> None:
    # logging.handlers (with pickle, socket and queue) waits for the first record.
    code = (
        "import sys; from pathlib import Path; from advisor_app.logs import configure_logging; "
        f"configure_logging(Path({str(tmp_path)!r})); "
        "print('logging.handlers' in sys.modules, 'socket' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
