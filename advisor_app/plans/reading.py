"""Reading a file someone named, bounded: never more than a limit, and only a regular file.

`Path.read_bytes` trusts the file: /dev/zero is read until memory runs out, a named pipe (FIFO)
waits for a writer forever, and a file may grow past the size its stat reported. Here the file
is opened without blocking, looked at through its own descriptor, and read to one byte past the
limit at most. A refusal is an OSError whose `strerror` says why, so every caller that already
reports an unreadable file reports this too, in one line.
"""

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

# Opening a FIFO for reading waits for a writer unless it is opened non-blocking (POSIX only).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0)


class FileTooLarge(OSError):
    """Larger than the limit: `size` bytes where `limit` are allowed (None: more, as read)."""

    def __init__(self, path: Path, size: int | None, limit: int) -> None:
        shown = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        super().__init__(errno.EFBIG, f"too large ({shown}; the limit is {limit:,})", str(path))
        self.size, self.limit, self.shown = size, limit, shown


class NotARegularFile(OSError):
    """A device, a named pipe or a socket: nothing a plan, a certificate or a passphrase is."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file: a device, pipe or socket", str(path))


def open_regular(path: Path, streams: bool = False) -> tuple[BinaryIO, int]:
    """The open file and its size; IsADirectoryError, NotARegularFile or OSError otherwise.
    With `streams`, a pipe or a device is opened too (and waited on, as `cat` would)."""
    descriptor = os.open(path, _OPEN_FLAGS & ~_NONBLOCK if streams else _OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not (streams or stat.S_ISREG(info.st_mode)):
            raise NotARegularFile(path)
        return os.fdopen(descriptor, "rb"), info.st_size
    except BaseException:
        os.close(descriptor)
        raise


def read_bounded(path: Path, limit: int, streams: bool = False) -> bytes:
    """The whole file, if it is a regular file of at most `limit` bytes (FileTooLarge if not).
    With `streams`, a pipe (`--passphrase-file <(...)`) is read too, to the same limit."""
    stream, size = open_regular(path, streams)
    with stream:
        if size > limit:
            raise FileTooLarge(path, size, limit)
        data = _read_up_to(stream, size, limit)
    if len(data) > limit:
        raise FileTooLarge(path, None, limit)
    return data


def _read_up_to(stream: BinaryIO, expected: int, limit: int) -> bytes:
    """At most limit + 1 bytes: first the size the file reported (a buffer of `limit` bytes is
    not set aside for a small file), then more if it grew or is a stream, a megabyte at a time."""
    parts: list[bytes] = []
    total = 0
    want = min(expected, limit) + 1
    while want > 0:
        chunk = stream.read(want)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = min(1 << 20, limit + 1 - total)
    return b"".join(parts)


def read_head(path: Path, count: int) -> bytes:
    """The first `count` bytes of a regular file (fewer if it is shorter)."""
    stream, _size = open_regular(path)
    with stream:
        return stream.read(count)
