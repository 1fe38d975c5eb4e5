"""Golden findings: run the rules engine on thousands of plans and write down everything it says,
one JSON line per plan, so that two versions of the engine can be compared byte for byte.

    python bench/golden_findings.py OUT.jsonl [--test-plans PLANS.jsonl [--every N]] [--fuzz N]
        [--random N]
    python bench/golden_findings.py --capture-tests PLANS.jsonl
    python bench/golden_findings.py --compare BASELINE.jsonl NEW.jsonl

--compare checks that every plan of NEW has the very line BASELINE has for it (NEW may be a
quicker run: fewer fuzz, random or test plans).

Each line holds the plan's findings (rule, severity, title, message, courses, term, requirement,
waiver), the fix each one offers and what applying it does (errors and warnings after, whether
the finding is gone), the findings without fixes (`Report.raw`), the requirements' progress, the
completed units, and where `suggest_term` would put each entry. The plans: every track's template,
filled template and meeting plan; each of their entries moved to every term of the track (and out
of it) or removed; what-if copies onto every other track; 120-entry hostile plans; bad files from
bench/fuzz_plans.py that still load; random plans with records, exceptions, courses entered by the
advisor and milestones; and, with --test-plans, every plan tests/rules checks (captured once with
--capture-tests, which runs those tests with check() recording its plans).
"""

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgspec.structs import replace

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from bench_validate import big_plan  # noqa: E402
from fuzz_plans import mutate  # noqa: E402

from advisor_app.catalog import open_catalog  # noqa: E402
from advisor_app.domain import Catalog, CourseRecord, Decision, ExternalCourse, Plan  # noqa: E402
from advisor_app.domain.edits import EditError, from_template, move, remove  # noqa: E402
from advisor_app.domain.plan import ENTRY_STATUSES, GRADES, waiver  # noqa: E402
from advisor_app.domain.track_mapping import map_to_track  # noqa: E402
from advisor_app.plans import PlanFileError, dumps_plan, parse_plan, plan_from_bytes  # noqa: E402
from advisor_app.rules import apply_fix, check, completed_units  # noqa: E402
from advisor_app.rules.exceptions import describe  # noqa: E402
from advisor_app.rules.preview import suggest_term  # noqa: E402
from tests.plans_for_tests import filled_template, meeting_plan  # noqa: E402

Named = tuple[str, Plan]


def record(catalog: Catalog, plan: Plan, extras: bool) -> dict[str, Any]:
    """Everything the engine says about `plan`; with `extras`, where each entry would go too."""
    report = check(catalog, plan)
    findings = []
    for f in report.findings:
        line: dict[str, Any] = f.to_dict()
        line["original_severity"] = f.original_severity
        if f.fix is not None:
            line["fix_exception"] = describe(f.fix.exception) if f.fix.exception else None
            line["fix_effect"] = _effect(catalog, plan, f)
        findings.append(line)
    result: dict[str, Any] = {
        "findings": findings,
        "raw": [[f.rule, f.severity, f.message, list(f.courses), f.term] for f in report.raw],
        "ok": report.ok,
        "requirements": [
            [s.requirement.id, s.progress, s.met, s.planned, s.satisfied_by, s.missing, s.waived]
            for s in report.requirements
        ],
        "completed_units": completed_units(catalog, plan),
    }
    if extras:
        entries = dict.fromkeys(e for _, e in plan.entries())
        entries.update(dict.fromkeys(["AIPI 540", "MENG 551", "TBD:technical-elective"]))
        result["suggest"] = {e: suggest_term(catalog, plan, e) for e in entries}
    return result


def _effect(catalog: Catalog, plan: Plan, finding: Any) -> dict[str, Any]:
    after = check(catalog, apply_fix(plan, finding.fix)).raw
    return {
        "errors": sum(1 for f in after if f.severity == "error"),
        "warnings": sum(1 for f in after if f.severity == "warning"),
        "gone": all(f.identity != finding.identity for f in after),
    }


def track_plans(catalog: Catalog) -> Iterator[Named]:
    """Templates, filled templates, meeting plans, their entries moved and removed, and their
    what-if copies onto every track."""
    tracks = sorted(catalog.tracks)
    for track_id in tracks:
        track = catalog.tracks[track_id]
        filled = filled_template(catalog, track_id)
        meeting = meeting_plan(catalog, track_id)
        yield f"{track_id} template", from_template(track, 2026)
        yield f"{track_id} filled", filled
        yield f"{track_id} meeting", meeting
        for base_name, base in (("filled", filled), ("meeting", meeting)):
            for term_id, entry in base.entries():
                yield (
                    f"{track_id} {base_name}: remove {entry} {term_id}",
                    remove(base, entry, term_id),
                )
                for target in (*track.term_ids, "fall-9"):
                    if target != term_id:
                        name = f"{track_id} {base_name}: {entry} {term_id}->{target}"
                        yield name, move(base, entry, term_id, target)
            for other in tracks:
                yield (
                    f"{track_id} {base_name} what-if {other}",
                    map_to_track(catalog, base, catalog.tracks[other]).plan,
                )


def hostile_plans(catalog: Catalog) -> Iterator[Named]:
    for track_id in sorted(catalog.tracks):
        for entries in (40, 120):
            yield f"{track_id} hostile {entries}", big_plan(catalog, track_id, entries)


def fuzz_plans(catalog: Catalog, count: int, seed: int = 2026) -> Iterator[Named]:
    """The bad files of bench/fuzz_plans.py that still load as plans."""
    rng = random.Random(seed)
    bases = [json.loads(dumps_plan(filled_template(catalog, t))) for t in sorted(catalog.tracks)]
    for n in range(count):
        raw = mutate(rng, rng.choice(bases))
        try:
            yield f"fuzz {n}", plan_from_bytes(raw, "plan.json")
        except PlanFileError:
            continue


def random_plans(catalog: Catalog, count: int, seed: int = 7) -> Iterator[Named]:
    """Plans like tests/rules/test_engine_properties.py's: any entries in any terms, records,
    exceptions of every kind, courses entered by the advisor, milestones."""
    rng = random.Random(seed)
    tracks = sorted(catalog.tracks)
    term_ids = [*sorted({t for tr in catalog.tracks.values() for t in tr.term_ids}), "fall-9"]
    entries = [
        *sorted(catalog.courses),
        *sorted(p.entry for p in catalog.placeholders.values()),
        *["AIPI 999", "aipi 510", "TBD:nothing", "ECE 682D", "COMPSCI 571", "ME 555", "MED 501"],
    ]
    requirements = [*sorted({r.id for t in catalog.tracks.values() for r in t.requirements}), "x"]
    codes = ["AIPI 520", "AIPI 510", "AIPI 503", "ME 555", "ECE 687D", "AIPI 530", "MED 501"]
    rules = [
        *(f"req.{r}" for r in requirements),
        *["prereq.order", "offering.term", "load.courses", "load.units", "course.duplicate"],
        *["placeholder.unresolved", "elective.approval", "prereq.missing", "x"],
    ]
    for n in range(count):
        track = rng.choice([*tracks, "no-such-track"])
        known = catalog.tracks.get(track)
        if known is not None and rng.random() < 0.6:  # mostly near a real plan
            base = (
                filled_template(catalog, track)
                if rng.random() < 0.7
                else from_template(known, 2026)
            )
            terms = {k: list(v) for k, v in base.terms.items()}
            for _ in range(rng.randrange(6)):
                term = rng.choice(term_ids if rng.random() < 0.2 else list(known.term_ids))
                terms.setdefault(term, []).append(rng.choice(entries))
            for _ in range(rng.randrange(3)):
                term = rng.choice(list(terms))
                if terms[term]:
                    terms[term].pop(rng.randrange(len(terms[term])))
        else:
            terms = {
                rng.choice(term_ids): [rng.choice(entries) for _ in range(rng.randrange(8))]
                for _ in range(rng.randrange(10))
            }
        plan = Plan(
            track=track,
            start_year=rng.randrange(2000, 2100),
            terms={k: tuple(v) for k, v in terms.items()},
            exceptions=tuple(
                _decision(rng, requirements, codes, rules) for _ in range(rng.randrange(5))
            ),
            milestones=tuple(rng.sample(["employer-industry-project", "x"], rng.randrange(3))),
            external_courses=_externals(rng),
        )
        keyed = sorted(set(plan.entries()))
        chosen = rng.sample(keyed, min(len(keyed), rng.randrange(5))) if keyed else []
        records = {
            key: CourseRecord(
                rng.choice(ENTRY_STATUSES),
                rng.choice(["", *GRADES]),
                rng.choice([None, True, False]),
            )
            for key in chosen
        }
        yield f"random {n}", replace(plan, records=records)


def _decision(
    rng: random.Random, requirements: list[str], codes: list[str], rules: list[str]
) -> Decision:
    kind = rng.choice(["substitute", "waive-course", "apply", "waive-finding", "waive-finding"])
    if kind == "waive-finding":
        return waiver(rng.choice(rules), rng.choice(["", "", *codes]), "Accepted")
    return Decision(
        kind,
        "Advisor's reason",
        requirement=rng.choice(requirements),
        course=rng.choice(codes),
        with_course=rng.choice(codes) if kind == "substitute" else "",
        replace_with=rng.choice(["", "technical-electives", "x"]) if kind == "waive-course" else "",
    )


def _externals(rng: random.Random) -> tuple[ExternalCourse, ...]:
    chosen = rng.sample(["ME 555", "MED 501", "AIPI 590-09"], rng.randrange(4))
    return tuple(
        ExternalCourse(
            code,
            "Entered",
            rng.choice([0.0, 1.5, 3.0]),
            rng.choice(["technical-elective", "graduate-elective", "md-course", "x"]),
        )
        for code in chosen
    )


def captured_plans(path: Path, every: int = 1) -> Iterator[Named]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if n % every:
            continue
        try:
            yield f"test plan {n}", parse_plan(json.loads(line))
        except PlanFileError:
            continue


def capture_tests(out: Path) -> int:
    """Run tests/rules with check() writing down every plan it is given (real catalog only)."""
    import pytest

    from advisor_app import rules
    from advisor_app.rules import engine, preview

    real = open_catalog().catalog
    seen: set[str] = set()
    original = engine.check

    def recording(catalog: Catalog, plan: Plan) -> Any:
        if catalog.version == real.version and catalog.tracks == real.tracks:
            try:
                text = dumps_plan(plan)
            except Exception:  # a plan the file format cannot hold is not a golden case
                text = ""
            if text and text not in seen:
                seen.add(text)
        return original(catalog, plan)

    for module in (rules, engine, preview):
        module.check = recording  # type: ignore[attr-defined]
    code = pytest.main(["-q", "-x", "-p", "no:cacheprovider", str(REPO / "tests" / "rules")])
    out.write_text("".join(json.dumps(t) + "\n" for t in sorted(seen)), encoding="utf-8")
    print(f"{out}: {len(seen)} plans (tests: exit {code})")
    return int(code)


def compare(baseline: Path, new: Path) -> int:
    """0 when every plan of `new` reads exactly as in `baseline`; else the plans that differ."""

    def lines(path: Path) -> Iterator[tuple[str, bytes]]:
        with open(path, encoding="utf-8") as file:
            for line in file:
                name = json.loads(line)["plan"]
                yield name, hashlib.sha256(line.encode()).digest()

    known = dict(lines(baseline))
    differ = [name for name, digest in lines(new) if known.get(name) != digest]
    for name in differ[:20]:
        print(f"differs: {name}")
    print(f"{len(differ)} plans differ" if differ else f"identical ({new} against {baseline})")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", nargs="?")
    parser.add_argument("--test-plans", type=Path)
    parser.add_argument("--every", type=int, default=1, help="only every Nth test plan (quicker)")
    parser.add_argument("--capture-tests", type=Path, metavar="PLANS.jsonl")
    parser.add_argument("--fuzz", type=int, default=3000)
    parser.add_argument("--random", type=int, default=3000)
    parser.add_argument("--compare", type=Path, metavar="BASELINE.jsonl")
    args = parser.parse_args()
    if args.compare:
        return compare(args.compare, Path(args.output))
    if args.capture_tests:
        return capture_tests(args.capture_tests)
    if not args.output:
        parser.error("OUT.jsonl is needed")
    catalog = open_catalog().catalog
    sources = [
        (track_plans(catalog), True),
        (hostile_plans(catalog), False),
        (fuzz_plans(catalog, args.fuzz), False),
        (random_plans(catalog, args.random), True),
    ]
    if args.test_plans:
        sources.append((captured_plans(args.test_plans, args.every), True))
    digest = hashlib.sha256()
    count = findings = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for plans, extras in sources:
            for name, plan in plans:
                try:
                    result = record(catalog, plan, extras)
                except EditError as error:  # a fix that cannot be applied is a finding too
                    result = {"edit-error": str(error)}
                line = json.dumps({"plan": name, **result}, ensure_ascii=False, sort_keys=True)
                out.write(line + "\n")
                digest.update(line.encode())
                count += 1
                findings += len(result.get("findings", ()))
    print(f"{args.output}: {count} plans, {findings} findings, sha256 {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
