"""Fuzz: mutate genuine exported PDFs (a draft, a signed-off record, an approved unsigned copy)
and feed each to the one PDF reader (`load_plan`, as opening, `validate` and `export` use it) and,
for one file in VERIFY_EVERY, to `verify_pdf` and the `verify` command. A crash is any exception
other than the clear PlanFileError, any output on stderr from the PDF libraries, or an exit code
other than 0, 1 or 2. Goal: 0 crashes.

    python bench/fuzz_pdfs.py [COUNT] [--seed N] [--verify-every N]
"""

import argparse
import contextlib
import io
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor_app.catalog import open_catalog
from advisor_app.cli import main as cli_main
from advisor_app.domain.edits import approve
from advisor_app.export.approval import sign_off
from advisor_app.export.certificates import create_advisor_certificate
from advisor_app.export.pdf import render_pdf
from advisor_app.export.signing import load_certificate
from advisor_app.export.verify import verify_pdf
from advisor_app.plans import PlanFileError, plan_from_bytes
from tests.plans_for_tests import meeting_plan

# Names a mutation swaps in: filters the reader does not decode, types and keys that change what
# an object is, and references that make objects point at themselves or at nothing.
NAMES = [
    b"/FlateDecode", b"/LZWDecode", b"/JBIG2Decode", b"/DCTDecode", b"/Crypt", b"/RunLengthDecode",
    b"/ASCII85Decode", b"/ASCIIHexDecode", b"/CCITTFaxDecode", b"/JPXDecode", b"/Kids", b"/Names",
    b"/EmbeddedFiles", b"/Pages", b"/Page", b"/Filespec", b"/EF", b"/UF", b"/F", b"/Contents",
    b"/Length", b"/DecodeParms", b"/Predictor", b"/Encrypt", b"/ByteRange", b"/Annots",
]  # fmt: skip
NUMBERS = [b"0", b"1", b"-1", b"2147483648", b"99999999999999999999", b"3.5", b"1e9", b""]


def mutate(rng: random.Random, raw: bytes) -> bytes:
    """One mutated PDF."""
    kind = rng.randrange(9)
    data = bytearray(raw)
    if kind == 0:  # bytes flipped
        for _ in range(rng.randrange(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:  # truncated (sometimes with its end marker put back)
        data = data[: rng.randrange(len(data))]
        if rng.random() < 0.5:
            data += b"\n%%EOF\n"
    elif kind == 2:  # a chunk deleted or repeated
        start = rng.randrange(len(data))
        end = min(len(data), start + rng.randrange(1, 2000))
        data = data[:start] + (data[start:end] * 2 if rng.random() < 0.5 else b"") + data[end:]
    elif kind == 3:  # a name replaced
        return _replace(rng, raw, rb"/[A-Za-z0-9]+", NAMES)
    elif kind == 4:  # a number replaced (lengths, counts, offsets, generations)
        return _replace(rng, raw, rb"(?<=[\s\[])\d+(?=[\s\]/>])", NUMBERS)
    elif kind == 5:  # an object reference pointed elsewhere: loops, dangling, wrong types
        refs = list(re.finditer(rb"(\d+) (\d+) R", raw))
        if refs:
            ref = rng.choice(refs)
            ids = [int(m.group(1)) for m in re.finditer(rb"(\d+) 0 obj", raw)] or [1]
            target = str(rng.choice([*ids, 0, 99999])).encode()
            return raw[: ref.start(1)] + target + raw[ref.end(1) :]
    elif kind == 6:  # a dictionary key made to say the opposite
        return _replace(rng, raw, rb"/(?:Type|Subtype|Filter)\s*/[A-Za-z]+", [b"/Type /Pages"])
    elif kind == 7:  # another PDF's tail glued on (an incremental update that is not one)
        data += bytes(raw[rng.randrange(len(raw)) :])
    else:  # noise inside a stream
        streams = [m.end() for m in re.finditer(rb"stream\r?\n", raw)]
        if streams:
            position = rng.choice(streams)
            for offset in range(rng.randrange(1, 40)):
                if position + offset < len(data):
                    data[position + offset] = rng.randrange(256)
    return bytes(data)


def _replace(rng: random.Random, raw: bytes, pattern: bytes, choices: list[bytes]) -> bytes:
    matches = list(re.finditer(pattern, raw))
    if not matches:
        return raw
    match = rng.choice(matches)
    return raw[: match.start()] + rng.choice(choices) + raw[match.end() :]


def genuine_pdfs(folder: Path) -> dict[str, bytes]:
    """A draft, an approved unsigned copy and a signed-off record of a real plan."""
    catalog = open_catalog().catalog
    plan = meeting_plan(catalog, "online-24", "王小明 (Wang Xiaoming)")
    certificate = folder / "advisor.p12"
    create_advisor_certificate(certificate, plan.advisor_name, b"fuzz")
    signed = folder / "signed.pdf"
    sign_off(catalog, plan, signed, date(2026, 11, 25), load_certificate(certificate, b"fuzz"))
    return {
        "draft": render_pdf(catalog, plan, date(2026, 11, 25)),
        "approved": render_pdf(catalog, approve(plan, "2026-11-25", plan.advisor_name)),
        "signed": signed.read_bytes(),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--verify-every", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    catalog = open_catalog().catalog
    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    slowest = (0.0, -1)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        bases = genuine_pdfs(Path(folder))
        path = Path(folder) / "mutated.pdf"
        for n in range(args.count):
            kind = rng.choice(sorted(bases))
            data = mutate(rng, bases[kind])
            path.write_bytes(data)
            stderr = io.StringIO()
            began = time.perf_counter()
            with contextlib.redirect_stderr(stderr):
                try:
                    plan_from_bytes(data, "mutated.pdf")
                    outcomes["read"] += 1
                except PlanFileError:
                    outcomes["clear error"] += 1
                except Exception:  # counting crashes is the point
                    crashes.append(f"file {n} ({kind}): {traceback.format_exc(limit=4)}")
                if n % args.verify_every == 0:
                    _verify(catalog, path, n, kind, outcomes, crashes)
            if n % args.verify_every == 0:
                _verify_command(path, n, kind, crashes)
            slowest = max(slowest, (time.perf_counter() - began, n))
            if stderr.getvalue():
                crashes.append(f"file {n} ({kind}): wrote to stderr: {stderr.getvalue()[:300]}")
    elapsed = time.perf_counter() - started
    print(f"{args.count} mutated PDFs (seed {args.seed}), {elapsed:.1f} s:")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print(f"slowest file: {slowest[0] * 1000:.0f} ms (file {slowest[1]})")
    print(f"crashes: {len(crashes)}")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0


def _verify(catalog, path: Path, n: int, kind: str, outcomes: Counter, crashes: list[str]) -> None:
    try:
        result = verify_pdf(catalog, path)
        outcomes[f"verify {result.state}"] += 1
    except PlanFileError:
        outcomes["verify cannot read"] += 1
    except Exception:
        crashes.append(f"file {n} ({kind}): verify raised {traceback.format_exc(limit=4)}")


def _verify_command(path: Path, n: int, kind: str, crashes: list[str]) -> None:
    """`advisor-app verify`: an exit code of 0, 1 or 2 and at most its own one line on stderr."""
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        try:
            code = cli_main(["verify", str(path)])
        except SystemExit as exit_:
            code = exit_.code  # type: ignore[assignment]
        except Exception:
            code = -1
            crashes.append(f"file {n} ({kind}): verify command raised {traceback.format_exc(4)}")
    lines = stderr.getvalue().splitlines()
    if code not in (0, 1, 2, -1):
        crashes.append(f"file {n} ({kind}): verify exit {code}")
    if len(lines) > 1 or (lines and not lines[0].startswith("advisor-app: ")):
        crashes.append(f"file {n} ({kind}): verify wrote {stderr.getvalue()[:300]!r}")


if __name__ == "__main__":
    sys.exit(main())
