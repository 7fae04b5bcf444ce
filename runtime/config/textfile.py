"""Reading an agent file's text: UTF-8 with positions for bad bytes, BOM aware.

Kept apart from the TOML document so `agent-builder validate` does not load tomlkit.
"""

from __future__ import annotations

import os
import re
import tomllib
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


def toml_error_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int, int]:
    """(message, line, column) of the standard parser's complaint about `text`."""
    match = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(exc))
    if match is not None:
        return match.group(1), int(match.group(2)), int(match.group(3))
    last_line = text.rsplit("\n", 1)[-1]
    message = str(exc).removesuffix(" (at end of document)")
    return f"{message} at the end of the file", text.count("\n") + 1, len(last_line) + 1


def parse_toml(text: str, source: str) -> dict:
    """The data of a TOML text, or `ConfigLoadError` with the line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, col = toml_error_position(exc, text)
        raise ConfigLoadError(source, f"not valid TOML: {message}", line, col) from None
