"""The app's log file, in the user's log folder: where unexpected errors are written down."""

import logging
from pathlib import Path

LOG_NAME = "advisor.log"
MAX_BYTES = 1_000_000  # rotated at 1 MB...
BACKUPS = 3  # ...with three old logs kept


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("AIPI Advisor", "AIPI"))


class RotatingLog(logging.Handler):
    """logging.handlers' RotatingFileHandler, made on the first record: most sessions write
    none, and importing logging.handlers (pickle, socket, queue) costs the window's start 10 ms."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            try:
                self._file = RotatingFileHandler(
                    self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
                )
            except OSError:
                self.handleError(record)  # said on stderr, as logging does for a failed write
                return
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure_logging(folder: Path | None = None) -> Path | None:
    """Send the app's log records to `<folder>/advisor.log` (rotated at 1 MB, 3 kept).

    Returns the log file, or None when the folder cannot be written; the app then logs to
    stderr only, and still runs.
    """
    folder = folder or default_log_dir()
    root = logging.getLogger("advisor_app")
    root.setLevel(logging.INFO)
    path = folder / LOG_NAME
    for handler in root.handlers:
        if isinstance(handler, RotatingLog) and handler.path == path:
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):  # can be written: said now, not at the first error
            pass
    except OSError as error:
        logging.getLogger(__name__).warning("cannot write the log in %s: %s", folder, error)
        return None
    handler = RotatingLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
