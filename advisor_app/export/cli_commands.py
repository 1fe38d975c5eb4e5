"""`advisor-app export` and `advisor-app verify`."""

import argparse
from pathlib import Path
from typing import Any


def cmd_export(args: argparse.Namespace) -> int:
    from advisor_app.cli import _catalog
    from advisor_app.export.pdf import export_pdf
    from advisor_app.plans import load_plan

    catalog = _catalog(args).catalog
    plan = load_plan(args.plan)
    output = Path(args.output)
    export_pdf(catalog, plan, output)
    print(f"Wrote {output}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from advisor_app.cli import _catalog
    from advisor_app.export.verify import verify_pdf

    catalog = _catalog(args).catalog
    result = verify_pdf(catalog, Path(args.pdf))
    print(
        f"{args.pdf}: fingerprint printed {result.fingerprint_printed or '—'}, embedded plan {result.fingerprint_embedded}"
    )
    for finding in result.findings:
        if finding.severity == "error":
            print(f"  error   {finding.rule:<26} {finding.message}")
    print(
        "OK: the embedded plan matches the printed copy"
        if result.ok
        else "FAILED: " + "; ".join(result.problems)
    )
    return 0 if result.ok else 1


def add_export_commands(commands: Any) -> None:
    export = commands.add_parser("export", help="write the plan as a PDF for the record")
    export.add_argument("plan", metavar="PLAN")
    export.add_argument("-o", "--output", required=True, metavar="PLAN.pdf")
    export.set_defaults(run=cmd_export)
    verify = commands.add_parser(
        "verify", help="check an exported PDF against its embedded plan and the catalog"
    )
    verify.add_argument("pdf", metavar="PLAN.pdf")
    verify.set_defaults(run=cmd_verify)
