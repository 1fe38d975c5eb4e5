"""`advisor-app`: the core from the command line. One module per command family; this one only
assembles the parser and turns the core's typed errors into one line and an exit code."""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from advisor_app.about import version_line
from advisor_app.catalog import CatalogError
from advisor_app.cli.batch_commands import add_batch_commands
from advisor_app.cli.catalog_commands import add_catalog_commands
from advisor_app.cli.common import EXIT_OK, EXIT_UNREADABLE, UsageError, say
from advisor_app.cli.compare_commands import add_compare_commands
from advisor_app.cli.export_commands import add_export_commands
from advisor_app.cli.plan_commands import add_plan_commands

__all__ = ["build_parser", "main", "run"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, just that command's (when it is one)."""
    parser = argparse.ArgumentParser(
        prog="advisor-app",
        description="AIPI Advisor: plan, validate and sign off AIPI degree plans.",
    )
    parser.add_argument(
        "--version", action=_Version, help="print the app's and the catalog's version, and exit"
    )
    parser.add_argument(
        "--catalog", metavar="PATH", help="catalog database (default: data/catalog.sqlite)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands = _Commands(subparsers, only)
    for add in (
        add_catalog_commands,
        add_plan_commands,
        add_export_commands,
        add_batch_commands,
        add_compare_commands,
    ):
        add(commands)
    if only is not None and only not in commands.names:  # a typo: argparse lists them all
        return build_parser()
    return parser


class _Commands:
    """Registers the subcommands, building only the parser of the one asked for: argparse spends
    about a millisecond on each (most of it looking for translations), which `advisor-app tracks`
    would pay a dozen times over."""

    def __init__(self, subparsers: Any, only: str | None) -> None:
        self.subparsers = subparsers
        self.only = only
        self.names: list[str] = []

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        self.names.append(name)
        if self.only is None or name == self.only:
            return self.subparsers.add_parser(name, **kwargs)
        return _Unbuilt()


class _Unbuilt:
    """A command's parser that is not built: whatever is asked of it does nothing."""

    def __getattr__(self, _name: str) -> Any:
        return lambda *_args, **_kwargs: self


def _command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` names (its first word that is not an option), if any."""
    words = iter(argv)
    for word in words:
        if word == "--catalog":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


class _Version(argparse.Action):
    """Like argparse's "version" action, but reads the catalog's version only when asked (and
    the one given by --catalog, when that comes first)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, *_: Any) -> None:
        catalog = getattr(namespace, "catalog", None)
        print(version_line(parser.prog, Path(catalog) if catalog else None))
        parser.exit()


#: Commands that leave nothing running when they return (no worker processes, no threads).
_ENDS_AT_ONCE = frozenset({"export"})


def run() -> NoReturn:
    """`advisor-app` as installed: main(), then the exit. After a command that leaves nothing
    running (an export), the process ends at once, its output and log flushed, instead of
    tearing down every module and object one by one: a tenth of a second of an export's half
    second, for memory the operating system takes back anyway."""
    argv = sys.argv[1:]
    code = main(argv)
    if _command_in(argv) in _ENDS_AT_ONCE:
        logging = sys.modules.get("logging")  # what the skipped exit handlers do that matters
        if logging is not None:
            logging.shutdown()
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # None: started with that stream closed (`>&-`)
                    stream.flush()
        except (OSError, ValueError):  # a closed or broken pipe: let the usual exit report it
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        build_parser().print_help()
        return EXIT_OK
    try:
        return int(args.run(args))
    except (CatalogError, UsageError) as error:
        say("advisor-app: ", error, err=True)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:
        # A file or folder named on the command line that cannot be looked at or written (a
        # name too long, a folder that may not be searched): one line, as for any bad input.
        where = f"{error.filename}: " if error.filename else ""
        say("advisor-app: ", where, error.strerror or error, err=True)
        return EXIT_UNREADABLE
    except Exception as error:
        # The plans package is loaded by the commands that read a plan, not by every command.
        plans = sys.modules.get("advisor_app.plans.errors")
        if plans is None or not isinstance(error, plans.PlanFileError):
            raise
        say("advisor-app: ", error, err=True)
        return EXIT_UNREADABLE
