"""`advisor-app export-all DIR -o OUTDIR [--jobs N]`: every plan of a folder as a PDF, on every
core, for a records office."""

import argparse
import os
from datetime import date
from pathlib import Path
from typing import Any

from advisor_app.cli.batch import (
    Progress,
    default_jobs,
    files_in,
    jobs_count,
    run_all,
    worker_catalog,
)
from advisor_app.cli.common import EXIT_OK, EXIT_UNREADABLE, UsageError, say, unnamed


def export_one(job: tuple[str, str, bool]) -> tuple[str, str, str]:
    """(plan file, PDF to write, replace it?) -> (plan file, outcome, reason)."""
    from advisor_app.export.pdf import export_pdf
    from advisor_app.plans import PlanFileError, load_plan

    source, target, force = job
    if os.path.lexists(target) and not force:
        return source, "exists", ""
    try:
        plan = load_plan(source)
    except PlanFileError as error:
        return source, "unreadable", str(error)
    try:
        # A link where the PDF goes is refused: anyone who can write the output folder could
        # otherwise aim it at any file the user can write.
        export_pdf(worker_catalog(), plan, Path(target), date.today(), follow_links=False)
    except PlanFileError as error:  # the PDF cannot be written there
        return source, "failed", str(error)
    except Exception as error:  # one bad plan must not stop a batch of a thousand
        return source, "failed", f"{type(error).__name__}: {error}"
    return source, "exported", ""


def cmd_export_all(args: argparse.Namespace) -> int:
    folder, out = Path(args.folder), Path(args.output)
    if not folder.is_dir():
        raise UsageError(f"{folder}: {'not a folder' if folder.exists() else 'no such folder'}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"{out}: cannot create the folder ({error.strerror})") from None
    plans = files_in(folder, [".json"])
    outcomes: dict[str, list[tuple[str, str]]] = {}
    jobs: list[tuple[str, str, bool]] = []
    pdf_of: dict[str, Path] = {}  # a PDF name (as a case-blind file system sees it): its plan
    for plan in plans:
        pdf = out / f"{plan.stem}.pdf"
        first = pdf_of.setdefault(pdf.name.casefold(), plan)
        if first != plan:  # p.json and p.JSON: one PDF would replace the other
            reason = f"its PDF would be {pdf.name}, as for {first.name}: rename one of them"
            outcomes.setdefault("unreadable", []).append((str(plan), reason))
        else:
            jobs.append((str(plan), str(pdf), args.force))
    progress = Progress(len(jobs), "exported")
    for source, outcome, reason in run_all(jobs, export_one, args.catalog, args.jobs):
        outcomes.setdefault(outcome, []).append((source, reason))
        progress.step()
    progress.close()
    _summary(outcomes, len(plans), out)
    return EXIT_UNREADABLE if outcomes.get("unreadable") or outcomes.get("failed") else EXIT_OK


def _summary(outcomes: dict[str, list[tuple[str, str]]], total: int, out: Path) -> None:
    exported = len(outcomes.get("exported", []))
    say(f"Exported {exported} of {total} plan{'s' if total != 1 else ''} to ", out)
    if outcomes.get("exists"):
        print(f"  {len(outcomes['exists'])} skipped: the PDF exists already (--force replaces it)")
    for outcome, what in (("unreadable", "cannot be read"), ("failed", "could not be exported")):
        for source, reason in outcomes.get(outcome, []):
            say("  ", source, f": {what}: ", unnamed(reason, source), err=True)


def add_batch_commands(commands: Any) -> None:
    export_all = commands.add_parser(
        "export-all", help="export every plan (*.json) of a folder as a PDF, on every core"
    )
    export_all.add_argument("folder", metavar="DIR")
    export_all.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    export_all.add_argument("--jobs", type=jobs_count, default=default_jobs(), metavar="N")
    export_all.add_argument("--force", action="store_true", help="replace PDFs that exist")
    export_all.set_defaults(run=cmd_export_all)
