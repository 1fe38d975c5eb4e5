"""Generate a catalog of about 10,000 courses (the real catalog's sources plus generated graduate
courses of many departments) for the growth benchmarks.

    python bench/make_big_catalog.py [OUT.sqlite] [--courses N]

Prints the path of the built catalog; the benchmarks take it with AIPI_CATALOG=OUT.sqlite.
"""

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor_app.catalog import default_source_dir
from advisor_app.catalog.build import build_catalog

DEPARTMENTS = [
    "BIOSTAT", "BME", "CEE", "COMPSCI", "CYBERSEC", "ECE", "EGRMGMT", "ENERGY", "ENVIRON",
    "FINTECH", "IDS", "MATH", "ME", "MENG", "PHYSICS", "POLSCI", "PUBPOL", "STA", "MGMT", "LAW",
]  # fmt: skip
WORDS = [
    "advanced",
    "applied",
    "topics",
    "systems",
    "data",
    "learning",
    "networks",
    "design",
    "analysis",
    "methods",
    "models",
    "computing",
    "signals",
    "control",
    "robotics",
    "health",
    "policy",
    "markets",
    "energy",
    "materials",
    "imaging",
    "optimization",
    "statistics",
    "inference",
    "vision",
    "language",
    "security",
    "privacy",
    "cloud",
    "embedded",
]


def generate(count: int, taken: set[str], seed: int = 10_000) -> list[str]:
    """`count` course entries (TOML) with codes not in `taken`."""
    rng = random.Random(seed)
    blocks = []
    used = set(taken)
    while len(blocks) < count:
        code = f"{rng.choice(DEPARTMENTS)} {rng.randint(500, 899)}"
        if rng.random() < 0.2:
            code += rng.choice("DLS")
        if code in used:
            continue
        used.add(code)
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(2, 5)))
        description = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        seasons = ", ".join(
            f'"{s}"' for s in rng.choice([["fall"], ["spring"], ["fall", "spring"]])
        )
        blocks.append(
            f'[[course]]\ncode = "{code}"\ntitle = "{title}"\nunits = 3\n'
            f'category = "graduate-elective"\ndescription = "{description}."\n'
            f"on_campus = [{seasons}]\nonline = []\n"
            'source = "generated for the growth benchmarks"\n'
        )
    return blocks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "output", nargs="?", default=str(Path(tempfile.gettempdir()) / "big.sqlite")
    )
    parser.add_argument("--courses", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sources = Path(folder) / "catalog"
        shutil.copytree(default_source_dir(), sources)
        real = (sources / "courses.toml").read_text(encoding="utf-8")
        taken = {line.split('"')[1] for line in real.splitlines() if line.startswith("code = ")}
        taken |= {"COMPSCI 571", "STA 561D", "IDS 721"}  # cross-listed codes of real courses
        extra = generate(max(0, args.courses - real.count("[[course]]")), taken)
        (sources / "courses.toml").write_text(real + "\n" + "\n".join(extra), encoding="utf-8")
        counts = build_catalog(sources, Path(args.output))
    print(f"{args.output}: {counts['courses']} courses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
