"""Starting the window in a child process and timing it to its first paint, the same way for the
virtual environment and for the bundle (used by tests/packaging and bench/bench_bundle.py).

The first paint is seen from outside: Qt's widget painting log (`qt.widgets.painting`, a
category of Qt's own) reports each flush of a window's pixels to the screen, so neither the app
nor the bundle carries any probe.
"""

import os
import re
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FIRST_PAINT = re.compile(r"^qt\.widgets\.painting: Flushing QRegion\(.+\) of \w+\(")
PAINT_LOG = "qt.widgets.painting"


@dataclass(frozen=True)
class Start:
    seconds: float  # from starting the process to the first window's first flush
    messages: list[str]  # what else the app wrote on stderr until then


def user_folders(home: Path) -> dict[str, str]:
    """An environment whose settings, logs and autosaves go under `home`, never the user's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


def time_to_first_paint(
    command: Sequence[str], env: dict[str, str], cwd: Path, timeout: float = 60.0
) -> Start:
    """Run `command` offscreen until its first paint, then end it. Raises AssertionError when
    it exits (or `timeout` passes) before painting, with what it wrote."""
    env = {**env, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": f"{PAINT_LOG}=true"}
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    messages: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if FIRST_PAINT.match(line):
                return Start(time.perf_counter() - start, messages)
            if not line.startswith(PAINT_LOG):
                messages.append(line.rstrip("\n"))
        raise AssertionError(
            f"{command[0]} ended before its first paint (exit code {process.wait()}):\n"
            + "\n".join(messages[-20:])
        )
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()
