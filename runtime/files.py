"""Reading the files a command is given, and checking where it may write, safely.

A path on a command line may name anything: a FIFO (reading it would wait forever), a
directory, a symlink loop, a device, a file nobody may read, a file of gigabytes. Every
command reads its inputs through `read_bytes` / `read_text`, which refuse those with a
one-line `UnreadableFile`, and checks its outputs with `check_output`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 16 * 1024 * 1024  # an agent file, a secrets file or a script is far smaller


class UnreadableFile(OSError):
    """A path that cannot be read (or written) as asked; the message says why, on one line."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = self.strerror = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is a device, not a file"


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file; `UnreadableFile` for anything else (FileNotFoundError
    passes through as such, for callers to whom a missing file means something)."""
    try:
        # Non-blocking: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, _kind(info.st_mode))
        if info.st_size > limit:
            raise UnreadableFile(path, f"is too large ({info.st_size:,} bytes; the limit is {limit:,})")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(path, f"is too large (over {limit:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        if isinstance(exc, UnreadableFile):
            raise
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def bad_byte(data: bytes, exc: UnicodeDecodeError) -> tuple[int, int]:
    """(line, column) of the byte UTF-8 could not decode."""
    line = data.count(b"\n", 0, exc.start) + 1
    return line, exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1


def decode(data: bytes, path: str | os.PathLike[str]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = bad_byte(data, exc)
        raise UnreadableFile(
            path, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}, column {col})"
        ) from None


def read_text(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> str:
    return decode(read_bytes(path, limit), path)


def check_output(
    path: str | os.PathLike[str], force: bool = False, written_by: str | None = None
) -> None:
    """Refuse to write `path` unless it is new, or an existing regular file and `force`,
    or a file this command wrote before: `written_by` is a mark its output always opens
    with (a title, a header line), looked for in the file's first bytes. A directory, a
    FIFO, a symlink loop or a missing folder is never written."""
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        if not target.parent.is_dir() and str(target.parent):
            raise UnreadableFile(path, "cannot be written: its folder does not exist") from None
        if target.is_symlink():
            raise UnreadableFile(path, "is a symlink to nothing; not writing through it") from None
        return
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be written ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(path, _kind(info.st_mode))
    if force or (written_by is not None and written_by in _head(path)):
        return
    raise FileExistsError(path)


def _head(path: str | os.PathLike[str], size: int = 512) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return ""
    try:
        return os.read(fd, size).decode("utf-8", "replace") if stat.S_ISREG(os.fstat(fd).st_mode) else ""
    except OSError:
        return ""
    finally:
        os.close(fd)


def check_folder(path: str | os.PathLike[str]) -> None:
    """Refuse a folder to write into that is something else: a file, a FIFO, a symlink
    loop. A folder that does not exist yet is fine (it is made)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be used as a folder ({exc.strerror or exc})") from None
    if not stat.S_ISDIR(info.st_mode):
        kind = "is a file" if stat.S_ISREG(info.st_mode) else _kind(info.st_mode).split(",")[0]
        raise UnreadableFile(path, f"{kind}, not a folder")


def folder_of(path: str | os.PathLike[str]) -> Path:
    """The folder a file lives in, symlinks resolved where they can be (a symlink loop
    gives the folder the path names)."""
    try:
        return Path(path).resolve().parent
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path)).parent
