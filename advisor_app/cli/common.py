"""What every command shares: exit codes, the catalog, one-line errors, and inert output."""

import argparse
import sys
from pathlib import Path

from advisor_app.catalog import CatalogDatabase, open_catalog

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class UsageError(Exception):
    """A command that cannot run as asked; str() is the one-line reason."""


def open_catalog_for(args: argparse.Namespace) -> CatalogDatabase:
    """The catalog named by --catalog, or the default one."""
    return open_catalog(Path(args.catalog) if getattr(args, "catalog", None) else None)


def fail(message: str) -> int:
    """Say why on stderr, in one line, and return the exit code for an unreadable input."""
    print(f"advisor-app: {message}", file=sys.stderr)
    return EXIT_UNREADABLE
