"""Reading an agent file's text: UTF-8 with positions for bad bytes, BOM aware.

Kept apart from the TOML document so `agent-builder validate` does not load tomlkit.
"""

from __future__ import annotations

import os
from pathlib import Path

from runtime.config.errors import ConfigLoadError

BOM = "\ufeff"


def decode_bytes(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigLoadError(
            source, f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)", line, col
        ) from None


def read_file(path: str | os.PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigLoadError(str(path), f"cannot read the file: {exc.strerror}") from None


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's text (without a byte-order mark), or ConfigLoadError saying why not."""
    return decode_bytes(read_file(path), str(path)).removeprefix(BOM)
