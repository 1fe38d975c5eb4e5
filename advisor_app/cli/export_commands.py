"""`advisor-app export`, `verify` and `certificate [authority]`."""

import argparse
import gc
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from advisor_app.cli.batch import Progress, default_jobs, jobs_count, run_all, worker_catalog
from advisor_app.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    fail,
    inert,
    inert_json,
    open_catalog_for,
    say,
    text,
)

# A passphrase is a line; a file far larger is the wrong file (or /dev/zero), not read whole.
MAX_PASSPHRASE_FILE_BYTES = 64 * 1024


def _read_passphrase(name: str | None) -> bytes:
    from advisor_app.export.signing import SigningError
    from advisor_app.plans.reading import read_bounded

    if not name:
        return b""
    try:
        passphrase = read_bounded(Path(name), MAX_PASSPHRASE_FILE_BYTES, streams=True)
    except OSError as error:
        raise SigningError(f"cannot read the passphrase file {name}: {error.strerror}") from None
    if b"\0" in passphrase:
        raise SigningError(f"the passphrase file {name} holds a NUL byte: not a passphrase")
    return passphrase.rstrip(b"\r\n")


def cmd_export(args: argparse.Namespace) -> int:
    # One export allocates what it keeps until it ends (ReportLab's modules, the catalog, the
    # document): Python's cycle collector, run on the way about seventy times, only costs time
    # (20 ms of a half-second command). It runs again, as before, once the export is written.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _export(args)
    finally:
        if collecting:
            gc.enable()


def _export(args: argparse.Namespace) -> int:
    if _same_file(Path(args.plan), Path(args.output)):  # a signed record would be lost in it
        return fail(f"{args.output}: is the plan being exported; name another file for the PDF")
    passphrase = b""
    if args.sign:
        from advisor_app.export.signing import SigningError

        try:  # once: a pipe (--passphrase-file <(...)) cannot be read twice
            passphrase = _read_passphrase(args.passphrase_file)
        except SigningError as error:
            return fail(str(error))
    signer = _signer_for(args, passphrase)  # first: it opens the certificate while the rest loads
    try:
        return _export_with(args, signer, passphrase)
    finally:
        if signer is not None:
            signer.close()


def _same_file(source: Path, target: Path) -> bool:
    try:
        return source.samefile(target)
    except OSError:  # one of them is not there (a new PDF): not the same file
        return False


def _signer_for(args: argparse.Namespace, passphrase: bytes) -> Any:
    """The certificate opened in a process of its own (export/signer_process.py), or None when
    not signing, or when no process can be forked here."""
    if not args.sign:
        return None
    from advisor_app.export.signer_process import can_fork, start_signer

    if not can_fork():
        return None
    return start_signer(Path(args.sign), passphrase)


def _export_with(args: argparse.Namespace, signer: Any, passphrase: bytes) -> int:
    from advisor_app.export.approval import ApprovalRefused, sign_off
    from advisor_app.export.pdf import export_pdf
    from advisor_app.export.signing import SigningError, load_certificate
    from advisor_app.plans import PlanFileError, load_plan

    catalog = open_catalog_for(args).catalog
    plan = load_plan(args.plan)
    try:
        if signer is not None:
            certificate = signer
            signer.opened()  # a certificate that cannot sign is refused here, as before
        elif args.sign:
            certificate = load_certificate(Path(args.sign), passphrase)
        else:
            certificate = None
        if certificate or args.approve:  # signing is the sign-off
            plan = sign_off(catalog, plan, Path(args.output), date.today(), certificate)
        else:
            export_pdf(catalog, plan, Path(args.output))
    except ApprovalRefused as error:
        return fail(f"{args.plan}: {error}; nothing was written", EXIT_ERRORS)
    except (SigningError, PlanFileError) as error:
        return fail(str(error))
    if certificate:
        state = f"approved on {plan.approved_on}, signed by {certificate.name}"
    elif plan.locked:
        state = f"approved on {plan.approved_on}, not signed: not a signed-off record"
    else:
        state = "draft"
    say("Wrote ", args.output, " (", state, ")")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """One PDF: its report (or its JSON object). Many: each report as soon as it is ready, in the
    order given, on every core, a progress line on a terminal, a summary at the end, and the exit
    code of the worst file."""
    from advisor_app.export import verify  # noqa: F401 (imported once, before the workers fork)
    from advisor_app.export.trust import TrustError, trust_sources

    trust = tuple(args.trust)
    _trust_sources.clear()  # read again for each command: the folders may have changed
    try:
        _trust_sources[trust] = trust_sources([Path(name) for name in trust])
    except TrustError as error:  # an unusable --trust file stops it all
        return fail(str(error))
    if len(args.pdfs) == 1:
        job = (args.pdfs[0], args.require_signature, trust, args.json)
        outcome = next(run_all([job], verify_one, args.catalog, 1))
        if outcome["unreadable"]:
            return fail(outcome["error"])
        _print_outcome(outcome)
        return int(outcome["code"])
    return _verify_many(args, trust)


def _verify_many(args: argparse.Namespace, trust: tuple[str, ...]) -> int:
    worst, counts = EXIT_OK, dict.fromkeys(_SUMMARY_ORDER, 0)
    jobs = [(name, args.require_signature, trust, args.json) for name in args.pdfs]
    progress = Progress(len(jobs), "verified")
    if args.json:
        print("[")
    results = run_all(jobs, verify_one, args.catalog, args.jobs, parallel_from=VERIFY_PARALLEL_FROM)
    for position, outcome in enumerate(results):
        worst = max(worst, int(outcome["code"]))
        counts[outcome["state"]] += 1
        progress.clear()
        if outcome["unreadable"]:
            say("advisor-app: ", outcome["error"], err=True)
        if args.json:
            text = inert_json(json.dumps(outcome["json"], indent=2, ensure_ascii=False))
            print(text + ("," if position < len(jobs) - 1 else ""), flush=True)
        elif not outcome["unreadable"]:
            _print_outcome(outcome)
        progress.step()
    progress.close()
    if args.json:
        print("]")
    total = len(jobs)
    parts = [f"{counts[state]} {_SUMMARY_WORDS[state][counts[state] != 1]}" for state in counts]
    summary = f"Verified {total} PDFs: " + ", ".join(p for p in parts if not p.startswith("0 "))
    say(summary, err=args.json)  # stdout stays one JSON document
    return worst


_SUMMARY_ORDER = ("signed-record", "draft", "invalid", "unreadable")
_SUMMARY_WORDS = {
    "signed-record": ("signed-off record", "signed-off records"),
    "draft": ("draft", "drafts"),
    "invalid": ("invalid", "invalid"),
    "unreadable": ("unreadable", "unreadable"),
}
#: Verifying a PDF takes tens of milliseconds: worker processes pay from a handful of files.
VERIFY_PARALLEL_FROM = 8
_trust_sources: dict[tuple[str, ...], Any] = {}


def verify_one(job: tuple[str, bool, tuple[str, ...], bool]) -> dict[str, Any]:
    """One PDF's outcome (a worker's unit of work): its exit code, state, and either its JSON
    object or its report's lines (each made inert), or why it cannot be read."""
    from advisor_app.export.trust import trust_sources
    from advisor_app.export.verify import verify_pdf
    from advisor_app.plans import PlanFileError

    name, require_signature, trust, as_json = job
    if trust not in _trust_sources:  # read once per worker process
        _trust_sources[trust] = trust_sources([Path(t) for t in trust])
    try:
        result = verify_pdf(
            worker_catalog(),
            Path(name),
            require_signature=require_signature,
            sources=_trust_sources[trust],
        )
    except PlanFileError as error:
        unreadable = {
            "file": name,
            "state": "unreadable",
            "signer": "",
            "trusted": False,
            "reasons": [str(error)],
            "ok": False,
        }
        return {
            "code": EXIT_UNREADABLE,
            "state": "unreadable",
            "unreadable": True,
            "error": str(error),
            "json": unreadable,
            "lines": [],
        }
    return {
        "code": EXIT_OK if result.ok else EXIT_ERRORS,
        "state": result.state,
        "unreadable": False,
        "json": _as_dict(name, result) if as_json else None,
        "lines": [] if as_json else _report_lines(name, result),
    }


def _print_outcome(outcome: dict[str, Any]) -> None:
    if outcome["json"] is not None:
        print(inert_json(json.dumps(outcome["json"], indent=2, ensure_ascii=False)), flush=True)
        return
    for line, to_stderr in outcome["lines"]:
        print(line, file=sys.stderr if to_stderr else sys.stdout, flush=True)


def _report_lines(name: str, result: Any) -> list[tuple[str, bool]]:
    """The report of one PDF, line by line (each made inert), and whether it goes to stderr."""
    lines: list[tuple[str, bool]] = []

    def line(*parts: object, err: bool = False) -> None:
        lines.append(("".join(inert(part) for part in parts), err))

    plan = result.plan
    if result.state == "signed-record":
        line(
            name, ": signed-off record, revision ", plan.revision, ", approved on ",
            plan.approved_on, ", signed by ", result.signer, " (trusted)",
        )  # fmt: skip
    elif result.state == "draft":
        line(name, ": draft, not a record (revision ", plan.revision, ")")
    else:
        line(name, ": INVALID, not a signed-off record")
        for reason in result.reasons:
            line("  reason: ", reason)
    for signature in result.signatures:
        state = "intact" if signature.intact else "BROKEN"
        if signature.intact and not signature.covers_whole_file:
            state = "intact, but the file changed after it"
        issued = "self-signed" if signature.self_signed else f"issued by {signature.issuer}"
        trust = "trusted" if signature.trusted else "NOT trusted"
        line(
            "  signature: ", state, ", by ", signature.signer, " (", issued, ", ", trust,
            ") at ", signature.signed_at or "an unrecorded time",
        )  # fmt: skip
    if not result.signatures:
        line("  signature: none (not digitally signed)")
    pages = len(result.page_fingerprints)
    if result.fingerprint_printed:
        line(
            "  fingerprint: ", "every page's footer" if pages > 1 else "the footer", " shows ",
            result.fingerprint_printed, "; embedded plan sha256 ", result.fingerprint_embedded,
        )  # fmt: skip
    else:
        shown = ", ".join(
            f"page {n}: {f or 'none'}" for n, f in enumerate(result.page_fingerprints, 1)
        )
        line("  fingerprint: footers differ (", shown, "); embedded ", result.fingerprint_embedded)
    anchors = sum(len(source.certificates) for source in result.sources)
    folders = ", ".join(f"{source.path} ({source.kind})" for source in result.sources)
    line("  trusted signers: ", anchors, " certificate(s) from ", folders)
    for source in result.sources:
        for problem in source.problems:
            line("  trust source problem: ", problem, err=True)
    errors = [f for f in result.findings if f.severity == "error"]
    line("  re-validated against the current catalog: ", len(errors), " error(s)")
    for finding in errors:
        line("    error   ", f"{finding.rule:<26} ", finding.message)
    for change in result.changes:
        line("  changed since export: ", change)
    if not result.changes:
        line("  changed since export: nothing")
    return lines


def _as_dict(name: str, result: Any) -> dict[str, Any]:
    from msgspec.structs import asdict

    return {
        "file": name,
        "state": result.state,
        "signer": result.signer,
        "trusted": result.trusted,
        "reasons": result.reasons,
        "ok": result.ok,
        "approved_on": result.plan.approved_on if result.plan else "",
        "revision": result.plan.revision if result.plan else None,
        "signatures": [asdict(s) | {"ok": s.ok} for s in result.signatures],
        "fingerprint_printed": result.fingerprint_printed,
        "page_fingerprints": result.page_fingerprints,
        "fingerprint_embedded": result.fingerprint_embedded,
        "trust_sources": [
            {
                "kind": source.kind,
                "path": str(source.path),
                "exists": source.exists,
                "certificates": [c.subject for c in source.certificates],
                "problems": list(source.problems),
            }
            for source in result.sources
        ],
        "findings": [f.to_dict() for f in result.findings],
        "changes": result.changes,
    }


def cmd_certificate(args: argparse.Namespace) -> int:
    from advisor_app.export.certificates import (
        create_advisor_certificate,
        create_authority,
        load_issuer,
    )
    from advisor_app.export.signing import SigningError
    from advisor_app.plans import PlanFileError

    output, pem = Path(args.output), Path(args.pem) if args.pem else None
    try:
        passphrase = _read_passphrase(args.passphrase_file)
        if args.kind == "authority":
            if args.issuer:
                return fail("a program CA is self-signed: --issuer is for advisor certificates")
            create_authority(output, args.name, passphrase, pem)
            say("Wrote ", output, ": the program CA ", args.name.strip(), _pem_note(pem, "CA"))
            return EXIT_OK
        issuer = (
            load_issuer(Path(args.issuer), _read_passphrase(args.issuer_passphrase_file))
            if args.issuer
            else None
        )
        create_advisor_certificate(output, args.name, passphrase, pem, issuer, args.email)
    except (SigningError, PlanFileError) as error:
        return fail(str(error))
    kind = f"issued by {issuer.name}" if issuer else "self-signed"
    say("Wrote ", output, ": an advisor certificate for ", args.name.strip(), " (", kind, ")")
    if pem:
        say("Wrote ", pem, ": its public certificate", "" if issuer else _pem_note(pem, "advisor"))
    return EXIT_OK


def _pem_note(pem: Path | None, kind: str) -> str:
    if pem is None:
        return ""
    if kind == "CA":
        return f"; put {inert(pem)} in the trust folder to trust every advisor it issues"
    return f"; put {inert(pem)} in the trust folder to trust this advisor"


def add_export_commands(commands: Any) -> None:
    export = commands.add_parser(
        "export", help="write the plan (JSON or PDF) as a PDF for the record, optionally signed"
    )
    export.add_argument("plan", metavar="PLAN")
    export.add_argument("-o", "--output", required=True, metavar="PLAN.pdf")
    export.add_argument(
        "--approve", action="store_true", help="approve the plan (signing implies it)"
    )
    export.add_argument("--sign", metavar="CERT.p12", help="sign with this PKCS#12 certificate")
    export.add_argument("--passphrase-file", metavar="FILE", help="the certificate's passphrase")
    export.set_defaults(run=cmd_export)

    verify = commands.add_parser(
        "verify",
        help="say whether PDFs are drafts, signed-off records or invalid, and why",
        description="Exit 0 for a draft or a signed-off record, 1 for anything else (with the "
        "reasons), 2 when the file cannot be read; for many PDFs, the worst of theirs. Trusted "
        "signers come from every --trust FILE, the folder in AIPI_TRUST_DIR, the settings "
        "folder's trust/ and data/trust/.",
    )
    verify.add_argument("pdfs", nargs="+", metavar="PLAN.pdf")
    verify.add_argument(
        "--json", action="store_true", help="print the result as JSON (a list for many PDFs)"
    )
    verify.add_argument(
        "--require-signature", action="store_true", help="fail for a draft (an unsigned PDF)"
    )
    verify.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="FILE",
        help="also trust this certificate (PEM or DER: a program CA or an advisor); repeatable",
    )
    verify.add_argument(
        "--jobs",
        type=jobs_count,
        default=default_jobs(),
        metavar="N",
        help="processes for many PDFs (default: one per core)",
    )
    verify.set_defaults(run=cmd_verify)

    certificate = commands.add_parser(
        "certificate",
        help="make an advisor certificate (self-signed or issued by a program CA), or with "
        "'authority' a program CA",
    )
    certificate.add_argument(
        "kind", nargs="?", choices=["authority"], help="make a program CA instead"
    )
    certificate.add_argument(
        "--name", required=True, type=text, help="the advisor's (or the CA's) name"
    )
    certificate.add_argument("--email", default="", type=text)
    certificate.add_argument("-o", "--output", required=True, metavar="CERT.p12")
    certificate.add_argument(
        "--pem", metavar="CERT.pem", help="also write the public certificate, for a trust folder"
    )
    certificate.add_argument("--passphrase-file", metavar="FILE")
    certificate.add_argument("--issuer", metavar="CA.p12", help="the program CA that issues it")
    certificate.add_argument("--issuer-passphrase-file", metavar="FILE")
    certificate.set_defaults(run=cmd_certificate)
