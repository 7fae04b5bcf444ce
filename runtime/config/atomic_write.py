"""Atomic file replacement: a temp file in the same directory, fsync, rename."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from runtime.config.errors import SaveError


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data`; the file keeps its mode (a new one gets the umask's),
    unless `mode` says otherwise."""
    # Write through a symlink to its target: renaming over the link would replace it.
    path = Path(os.path.realpath(path))
    directory = path.parent
    try:
        existing = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        existing = 0o666 & ~umask
    mode = existing if mode is None else mode
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise SaveError(f"cannot write {path}: {exc.strerror} (the file is unchanged)") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise SaveError(f"cannot write {path}: {exc.strerror} (the file is unchanged)") from None
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
