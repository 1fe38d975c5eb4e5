"""Whether a process still runs on this machine: asked of a lock's owner (plans/locks.py) and
of an autosave's window (plans/autosave.py), with ids read from files anyone could write."""

import os
import sys

MAX_PID = 2**31 - 1  # pid_t; a larger id in a file names no process (os.kill would overflow)


def process_running(pid: int) -> bool:
    """Whether process `pid` runs on this machine. When that cannot be told, True: a lock is
    then kept and the user asked, an autosave kept for a later start; neither loses anything."""
    if not 0 < pid <= MAX_PID:
        return False
    if sys.platform == "win32":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks the process exists
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists and belongs to someone else
        return True
    return True


def _windows_process_running(pid: int) -> bool:
    # os.kill(pid, 0) on Windows would terminate the process: ask the kernel instead.
    import ctypes

    try:
        kernel32 = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(getattr(ctypes, "get_last_error")() != 87)  # noqa: B009  # no such pid
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    except (AttributeError, OSError):
        return True
