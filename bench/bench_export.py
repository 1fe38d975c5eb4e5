"""Benchmark: exporting a 24-month plan as a PDF (goal: under 150 ms median unsigned, under 400 ms
signed), the file written to disk each time. The first export of a process also registers the
fonts and imports pyHanko; it is reported separately.

    python bench/bench_export.py
"""

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor_app.catalog import open_catalog
from advisor_app.domain.edits import approve
from advisor_app.export.certificates import create_self_signed_certificate
from advisor_app.export.pdf import export_pdf
from advisor_app.export.signing import load_certificate
from tests.plans_for_tests import meeting_plan

RUNS = 40


def timed(action: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return sorted(times)


def report(name: str, first: float, times: list[float], goal_ms: float) -> None:
    median = statistics.median(times) * 1e3
    p95 = times[int(len(times) * 0.95) - 1] * 1e3
    verdict = "ok" if median < goal_ms else "OVER GOAL"
    print(
        f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms, first {first * 1e3:.0f} ms "
        f"(goal < {goal_ms:.0f} ms median): {verdict}"
    )


def main() -> None:
    catalog = open_catalog().catalog
    plan = meeting_plan(catalog, "online-24", "王小明 (Wang Xiaoming)")
    approved = approve(plan, "2026-11-25", "Dr. Advisor")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "plan.pdf"
        certificate_path = Path(folder) / "advisor.p12"
        create_self_signed_certificate(certificate_path, "Dr. Noor Advisor", b"bench")
        certificate = load_certificate(certificate_path, b"bench")
        today = date(2026, 11, 25)

        first = timed(lambda: export_pdf(catalog, plan, out, today), 1)[0]
        report(
            "export unsigned",
            first,
            timed(lambda: export_pdf(catalog, plan, out, today), RUNS),
            150,
        )
        first = timed(lambda: export_pdf(catalog, approved, out, today, certificate), 1)[0]
        signed = timed(lambda: export_pdf(catalog, approved, out, today, certificate), RUNS)
        report("export signed", first, signed, 400)


if __name__ == "__main__":
    main()
