"""Fuzz: generate bad plan files (default 12,000) and feed each to the loader, the rules engine and
`advisor-app validate`. A crash is any exception other than the clear PlanFileError, or a validate
exit code other than 0, 1 or 2. Goal: 0 crashes.

    python bench/fuzz_plans.py [COUNT] [--seed N]
"""

import argparse
import contextlib
import io
import json
import random
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor_app.catalog import open_catalog
from advisor_app.cli import main as cli_main
from advisor_app.plans import PlanFileError, dumps_plan, load_plan
from advisor_app.rules import check
from tests.plans_for_tests import filled_template

ODD_VALUES = [
    None,
    True,
    0,
    -1,
    1e308,
    float("nan"),
    2**70,
    "",
    " ",
    "x" * 10_000,
    [],
    {},
    [[[]]],
    "AIPI 999",
    "TBD:",
    "TBD:nope",
    "\u0000",
    "\ud7ff",
    "🚀",
    "aipi-plan",
    1,
    2,
    99,
    "1",
]


def mutate(rng: random.Random, base: dict) -> bytes:
    """One bad file: a valid plan with something broken, or bytes that are not a plan at all."""
    kind = rng.randrange(10)
    data = json.loads(json.dumps(base))
    if kind == 0:  # a field replaced by an odd value
        key = rng.choice(list(data))
        data[key] = rng.choice(ODD_VALUES)
    elif kind == 1:  # a nested field replaced
        target = rng.choice(["student", "advisor", "terms", "exceptions", "external_courses"])
        if target not in data:
            pass
        elif isinstance(data[target], dict) and data[target]:
            data[target][rng.choice(list(data[target]))] = rng.choice(ODD_VALUES)
        elif isinstance(data[target], list):
            data[target].append(rng.choice(ODD_VALUES))
    elif kind == 2:  # a field removed
        data.pop(rng.choice(list(data)), None)
    elif kind == 3:  # course codes replaced by odd values or unknown codes
        term = rng.choice(list(data["terms"]))
        entries = data["terms"][term]
        if entries:
            entries[rng.randrange(len(entries))] = rng.choice(ODD_VALUES)
    elif kind == 4:  # odd term ids, track ids, versions
        data[rng.choice(["track", "version", "format", "start_year", "status"])] = rng.choice(
            ODD_VALUES
        )
        data["terms"][rng.choice(["", " ", "fall-99", "🚀", "summer-1 "])] = ["AIPI 510"]
    if kind <= 4:
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
        return text.encode("utf-8")
    raw = dumps_plan_bytes(base)
    if kind == 5:  # truncated
        return raw[: rng.randrange(len(raw))]
    if kind == 6:  # bytes flipped
        buf = bytearray(raw)
        for _ in range(rng.randrange(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 7:  # other encodings and byte order marks
        return rng.choice([raw.decode().encode("utf-16"), b"\xef\xbb\xbf" + raw, raw + b"\x00"])
    if kind == 8:  # deeply nested or not an object
        depth = rng.randrange(10, 5000)
        return rng.choice(
            [
                b"[" * depth + b"]" * depth,
                b'{"a":' * depth + b"1" + b"}" * depth,
                b"null",
                b"42",
                b'"plan"',
                b"",
            ]
        )
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))  # noise


def dumps_plan_bytes(base: dict) -> bytes:
    return json.dumps(base, ensure_ascii=False).encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    catalog = open_catalog().catalog
    bases = [json.loads(dumps_plan(filled_template(catalog, t))) for t in sorted(catalog.tracks)]
    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        for n in range(args.count):
            path.write_bytes(mutate(rng, rng.choice(bases)))
            try:
                plan = load_plan(path)
                check(catalog, plan)
                outcomes["loaded and validated"] += 1
            except PlanFileError:
                outcomes["clear error"] += 1
            except Exception:  # counting crashes is the point
                crashes.append(f"file {n}: {traceback.format_exc(limit=3)}")
            if n % 10 == 0:  # the command line too, on one file in ten
                with (
                    contextlib.redirect_stdout(io.StringIO()),
                    contextlib.redirect_stderr(io.StringIO()),
                ):
                    try:
                        code = cli_main(["validate", str(path)])
                    except SystemExit as exit_:
                        code = exit_.code  # type: ignore[assignment]
                    except Exception:
                        code = -1
                        crashes.append(f"file {n}: validate raised {traceback.format_exc(limit=3)}")
                outcomes[f"validate exit {code}"] += 1
                if code not in (0, 1, 2, -1):
                    crashes.append(f"file {n}: validate exit {code}")
    print(f"{args.count} generated bad plan files (seed {args.seed}):")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    print(f"crashes: {len(crashes)}")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
