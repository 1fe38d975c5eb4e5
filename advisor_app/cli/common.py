"""What every command shares: exit codes, the catalog, one-line errors, and inert output."""

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the catalog loads when a command opens it, not when the parser is built
    from advisor_app.catalog import CatalogDatabase

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

# Characters a terminal acts on instead of showing: C0 and C1 controls (\r, ESC, CSI ...), DEL,
# line and paragraph separators, and the bidirectional overrides and isolates that reorder what
# follows them ("Trojan Source"). A name or a certificate field holding one could rewrite the line
# it is printed on ("BROKEN" made to read "intact"); printed escaped, it is inert.
_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# JSON escapes C0 controls inside strings itself; its own line breaks are layout, not data.
_ACTIVE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def inert(value: object) -> str:
    """`value` as text safe to print on a terminal: every control character escaped, visibly."""
    return _ACTIVE.sub(_escape, str(value))


def inert_json(text: str) -> str:
    """JSON text with the characters JSON leaves raw (C1 controls, bidi overrides, separators)
    written as \\u escapes: the same value for a JSON reader, inert on a terminal."""
    return _ACTIVE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text(value: str) -> str:
    """An argparse type for a name or words given on the command line: UTF-8 text. A terminal
    can pass bytes that are not; Python keeps them as lone surrogates, which nothing can write."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError("not valid text (bytes that are not UTF-8)") from None
    return value


def unnamed(error: str, name: str) -> str:
    """Why a file could not be read, without its name (as given, or the file's own) at the
    start: the line that says it already starts with the name."""
    for named in (f"{name}: ", f"{Path(name).name}: "):
        if error.startswith(named):
            return error[len(named) :]
    return error


def say(*parts: object, err: bool = False) -> None:
    """Print one line made of `parts`, each made inert (data from files and certificates)."""
    print("".join(inert(part) for part in parts), file=sys.stderr if err else sys.stdout)


class UsageError(Exception):
    """A command that cannot run as asked; str() is the one-line reason."""


def open_catalog_for(args: argparse.Namespace) -> "CatalogDatabase":
    """The catalog named by --catalog, or the default one."""
    from advisor_app.catalog import open_catalog

    return open_catalog(Path(args.catalog) if getattr(args, "catalog", None) else None)


def fail(message: str, code: int = EXIT_UNREADABLE) -> int:
    """Say why on stderr, in one line, and return the exit code (an unreadable input's by
    default)."""
    say("advisor-app: ", message, err=True)
    return code
