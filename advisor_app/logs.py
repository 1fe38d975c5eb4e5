"""The app's log file, in the user's log folder: where unexpected errors are written down."""

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "advisor.log"


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("AIPI Advisor", "AIPI"))


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
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        logging.getLogger(__name__).warning("cannot write the log in %s: %s", folder, error)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
