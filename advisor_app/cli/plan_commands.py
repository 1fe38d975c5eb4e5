"""`advisor-app new` and `validate`."""

import argparse
import json
from pathlib import Path
from typing import Any

from advisor_app.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    UsageError,
    inert,
    inert_json,
    open_catalog_for,
    say,
)
from advisor_app.domain.catalog_model import Catalog
from advisor_app.plans import PlanFileError, load_plan, save_plan


def cmd_new(args: argparse.Namespace) -> int:
    from advisor_app.domain.edits import from_template

    catalog = open_catalog_for(args).catalog
    track = catalog.tracks.get(args.track)
    if track is None:
        raise UsageError(
            f"unknown track '{inert(args.track)}' (tracks: {', '.join(catalog.tracks)})"
        )
    if not 1900 <= args.start_year <= 2200:
        raise UsageError("--start-year must be a year such as 2026")
    output = Path(args.output)
    if output.exists() and not args.force:
        raise UsageError(f"{output} exists; pass --force to replace it")
    plan = from_template(track, args.start_year, args.student, args.student_id, args.advisor)
    save_plan(plan, output)
    say(
        "Wrote ",
        output,
        ": ",
        track.name,
        ", starting ",
        track.terms[0].calendar_label(args.start_year),
    )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from advisor_app.rules import check, summary

    catalog = open_catalog_for(args).catalog
    results: list[dict[str, Any]] = []
    worst = EXIT_OK
    for name in args.plans:
        try:
            plan = load_plan(name)
        except PlanFileError as error:
            worst = EXIT_UNREADABLE
            results.append({"file": name, "readable": False, "error": str(error)})
            if not args.json:
                say(name, ": cannot read: ", error, err=True)
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
        text = json.dumps(
            results[0] if len(results) == 1 else results, indent=2, ensure_ascii=False
        )
        print(inert_json(text))
    return worst


def _print_report(
    catalog: Catalog, name: str, student: str, track: str, findings: list[Any], quiet: bool
) -> None:
    from advisor_app.rules import summary

    who = f", {student}" if student else ""
    say(name, ": ", track, who, ": ", summary(findings))
    if quiet:
        return
    for finding in findings:
        line = f"  {finding.severity:<7} {finding.rule:<26} {finding.message}"
        if finding.fix:
            line += f"  [fix: {finding.fix.description}]"
        say(line)


def add_plan_commands(commands: Any) -> None:
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
