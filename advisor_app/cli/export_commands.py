"""`advisor-app export`, `verify` and `certificate`."""

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from advisor_app.cli.common import fail as _fail
from advisor_app.cli.common import open_catalog_for
from advisor_app.export.signing import SigningError


def _passphrase(args: argparse.Namespace) -> bytes:
    if not args.passphrase_file:
        return b""
    try:
        return Path(args.passphrase_file).read_bytes().rstrip(b"\r\n")
    except OSError as error:
        raise SigningError(
            f"cannot read the passphrase file {args.passphrase_file}: {error.strerror}"
        ) from None


def cmd_export(args: argparse.Namespace) -> int:
    from advisor_app.domain.edits import approve
    from advisor_app.export.pdf import export_pdf
    from advisor_app.export.signing import load_certificate
    from advisor_app.plans import PlanFileError, load_plan

    catalog = open_catalog_for(args).catalog
    plan = load_plan(args.plan)
    try:
        certificate = load_certificate(Path(args.sign), _passphrase(args)) if args.sign else None
        if (certificate or args.approve) and not plan.locked:
            signer = certificate.name if certificate else plan.advisor_name
            plan = approve(plan, date.today().isoformat(), signer)  # signing is the sign-off
        export_pdf(catalog, plan, Path(args.output), certificate=certificate)
    except (SigningError, PlanFileError) as error:
        return _fail(str(error))
    signed = f", signed by {certificate.name}" if certificate else ""
    print(f"Wrote {args.output} ({'approved' if plan.locked else 'draft'}{signed})")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from advisor_app.export.verify import verify_pdf

    catalog = open_catalog_for(args).catalog
    result = verify_pdf(catalog, Path(args.pdf), require_signature=args.require_signature)
    if args.json:
        print(json.dumps(_as_dict(result), indent=2, ensure_ascii=False))
        return 0 if result.ok else 1
    print(f"{args.pdf}")
    for signature in result.signatures:
        state = "intact" if signature.ok else "BROKEN"
        kind = " (self-signed certificate)" if signature.self_signed else ""
        print(f"  signature: {state}, signed by {signature.signer}{kind} at {signature.signed_at}")
    if not result.signatures:
        print("  signature: none (not digitally signed)")
    printed = result.fingerprint_printed or "none found"
    print(f"  fingerprint: printed {printed}, embedded plan {result.fingerprint_embedded or '—'}")
    errors = [f for f in result.findings if f.severity == "error"]
    print(f"  re-validated against the current catalog: {len(errors)} error(s)")
    for finding in errors:
        print(f"    error   {finding.rule:<26} {finding.message}")
    for change in result.changes:
        print(f"  changed since export: {change}")
    if not result.changes:
        print("  changed since export: nothing")
    print("OK" if result.ok else "FAILED: " + "; ".join(result.problems))
    return 0 if result.ok else 1


def _as_dict(result: Any) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "signatures": [vars(s) | {"ok": s.ok} for s in result.signatures],
        "fingerprint_printed": result.fingerprint_printed,
        "fingerprint_embedded": result.fingerprint_embedded,
        "findings": [f.to_dict() for f in result.findings],
        "changes": result.changes,
        "problems": result.problems,
    }


def cmd_certificate(args: argparse.Namespace) -> int:
    from advisor_app.export.signing import create_self_signed_certificate
    from advisor_app.plans import PlanFileError

    try:
        create_self_signed_certificate(Path(args.output), args.name, _passphrase(args), args.email)
    except (SigningError, PlanFileError) as error:
        return _fail(str(error))
    print(
        f"Wrote {args.output}: a self-signed certificate for {args.name}, for trying out sign-off"
    )
    return 0


def add_export_commands(commands: Any) -> None:
    export = commands.add_parser(
        "export", help="write the plan (JSON or PDF) as a PDF for the record, optionally signed"
    )
    export.add_argument("plan", metavar="PLAN")
    export.add_argument("-o", "--output", required=True, metavar="PLAN.pdf")
    export.add_argument(
        "--approve", action="store_true", help="mark the plan approved (signing implies it)"
    )
    export.add_argument("--sign", metavar="CERT.p12", help="sign with this PKCS#12 certificate")
    export.add_argument("--passphrase-file", metavar="FILE", help="the certificate's passphrase")
    export.set_defaults(run=cmd_export)

    verify = commands.add_parser(
        "verify",
        help="check a PDF's signature, its embedded plan against the printed fingerprint, and "
        "the plan against the current catalog",
    )
    verify.add_argument("pdf", metavar="PLAN.pdf")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.add_argument(
        "--require-signature", action="store_true", help="fail when the PDF is not signed"
    )
    verify.set_defaults(run=cmd_verify)

    certificate = commands.add_parser(
        "certificate", help="create a self-signed advisor certificate (PKCS#12) for trying out"
    )
    certificate.add_argument("--name", required=True, help="the advisor's name")
    certificate.add_argument("--email", default="")
    certificate.add_argument("-o", "--output", required=True, metavar="CERT.p12")
    certificate.add_argument("--passphrase-file", metavar="FILE")
    certificate.set_defaults(run=cmd_certificate)
