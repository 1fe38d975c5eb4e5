"""Work on many files at once: every core, results in the order given, memory flat, a progress
line on a terminal. Used by `validate` (many plans), `verify` (many PDFs) and `export-all`."""

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:  # the catalog loads when a batch runs, not when the parser is built
    from advisor_app.domain import Catalog

T = TypeVar("T")
R = TypeVar("R")

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
_catalog: "Catalog | None" = None


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


# More processes than cores only wait for each other, each holding a catalog and an interpreter.
MAX_JOBS_PER_CORE = 4


def jobs_count(value: str) -> int:
    """An argparse type for --jobs: a whole number of processes, at least 1."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return jobs


def _open_worker_catalog(path: str | None) -> None:
    from advisor_app.catalog import open_catalog

    global _catalog
    _catalog = open_catalog(Path(path) if path else None).catalog


def worker_catalog() -> "Catalog":
    """The catalog a worker opened once at its start (or the caller's, in-process)."""
    assert _catalog is not None, "run_all opens the catalog before any work"
    return _catalog


def run_all(
    items: list[T],
    work: Callable[[T], R],
    catalog_path: str | None,
    jobs: int,
    catalog: "Catalog | None" = None,
    parallel_from: int = PARALLEL_FROM,
) -> Iterator[R]:
    """`work(item)` for every item, in order. With `jobs` > 1 and at least `parallel_from` items,
    in a pool of processes that each open the catalog once; otherwise here, with `catalog`."""
    global _catalog
    # Never more processes than items, nor than a few per core (--jobs 1000000 asked for a
    # million, and memory ran out before any work was done).
    jobs = min(jobs, len(items), MAX_JOBS_PER_CORE * default_jobs())
    if jobs <= 1 or len(items) < parallel_from or not _pools_available():
        if catalog is None:
            _open_worker_catalog(catalog_path)
        else:
            _catalog = catalog
        yield from map(work, items)
        return
    # Loaded here, not at start-up: a command on one file never starts a pool.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(items) // (jobs * 8)))
    context = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_open_worker_catalog,
        initargs=(catalog_path,),
    ) as pool:
        yield from pool.map(work, items, chunksize=chunk)


def _pools_available() -> bool:
    """Whether worker processes can be started: the desktop bundle leaves multiprocessing out
    (packaging/aipi-advisor.spec), and its command line then works on one core."""
    try:
        import multiprocessing  # noqa: F401
    except ImportError:
        return False
    return True


def _start_method() -> str:
    """fork where it is safe (the command line: one thread, no Qt): the workers start at once with
    everything imported. With other threads about (the window, a test runner), forkserver, or
    spawn where there is no forkserver (Windows, macOS's default)."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform == "linux":
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class Progress:
    """ "12/1000 exported" rewritten in place on a terminal's stderr; silent otherwise."""

    def __init__(self, total: int, verb: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.verb = verb
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty() and total > 1
        self.done = 0
        self.cleared = False

    def clear(self) -> None:
        """Take the line away before something else is printed; the next step draws it again."""
        if self.shown and self.done:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.cleared = True

    def step(self) -> None:
        self.done += 1
        if self.shown and (self.cleared or self.done == self.total or self.done % 25 == 0):
            self.cleared = False
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {self.verb}")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def files_in(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The entries of `folder` named with one of `suffixes`, whatever they are: a folder, a
    pipe or a broken link named *.json is refused by the plan reader, with its reason, not
    passed over in silence."""
    wanted = {s.lower() for s in suffixes}
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in wanted)
