"""`advisor-app new` and `validate`."""

import argparse
import json
from pathlib import Path
from typing import Any

from advisor_app.cli.batch import default_jobs, jobs_count, run_all, worker_catalog
from advisor_app.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    UsageError,
    inert,
    inert_json,
    open_catalog_for,
    say,
    text,
    unnamed,
)


def cmd_new(args: argparse.Namespace) -> int:
    from advisor_app.domain.edits import from_template
    from advisor_app.plans import PlanFileError, dumps_plan, parse_plan, save_plan

    catalog = open_catalog_for(args).catalog
    track = catalog.tracks.get(args.track)
    if track is None:
        raise UsageError(
            f"unknown track '{inert(args.track)}' (tracks: {', '.join(catalog.tracks)})"
        )
    if not 1900 <= args.start_year <= 2200:
        raise UsageError("--start-year must be a year such as 2026")
    from advisor_app.plans.limits import LIMITS

    for option, value in (
        ("--student", args.student),
        ("--student-id", args.student_id),
        ("--advisor", args.advisor),
    ):
        if len(value) > LIMITS.name_chars:
            raise UsageError(
                f"{option} is too long ({len(value):,} characters; the limit is "
                f"{LIMITS.name_chars:,})"
            )
    output = Path(args.output)
    if output.exists() and not args.force:
        raise UsageError(f"{output} exists; pass --force to replace it")
    plan = from_template(track, args.start_year, args.student, args.student_id, args.advisor)
    try:  # a plan every other command would refuse (a name over its limit) is not written
        parse_plan(dumps_plan(plan))
    except PlanFileError as error:
        raise UsageError(f"the plan cannot be written: {error}") from None
    save_plan(plan, output)
    say(
        "Wrote ",
        output,
        ": ",
        track.name,
        ", starting ",
        # The first term with a date (the MD+MEng's first column is the MD curriculum).
        next((t for t in track.terms if t.level != "medical"), track.terms[0]).calendar_label(
            args.start_year
        ),
    )
    return EXIT_OK


def validate_one(job: tuple[str, bool]) -> dict[str, Any]:
    """One plan's result, as `--json` prints it (a worker's unit of work); with `findings`
    False (one line per plan), the findings and their fixes are not worked out."""
    from advisor_app.plans import PlanFileError, load_plan
    from advisor_app.rules import check, summary

    name, findings = job
    try:
        plan = load_plan(name)
    except PlanFileError as error:
        return {"file": name, "readable": False, "error": str(error)}
    report = check(worker_catalog(), plan)
    result = {
        "file": name,
        "readable": True,
        "track": plan.track,
        "student": plan.student_name,
        "ok": report.ok,
        "summary": summary(report.raw),
    }
    if findings:
        result["findings"] = [f.to_dict() for f in report.findings]
    return result


def cmd_validate(args: argparse.Namespace) -> int:
    """Each plan's report as soon as it is ready (in the order given), on every core for many
    plans; nothing is kept but the worst exit code."""
    worst = EXIT_OK
    several = len(args.plans) > 1
    if args.json and several:
        print("[")
    detailed = args.json or not args.quiet
    jobs = [(name, detailed) for name in args.plans]
    results = run_all(jobs, validate_one, args.catalog, args.jobs)
    for position, result in enumerate(results):
        if not result["readable"]:
            worst = EXIT_UNREADABLE
        elif not result["ok"]:
            worst = max(worst, EXIT_ERRORS)
        if args.json:
            text = inert_json(json.dumps(result, indent=2, ensure_ascii=False))
            print(text + ("," if several and position < len(args.plans) - 1 else ""))
        elif not result["readable"]:
            say(
                result["file"],
                ": cannot read: ",
                unnamed(result["error"], result["file"]),
                err=True,
            )
        else:
            _print_report(result, args.quiet)
    if args.json and several:
        print("]")
    return worst


def _print_report(result: dict[str, Any], quiet: bool) -> None:
    who = f", {result['student']}" if result["student"] else ""
    say(result["file"], ": ", result["track"], who, ": ", result["summary"])
    if quiet:
        return
    for finding in result["findings"]:
        line = f"  {finding['severity']:<7} {finding['rule']:<26} {finding['message']}"
        if finding["fix"]:
            line += f"  [fix: {finding['fix']['description']}]"
        say(line)


def add_plan_commands(commands: Any) -> None:
    new = commands.add_parser("new", help="write a new plan from a track's cohort template")
    new.add_argument("--track", required=True, type=text)
    new.add_argument("--start-year", required=True, type=int)
    new.add_argument("--student", required=True, type=text, help="student's name")
    new.add_argument("--student-id", default="", type=text)
    new.add_argument("--advisor", default="", type=text)
    new.add_argument("-o", "--output", required=True, metavar="PLAN.json")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(run=cmd_new)

    validate = commands.add_parser(
        "validate", help="check plans (JSON or exported PDF) against their track's rules"
    )
    validate.add_argument("plans", nargs="+", metavar="PLAN")
    validate.add_argument("--json", action="store_true", help="print the findings as JSON")
    validate.add_argument("-q", "--quiet", action="store_true", help="one line per plan")
    validate.add_argument(
        "--jobs",
        type=jobs_count,
        default=default_jobs(),
        metavar="N",
        help="processes for many plans (default: one per core)",
    )
    validate.set_defaults(run=cmd_validate)
