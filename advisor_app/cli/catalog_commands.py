"""`advisor-app tracks`, `courses` and `catalog build|info`."""

import argparse
import json
from pathlib import Path
from typing import Any

from advisor_app.cli.common import EXIT_OK, UsageError, inert_json, open_catalog_for, say, text
from advisor_app.locations import is_bundled


def cmd_tracks(args: argparse.Namespace) -> int:
    # Straight from the catalog's tables: listing the tracks needs no domain model.
    from advisor_app.catalog.track_list import track_summaries

    tracks = track_summaries(Path(args.catalog) if getattr(args, "catalog", None) else None)
    if args.json:
        print(json.dumps(tracks, indent=2))
        return EXIT_OK
    for track in tracks:
        say(f"{track['id']:<15} ", track["name"])
        say(f"{'':<15} ", f"{track['mode']}, {track['months']} months: {', '.join(track['terms'])}")
    return EXIT_OK


def cmd_courses(args: argparse.Namespace) -> int:
    db = open_catalog_for(args)
    catalog = db.catalog
    codes = db.search(args.query, limit=None) if args.query else list(catalog.courses)
    courses = [catalog.courses[c] for c in codes if c in catalog.courses]
    if args.category:
        courses = [c for c in courses if c.category == args.category]
    if args.limit is not None:
        courses = courses[: args.limit]
    if args.json:
        print(
            inert_json(
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
        )
        return EXIT_OK
    for course in courses:
        offered = _offered(course.on_campus, course.online)
        say(
            f"{course.code:<12} {course.units:>4g} u  {course.title}  [{course.category}; {offered}]"
        )
    if not courses:
        say("No course matches '", args.query, "'.", err=True)
    return EXIT_OK


def _offered(on_campus: frozenset[str], online: frozenset[str]) -> str:
    parts = []
    if on_campus:
        parts.append("on campus " + "/".join(sorted(on_campus)))
    if online:
        parts.append("online " + "/".join(sorted(online)))
    return ", ".join(parts) or "not scheduled"


def cmd_catalog_build(args: argparse.Namespace) -> int:
    from advisor_app.catalog import default_source_dir
    from advisor_app.catalog.build import build_catalog
    from advisor_app.catalog.paths import default_catalog_path

    if not (args.output or args.catalog) and is_bundled():
        raise UsageError(
            "the installed catalog belongs to the app and is not rebuilt in place; "
            "build your own with --output PATH and use it with --catalog PATH"
        )
    source = Path(args.source) if args.source else default_source_dir()
    target = Path(args.output or args.catalog or default_catalog_path())
    counts = build_catalog(source, target)
    say(
        f"Built {target}: {counts['courses']} courses, {counts['tracks']} tracks, "
        f"{counts['requirements']} requirement rows"
    )
    return EXIT_OK


def cmd_catalog_info(args: argparse.Namespace) -> int:
    db = open_catalog_for(args)
    catalog = db.catalog
    say(db.path)
    say(catalog.program)
    say(
        f"catalog year {catalog.catalog_year}, version {catalog.version}: "
        f"{len(catalog.courses)} courses, {len(catalog.tracks)} tracks"
    )
    return EXIT_OK


def add_catalog_commands(commands: Any) -> None:
    tracks = commands.add_parser("tracks", help="list the tracks and their terms")
    tracks.add_argument("--json", action="store_true")
    tracks.set_defaults(run=cmd_tracks)

    courses = commands.add_parser("courses", help="list or search the catalog's courses")
    courses.add_argument(
        "query",
        nargs="?",
        default="",
        type=text,
        help="words to search in code, title and description",
    )
    courses.add_argument("--category", type=text, help="only this category")
    courses.add_argument("--limit", type=int, metavar="N", help="at most N courses (default: all)")
    courses.add_argument("--json", action="store_true")
    courses.set_defaults(run=cmd_courses)

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
