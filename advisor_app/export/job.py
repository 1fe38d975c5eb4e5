"""The window's exports and PDF checks, run in a child process (ui/actions/child_job.py).

The window stays responsive while a PDF is drawn, signed or verified, a Cancel ends the child at
once, and ReportLab's fonts, pyHanko and pypdf never load into the window: they go away with the
child. The child reads one request (a JSON object) on its standard input, writes what it is
doing as JSON lines on its standard output (`{"step": "Drawing the PDF", "number": 1, "of": 2}`),
and ends with one `{"result": {...}}` line: `"ok": true` with what it found, or `"ok": false`
with a one-line `message`. It never prints a traceback.

    python -m advisor_app.export.job < request.json

Requests: `{"action": "export", "catalog", "plan" (the plan file's text), "output" (where the
PDF goes; the window moves it into place), "generated" (ISO date), "approve", "certificate",
"passphrase" (base64), "user_trust_dir"}` and `{"action": "open", "catalog", "path", "user_trust_dir"}`.
The passphrase only ever travels through the pipe, never in a file or on a command line.
"""

import base64
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

Step = Callable[[str], None]


def main(stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    source, sink = stdin or sys.stdin, stdout or sys.stdout
    try:
        request = json.loads(source.read())
        if not isinstance(request, dict):
            raise ValueError("the request is not an object")
        steps = _steps_of(request)
        done = 0

        def step(text: str) -> None:
            nonlocal done
            done += 1
            _send(sink, {"step": text, "number": done, "of": steps})

        result = run(request, step)
    except Exception as error:  # the window shows one line, whatever went wrong
        result = {"ok": False, "message": _message(error)}
    _send(sink, {"result": result})
    return 0


def run(request: dict[str, Any], step: Step) -> dict[str, Any]:
    action = request.get("action")
    if action == "export":
        return _export(request, step)
    if action == "open":
        return _open(request, step)
    raise ValueError(f"unknown action {action!r}")


def _steps_of(request: dict[str, Any]) -> int:
    if request.get("action") == "export":
        return 3 if request.get("certificate") else 1
    return 1


def _send(sink: TextIO, message: dict[str, Any]) -> None:
    sink.write(json.dumps(message, ensure_ascii=False) + "\n")
    sink.flush()


def _message(error: Exception) -> str:
    from advisor_app.catalog import CatalogError
    from advisor_app.export.approval import ApprovalRefused
    from advisor_app.export.signing import SigningError
    from advisor_app.export.trust import TrustError
    from advisor_app.plans import PlanFileError

    if isinstance(
        error, ApprovalRefused | PlanFileError | SigningError | TrustError | CatalogError
    ):
        return str(error)
    return f"it stopped unexpectedly ({type(error).__name__}: {error})"


def _catalog(request: dict[str, Any]) -> Any:
    from advisor_app.catalog import open_catalog

    name = request.get("catalog")
    return open_catalog(Path(name) if name else None).catalog


def _sources(request: dict[str, Any]) -> Any:
    from advisor_app.export.trust import trust_sources

    folder = request.get("user_trust_dir")
    return trust_sources(user_dir=Path(folder) if folder else None)


def _export(request: dict[str, Any], step: Step) -> dict[str, Any]:
    from advisor_app.plans import parse_plan

    catalog = _catalog(request)
    plan = parse_plan(request["plan"])
    on = date.fromisoformat(request["generated"])
    output = Path(request["output"])
    certificate = None
    if request.get("certificate"):
        from advisor_app.export.signing import load_certificate

        step("Opening the certificate")
        passphrase = base64.b64decode(request.get("passphrase", ""), validate=True)
        certificate = load_certificate(Path(request["certificate"]), passphrase)
    if not (request.get("approve") or certificate):
        from advisor_app.export.pdf import export_pdf

        step("Drawing the PDF")
        export_pdf(catalog, plan, output, on)
        return {"ok": True}
    from advisor_app.export.approval import sign_off

    step("Drawing and signing the PDF" if certificate else "Drawing the PDF")
    approved = sign_off(catalog, plan, output, on, certificate)
    result: dict[str, Any] = {
        "ok": True,
        "approved_on": approved.approved_on,
        "approved_by": approved.approved_by,
    }
    if certificate:
        step("Checking the signature")
        result["verification"] = _verification(catalog, output, request)
    return result


def _verification(catalog: Any, path: Path, request: dict[str, Any]) -> dict[str, Any]:
    """What the PDF just written is, verified as anyone else would verify it."""
    from advisor_app.export.verify import verify_pdf
    from advisor_app.plans import PlanFileError

    try:
        result = verify_pdf(catalog, path, sources=_sources(request))
    except PlanFileError as error:
        return {"state": "unreadable", "signer": "", "reasons": [str(error)]}
    return {"state": result.state, "signer": result.signer, "reasons": list(result.reasons)}


def _open(request: dict[str, Any], step: Step) -> dict[str, Any]:
    from advisor_app.export.verify import verify_pdf
    from advisor_app.plans import dumps_plan

    catalog = _catalog(request)
    step("Checking the PDF")
    result = verify_pdf(catalog, Path(request["path"]), sources=_sources(request))
    assert result.plan is not None  # verify_pdf raises when there is no plan to read
    return {
        "ok": True,
        "plan": dumps_plan(result.plan),
        "state": result.state,
        "signer": result.signer,
        "reasons": list(result.reasons),
        "signed": bool(result.signatures),
    }


if __name__ == "__main__":
    sys.exit(main())
