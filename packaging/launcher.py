"""The bundle's entry point: the window, or the command line when started as `advisor-app`.

On Linux and macOS the bundle holds one program, `aipi-advisor`, and `advisor-app` is a link to
it, so the two share one copy of the app's Python code. On Windows they are two programs built
from this same script, because there a program either has a console or has none. The window runs
its exports and PDF checks as `aipi-advisor --child-job` (ui/actions/child_job.py).
"""

import os
import sys


def main() -> int:
    if sys.argv[1:2] == ["--child-job"]:  # the window's export or PDF check (export/job.py)
        from advisor_app.export.job import main as child_job

        return child_job()
    name = os.path.basename(sys.argv[0]).lower()
    if name.startswith("advisor-app"):
        from advisor_app.cli import run as command_line

        command_line()  # exits, as the installed command does (at once after an export)
    from advisor_app.app import main as window

    return window(sys.argv[1:])


if __name__ == "__main__":
    # Batch commands (validate, verify, export-all) use every core; where processes are spawned
    # (Windows, macOS) a frozen program must let its workers start here instead of at main().
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
