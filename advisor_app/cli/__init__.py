"""`advisor-app`: the core from the command line. One module per command family; this one only
assembles the parser and turns the core's typed errors into one line and an exit code."""

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor_app.about import version_line
from advisor_app.catalog import CatalogError
from advisor_app.cli.batch_commands import add_batch_commands
from advisor_app.cli.catalog_commands import add_catalog_commands
from advisor_app.cli.common import EXIT_OK, EXIT_UNREADABLE, UsageError, say
from advisor_app.cli.compare_commands import add_compare_commands
from advisor_app.cli.export_commands import add_export_commands
from advisor_app.cli.plan_commands import add_plan_commands
from advisor_app.plans import PlanFileError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_catalog_commands(commands)
    add_plan_commands(commands)
    add_export_commands(commands)
    add_batch_commands(commands)
    add_compare_commands(commands)
    return parser


class _Version(argparse.Action):
    """Like argparse's "version" action, but reads the catalog's version only when asked (and
    the one given by --catalog, when that comes first)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, *_: Any) -> None:
        catalog = getattr(namespace, "catalog", None)
        print(version_line(parser.prog, Path(catalog) if catalog else None))
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_OK
    try:
        return int(args.run(args))
    except (CatalogError, PlanFileError, UsageError) as error:
        say("advisor-app: ", error, err=True)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
