"""`export --sign`'s certificate, opened and used in a process of its own.

Opening a PKCS#12 file is a tenth of a second of a signed export (loading `cryptography`, and
its check of an RSA key), and drawing the PDF another few tenths that do not need the certificate
until its holder's name is printed. Forked at the start of the command, the signer opens the
certificate on the second core while this process loads the catalog, the plan and ReportLab;
the two meet when the PDF is drawn, to sign its bytes. The private key also never enters the
process that reads the (student-supplied) plan: it stays in the signer, which ends when its pipe
closes.

Where a process cannot be forked safely (Windows, macOS), start_signer returns None and the
certificate is opened in process, as before.

The pipe carries frames: an 8-byte length, then a kind byte (J: a JSON object, D: bytes) and the
payload. The signer first sends {"name", "room"} or {"error"}; then, for the one frame of bytes it
receives, the DER signature of them, or {"error"}, and ends. It holds none of the command's
standard streams, dies with it, and is killed if the command ends first.
"""

import contextlib
import json
import os
import signal
import struct
import sys
from pathlib import Path
from typing import IO, Any

from advisor_app.export.signing import SigningError

_LENGTH = struct.Struct(">Q")
#: A signed export is a few hundred KB; nothing larger is read from the pipe.
MAX_FRAME = 256 * 1024 * 1024


def can_fork() -> bool:
    """Linux, and this process runs one thread: a fork copies only the calling thread, and a
    lock another thread held (Qt's, the allocator's) would stay locked in the signer forever."""
    if not (hasattr(os, "fork") and sys.platform.startswith("linux")):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def start_signer(path: Path, passphrase: bytes) -> "SignerProcess | None":
    """A signer process opening `path` with `passphrase`, or None where none can be forked."""
    if not can_fork():
        return None
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    command = os.getpid()
    opened: list[int] = []
    try:
        opened += os.pipe()
        opened += os.pipe()
        requests_read, requests_write, replies_read, replies_write = opened
        pid = os.fork()
    except OSError:  # no process or descriptor left (a container's limits): sign in process
        for descriptor in opened:
            with contextlib.suppress(OSError):
                os.close(descriptor)
        return None
    if pid == 0:  # the signer: it never returns into the command
        code = 0
        try:
            _detach(command)
            os.close(requests_write)
            os.close(replies_read)
            with os.fdopen(requests_read, "rb") as requests, os.fdopen(replies_write, "wb") as out:
                _serve(path, passphrase, requests, out)
        except BaseException:  # a broken pipe, a signal: the parent reports it
            code = 1
        finally:
            os._exit(code)
    os.close(requests_read)
    os.close(replies_write)
    return SignerProcess(pid, os.fdopen(replies_read, "rb"), os.fdopen(requests_write, "wb"))


def _detach(command: int) -> None:
    """The signer holds none of the command's standard streams (a caller reading them to their
    end is not kept waiting by it) and dies with the command (Linux's parent-death signal)."""
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.close(null)
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != command:  # the command was gone before the signal was asked for
        os._exit(1)


def _serve(path: Path, passphrase: bytes, requests: IO[bytes], replies: IO[bytes]) -> None:
    from advisor_app.export.signing import load_certificate

    try:
        certificate = load_certificate(path, passphrase)
        opened = {"name": certificate.name, "room": certificate.signature_room()}
        _send(replies, b"J", json.dumps(opened).encode())
    except Exception as error:  # the parent shows it in one line
        _send(replies, b"J", json.dumps({"error": _message(error)}).encode())
        return
    # One signature, then it ends: an export signs one PDF.
    request = _receive(requests)
    if request is None:
        return
    kind, data = request
    try:
        if kind != b"D":
            raise SigningError("the signer was sent something other than bytes to sign")
        _send(replies, b"D", certificate.cms_signature(data))
    except Exception as error:
        _send(replies, b"J", json.dumps({"error": _message(error)}).encode())


def _message(error: Exception) -> str:
    if isinstance(error, SigningError):
        return str(error)
    return f"the certificate could not be used ({type(error).__name__}: {error})"


def _send(stream: IO[bytes], kind: bytes, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload) + 1) + kind + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[bytes, bytes] | None:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    if not 1 <= length <= MAX_FRAME:
        raise SigningError("the signer's reply is malformed")
    frame = stream.read(length)
    if len(frame) != length:
        return None
    return frame[:1], frame[1:]


class SignerProcess:
    """The forked signer, as export/signing.py's SigningCertificate: its holder's name and room
    (waited for on first use), and CMS signatures of bytes. close() ends it."""

    def __init__(self, pid: int, replies: IO[bytes], requests: IO[bytes]) -> None:
        self._pid = pid
        self._replies = replies
        self._requests = requests
        self._opened: dict[str, Any] | None = None

    def _reply(self) -> tuple[bytes, bytes]:
        try:
            reply = _receive(self._replies)
        except OSError as error:
            raise SigningError(f"the signer stopped ({error.strerror})") from None
        if reply is None:
            raise SigningError("the signer stopped before it answered")
        kind, payload = reply
        if kind == b"J":
            try:
                message = json.loads(payload)
            except ValueError:
                raise SigningError("the signer's reply is malformed") from None
            if isinstance(message, dict) and "error" in message:
                raise SigningError(str(message["error"]))
        return kind, payload

    def opened(self) -> dict[str, Any]:
        """What the signer found in the certificate; SigningError as load_certificate says it."""
        if self._opened is None:
            kind, payload = self._reply()
            found = json.loads(payload) if kind == b"J" else None
            if not (
                isinstance(found, dict)
                and isinstance(found.get("name"), str)
                and type(found.get("room")) is int
            ):
                raise SigningError("the signer's reply is malformed")
            self._opened = found
        return self._opened

    @property
    def name(self) -> str:
        return str(self.opened()["name"])

    def signature_room(self) -> int:
        return int(self.opened()["room"])

    def cms_signature(self, data: bytes) -> bytes:
        self.opened()
        try:
            _send(self._requests, b"D", data)
        except OSError as error:
            raise SigningError(f"the signer stopped ({error.strerror})") from None
        kind, payload = self._reply()
        if kind != b"D":
            raise SigningError("the signer's reply is malformed")
        return payload

    def close(self) -> None:
        """End the signer and collect it: at once, even while it is still opening the
        certificate (an export that failed first does not wait for it)."""
        for stream in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(ChildProcessError, OSError):
            if os.waitpid(self._pid, os.WNOHANG) == (0, 0):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)

    def __enter__(self) -> "SignerProcess":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
