"""`advisor-app`: the core from the command line (tracks, courses, new, validate, catalog, export)."""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor_app import __version__
from advisor_app.catalog import CatalogDatabase, CatalogError, default_source_dir, open_catalog
from advisor_app.domain.catalog_model import Catalog
from advisor_app.plans import PlanFileError, load_plan, save_plan

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class UsageError(Exception):
    """A command that cannot run as asked; str() is the one-line reason."""


def _catalog(args: argparse.Namespace) -> CatalogDatabase:
    return open_catalog(Path(args.catalog) if args.catalog else None)


def cmd_tracks(args: argparse.Namespace) -> int:
    catalog = _catalog(args).catalog
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "name": t.name,
                        "mode": t.mode,
                        "months": t.months,
                        "terms": [term.id for term in t.terms],
                    }
                    for t in catalog.tracks.values()
                ],
                indent=2,
            )
        )
        return EXIT_OK
    for track in catalog.tracks.values():
        print(f"{track.id:<15} {track.name}")
        print(f"{'':<15} {track.mode}, {track.months} months: {', '.join(track.term_ids)}")
    return EXIT_OK


def cmd_courses(args: argparse.Namespace) -> int:
    db = _catalog(args)
    catalog = db.catalog
    codes = db.search(args.query) if args.query else list(catalog.courses)
    courses = [catalog.courses[c] for c in codes if c in catalog.courses]
    if args.category:
        courses = [c for c in courses if c.category == args.category]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "code": c.code,
                        "title": c.title,
                        "units": c.units,
                        "category": c.category,
                        "on_campus": sorted(c.on_campus),
                        "online": sorted(c.online),
                        "prerequisites": list(c.prerequisites),
                        "description": c.description,
                    }
                    for c in courses
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    for course in courses:
        offered = _offered(course.on_campus, course.online)
        print(
            f"{course.code:<12} {course.units:>4g} u  {course.title}  [{course.category}; {offered}]"
        )
    if not courses:
        print(f"No course matches '{args.query}'.", file=sys.stderr)
    return EXIT_OK


def _offered(on_campus: frozenset[str], online: frozenset[str]) -> str:
    parts = []
    if on_campus:
        parts.append("on campus " + "/".join(sorted(on_campus)))
    if online:
        parts.append("online " + "/".join(sorted(online)))
    return ", ".join(parts) or "not scheduled"


def cmd_new(args: argparse.Namespace) -> int:
    from advisor_app.domain.edits import from_template

    catalog = _catalog(args).catalog
    track = catalog.tracks.get(args.track)
    if track is None:
        raise UsageError(f"unknown track '{args.track}' (tracks: {', '.join(catalog.tracks)})")
    if not 1900 <= args.start_year <= 2200:
        raise UsageError("--start-year must be a year such as 2026")
    output = Path(args.output)
    if output.exists() and not args.force:
        raise UsageError(f"{output} exists; pass --force to replace it")
    plan = from_template(track, args.start_year, args.student, args.student_id, args.advisor)
    save_plan(plan, output)
    print(
        f"Wrote {output}: {track.name}, starting {track.terms[0].calendar_label(args.start_year)}"
    )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from advisor_app.rules import check, summary

    catalog = _catalog(args).catalog
    results: list[dict[str, Any]] = []
    worst = EXIT_OK
    for name in args.plans:
        try:
            plan = load_plan(name)
        except PlanFileError as error:
            worst = EXIT_UNREADABLE
            results.append({"file": name, "readable": False, "error": str(error)})
            if not args.json:
                print(f"{name}: cannot read: {error}", file=sys.stderr)
            continue
        report = check(catalog, plan)
        if report.errors:
            worst = max(worst, EXIT_ERRORS)
        result = {
            "file": name,
            "readable": True,
            "track": plan.track,
            "student": plan.student_name,
            "ok": report.ok,
            "summary": summary(report.findings),
            "findings": [f.to_dict() for f in report.findings],
        }
        results.append(result)
        if not args.json:
            _print_report(catalog, name, plan.student_name, plan.track, report.findings, args.quiet)
    if args.json:
        print(
            json.dumps(results[0] if len(results) == 1 else results, indent=2, ensure_ascii=False)
        )
    return worst


def _print_report(
    catalog: Catalog, name: str, student: str, track: str, findings: list[Any], quiet: bool
) -> None:
    from advisor_app.rules import summary

    who = f", {student}" if student else ""
    print(f"{name}: {track}{who}: {summary(findings)}")
    if quiet:
        return
    for finding in findings:
        line = f"  {finding.severity:<7} {finding.rule:<26} {finding.message}"
        if finding.fix:
            line += f"  [fix: {finding.fix.description}]"
        print(line)


def cmd_catalog_build(args: argparse.Namespace) -> int:
    from advisor_app.catalog.build import build_catalog
    from advisor_app.catalog.paths import default_catalog_path

    source = Path(args.source) if args.source else default_source_dir()
    target = Path(args.output or args.catalog or default_catalog_path())
    counts = build_catalog(source, target)
    print(
        f"Built {target}: {counts['courses']} courses, {counts['tracks']} tracks, "
        f"{counts['requirements']} requirement rows"
    )
    return EXIT_OK


def cmd_catalog_info(args: argparse.Namespace) -> int:
    db = _catalog(args)
    catalog = db.catalog
    print(
        f"{db.path}\n{catalog.program}\ncatalog year {catalog.catalog_year}, version {catalog.version}: "
        f"{len(catalog.courses)} courses, {len(catalog.tracks)} tracks"
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor-app",
        description="AIPI Advisor: plan, validate and sign off AIPI degree plans.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--catalog", metavar="PATH", help="catalog database (default: data/catalog.sqlite)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    tracks = commands.add_parser("tracks", help="list the tracks and their terms")
    tracks.add_argument("--json", action="store_true")
    tracks.set_defaults(run=cmd_tracks)

    courses = commands.add_parser("courses", help="list or search the catalog's courses")
    courses.add_argument(
        "query", nargs="?", default="", help="words to search in code, title and description"
    )
    courses.add_argument("--category", help="only this category")
    courses.add_argument("--json", action="store_true")
    courses.set_defaults(run=cmd_courses)

    new = commands.add_parser("new", help="write a new plan from a track's cohort template")
    new.add_argument("--track", required=True)
    new.add_argument("--start-year", required=True, type=int)
    new.add_argument("--student", required=True, help="student's name")
    new.add_argument("--student-id", default="")
    new.add_argument("--advisor", default="")
    new.add_argument("-o", "--output", required=True, metavar="PLAN.json")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(run=cmd_new)

    validate = commands.add_parser(
        "validate", help="check plans (JSON or exported PDF) against their track's rules"
    )
    validate.add_argument("plans", nargs="+", metavar="PLAN")
    validate.add_argument("--json", action="store_true", help="print the findings as JSON")
    validate.add_argument("-q", "--quiet", action="store_true", help="one line per plan")
    validate.set_defaults(run=cmd_validate)

    catalog = commands.add_parser("catalog", help="build or describe the catalog database")
    catalog_commands = catalog.add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True
    )
    build = catalog_commands.add_parser(
        "build", help="rebuild data/catalog.sqlite from data/catalog/*.toml"
    )
    build.add_argument("--source", metavar="DIR")
    build.add_argument("--output", metavar="PATH")
    build.set_defaults(run=cmd_catalog_build)
    info = catalog_commands.add_parser("info", help="the catalog's version and contents")
    info.set_defaults(run=cmd_catalog_info)

    from advisor_app.export.cli_commands import add_export_commands

    add_export_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_OK
    try:
        return int(args.run(args))
    except (CatalogError, PlanFileError, UsageError) as error:
        print(f"advisor-app: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
