"""`advisor-app compare A B [C]` and `advisor-app diff OLD NEW` / `diff PLAN --since-approved`."""

import argparse
import json
from typing import TYPE_CHECKING, Any

from advisor_app.cli.common import EXIT_OK, UsageError, inert_json, open_catalog_for, say

if TYPE_CHECKING:
    from advisor_app.domain import Plan

DIFF_MARK = "*"
_KIND_MARKS = {
    "course-added": "+",
    "course-removed": "-",
    "course-moved": "→",
    "record-changed": "~",
    "exception-added": "+",
    "exception-removed": "-",
}


def cmd_compare(args: argparse.Namespace) -> int:
    from advisor_app.export.comparison import compare_plans
    from advisor_app.plans import load_plan

    if not 2 <= len(args.plans) <= 3:
        raise UsageError("compare takes two or three plans")
    catalog = open_catalog_for(args).catalog
    named = [(name, load_plan(name)) for name in args.plans]
    comparison = compare_plans(catalog, named)
    if args.json:
        print(inert_json(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False)))
        return EXIT_OK
    for letter, summary in zip(comparison.letters, comparison.summaries, strict=True):
        who = f": {summary.student}" if summary.student else ""
        cost = (
            f"{summary.cost.total} ({summary.cost.caveat})" if summary.cost else "no tuition data"
        )
        say(f"{letter}  {summary.name}{who}")
        say(f"   Track:          {summary.track_name}")
        say(f"   Graduates:      {summary.graduation}")
        say(f"   Units:          {summary.units:g}")
        say(
            f"   Findings:       {_count(summary.errors, 'error')}, "
            f"{_count(summary.warnings, 'warning')}"
        )
        say(f"   Estimated cost: {cost}")
    print()
    _print_terms(comparison)
    print()
    say(f"{DIFF_MARK} not in the same term in every plan ({comparison.differing} in all)")
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _print_terms(comparison: Any) -> None:
    labels = [
        course.label
        for row in comparison.rows
        for cell in row.cells
        for term in cell
        for course in term.courses
    ] + [
        f"({term.term_name})"
        for row in comparison.rows
        for cell in row.cells
        if len(cell) > 1 or row.label == "Outside the track"
        for term in cell
    ]
    width = max([len(label) + len(DIFF_MARK) + 3 for label in labels] + [14])
    side = max([len(row.label) + 2 for row in comparison.rows] + [12])
    head = "".join(f"{letter:<{width}}" for letter in comparison.letters)
    say(f"{'Term':<{side}}{head}".rstrip())
    for row in comparison.rows:
        columns: list[list[str]] = []
        for cell in row.cells:
            lines = []
            for term in cell:
                if len(cell) > 1 or row.label == "Outside the track":
                    lines.append(f"({term.term_name or term.term_id})")
                for course in term.courses:
                    mark = f" {DIFF_MARK}" if course.differs else ""
                    lines.append(f"{course.label}{mark}")
            columns.append(lines or ["—"])
        height = max(len(c) for c in columns)
        for i in range(height):
            label = row.label if i == 0 else ""
            text = "".join(f"{(c[i] if i < len(c) else ''):<{width}}" for c in columns)
            say(f"{label:<{side}}{text}".rstrip())


def _baseline(plan: "Plan") -> "tuple[Plan, str] | None":
    from advisor_app.domain.diff import approved_baseline, revision_as_plan

    revision = approved_baseline(plan)
    if revision is None:
        return None
    when = f" on {revision.approved_on}" if revision.approved_on else ""
    by = f" by {revision.approved_by}" if revision.approved_by else ""
    heading = f"Changes since revision {revision.revision} was approved{when}{by}"
    return revision_as_plan(revision, plan), heading


def cmd_diff(args: argparse.Namespace) -> int:
    from advisor_app.domain.diff import diff_plans
    from advisor_app.plans import load_plan
    from advisor_app.rules.findings import RULE_TITLES

    if args.since_approved and len(args.plans) != 1:
        raise UsageError("diff --since-approved takes one plan")
    if not args.since_approved and len(args.plans) != 2:
        raise UsageError("diff takes two plans (OLD NEW), or one plan with --since-approved")
    catalog = open_catalog_for(args).catalog
    if args.since_approved:
        new = load_plan(args.plans[0])
        baseline = _baseline(new)
        if baseline is None:
            return _no_baseline(args, new)
        old, heading = baseline
        revision: int | None = old.revision
    else:
        old, new = load_plan(args.plans[0]), load_plan(args.plans[1])
        heading, revision = f"Changes from {args.plans[0]} to {args.plans[1]}", None
    changes = diff_plans(catalog, old, new, RULE_TITLES)
    if args.json:
        data = {
            "old": None if args.since_approved else args.plans[0],
            "new": args.plans[-1],
            "since_revision": revision,
            "heading": heading,
            "changes": [c.to_dict() for c in changes],
        }
        print(inert_json(json.dumps(data, indent=2, ensure_ascii=False)))
        return EXIT_OK
    say(f"{heading}: {len(changes) or 'none'}")
    for change in changes:
        say(f"  {_KIND_MARKS.get(change.kind, '•')} {change.message}")
    return EXIT_OK


def _no_baseline(args: argparse.Namespace, plan: "Plan") -> int:
    """Nothing approved before this revision: a plain answer, not an error."""
    name = args.plans[0]
    text = f"{name}: no revision before revision {plan.revision} was approved; nothing to compare"
    if args.json:
        data = {"old": None, "new": name, "since_revision": None, "heading": text, "changes": []}
        print(inert_json(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        say(text)
    return EXIT_OK


def add_compare_commands(commands: Any) -> None:
    compare = commands.add_parser(
        "compare",
        help="show two or three plans (JSON or PDF) side by side: terms by calendar, the courses "
        "that differ, and each plan's track, graduation term, units, findings and estimated cost",
    )
    compare.add_argument("plans", nargs="+", metavar="PLAN", help="two or three plans")
    compare.add_argument("--json", action="store_true", help="print the comparison as JSON")
    compare.set_defaults(run=cmd_compare)

    diff = commands.add_parser(
        "diff",
        help="what changed between two plans (JSON or PDF), or since the plan's last approved "
        "revision: courses added, removed, moved; exceptions; track; start year",
    )
    diff.add_argument("plans", nargs="+", metavar="PLAN", help="OLD NEW, or one plan")
    diff.add_argument(
        "--since-approved",
        action="store_true",
        help="compare the plan with its last approved revision (kept in its history)",
    )
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.set_defaults(run=cmd_diff)
