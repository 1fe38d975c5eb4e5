"""Benchmark: hostile PDFs given to the command line, timed and measured from outside the process
(wall time and peak memory of each `advisor-app` run). Goal for each: the expected exit code, at
most 3 s and at most 250 MB, where before some took minutes or gigabytes:

- a plan.json that decompresses to 500 MB (`validate`)
- 70 attachments of 70 MB each, decompressed, in a small PDF (`validate`)
- 40 pages sharing one 2 MB content stream (`verify`), and one just under the page limit
- a truncated and a password-encrypted export (`verify`)
- for reference (no goal), a genuine signed-off record (`verify --trust CA.pem`)

    python bench/bench_hostile_pdfs.py
"""

import io
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject, TextStringObject

from advisor_app.catalog import open_catalog
from advisor_app.export.approval import sign_off
from advisor_app.export.certificates import (
    create_advisor_certificate,
    create_authority,
    load_issuer,
)
from advisor_app.export.pdf import render_pdf
from advisor_app.export.signing import load_certificate
from advisor_app.plans import LIMITS
from tests.plans_for_tests import meeting_plan

REPO = Path(__file__).resolve().parents[1]
GOAL_SECONDS, GOAL_MB = 3.0, 250


def deflated_spaces(size: int) -> bytes:
    packer = zlib.compressobj(9)
    chunk = b" " * 1_000_000
    return b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()


def flate(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream._data = data
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    return stream


def save(writer: PdfWriter, path: Path) -> Path:
    with path.open("wb") as out:
        writer.write(out)
    return path


def bomb(export: bytes, path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(export)))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[names.index("plan.json") + 1].get_object()
    spec["/EF"][NameObject("/F")] = writer._add_object(flate(deflated_spaces(500_000_000)))
    return save(writer, path)


def seventy(export: bytes, path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(export)))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    data = deflated_spaces(70_000_000)
    for number in range(70):
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("plan.json"),
                NameObject("/EF"): DictionaryObject(
                    {NameObject("/F"): writer._add_object(flate(data))}
                ),
            }
        )
        names.extend([TextStringObject(f"plan-{number}.json"), writer._add_object(spec)])
    return save(writer, path)


def shared_content(export: bytes, size: int, path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(export)))
    operators = b"0.5 0.5 0.5 rg 10 10 m 20 20 l S BT /F1 7.5 Tf 1 0 0 1 72 700 Tm (x) Tj ET\n"
    stream = flate(zlib.compress(operators * (size // len(operators)), 9))
    del stream["/Type"]
    reference = writer._add_object(stream)
    while len(writer.pages) < 40:
        writer.add_page(writer.pages[0])
    for page in writer.pages:
        page[NameObject("/Contents")] = reference
    return save(writer, path)


def run(label: str, args: list[str], expected: int, goal: bool = True) -> bool:
    """One `advisor-app` process: its exit code, wall time and peak memory. The memory comes from
    GNU time, a small process between: a child forked straight from this one would count this
    process's memory as its own (the peak survives exec)."""
    measure = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    began = time.perf_counter()
    result = subprocess.run(
        [*measure, sys.executable, "-m", "advisor_app", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - began
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("Command ")]
    megabytes = int(lines.pop()) / 1024 if measure and lines else float("nan")
    code = result.returncode
    passed = code == expected and (not goal or (elapsed <= GOAL_SECONDS and megabytes <= GOAL_MB))
    verdict = "PASS" if passed else "FAIL"
    goals = f"goals ≤ {GOAL_SECONDS:g} s, ≤ {GOAL_MB} MB" if goal else "for reference"
    print(
        f"{label}: exit {code} (goal {expected}), {elapsed:.2f} s, {megabytes:.0f} MB "
        f"({goals}): {verdict}"
    )
    if lines:
        print(f"    {lines[0][:160]}")
    return passed


def main() -> int:
    catalog = open_catalog().catalog
    plan = meeting_plan(catalog, "standard-16")
    export = render_pdf(catalog, plan, date(2026, 11, 25))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        create_authority(folder / "CA.p12", "AIPI Program CA", b"ca", folder / "CA.pem")
        create_advisor_certificate(
            folder / "jon.p12",
            plan.advisor_name,
            b"pw",
            issuer=load_issuer(folder / "CA.p12", b"ca"),
        )
        signed = folder / "signed.pdf"
        sign_off(catalog, plan, signed, date.today(), load_certificate(folder / "jon.p12", b"pw"))
        truncated = folder / "truncated.pdf"
        truncated.write_bytes(export[: len(export) // 2])
        encrypted = PdfWriter(clone_from=PdfReader(io.BytesIO(export)))
        encrypted.encrypt("secret", algorithm="AES-256")
        cases = [
            ("plan.json of 500 MB", ["validate", str(bomb(export, folder / "bomb.pdf"))], 2),
            ("70 attachments of 70 MB", ["validate", str(seventy(export, folder / "70.pdf"))], 2),
            (
                "40 pages sharing a 2 MB content stream",
                ["verify", str(shared_content(export, 2 * 1024 * 1024, folder / "40.pdf"))],
                2,
            ),
            (
                "40 pages sharing a content stream just under the limit",
                [
                    "verify",
                    str(
                        shared_content(
                            export, LIMITS.pdf_page_content_bytes - 100, folder / "b.pdf"
                        )
                    ),
                ],
                1,
            ),
            ("a truncated export", ["verify", str(truncated)], 2),
            ("a password-encrypted export", ["verify", str(save(encrypted, folder / "e.pdf"))], 2),
            (
                "a genuine signed-off record",
                ["verify", str(signed), "--trust", str(folder / "CA.pem")],
                0,
            ),
        ]
        results = [run(label, args, expected) for label, args, expected in cases[:-1]]
        label, args, expected = cases[-1]
        results.append(run(label, args, expected, goal=False))
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
