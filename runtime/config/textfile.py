"""Reading an agent file's text: UTF-8 with positions for bad bytes, BOM aware, and
the standard parser's data with the line and column of what it refuses.

Kept apart from the editing layer so `agent-builder validate` loads only this.
"""

from __future__ import annotations

import ast
import os
import re
import tomllib

from runtime.config.errors import ConfigLoadError, ConfigUnreadableError

BOM = "\ufeff"


def decode_bytes(data: bytes, source: str) -> str:
    from runtime.files import bad_byte

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = bad_byte(data, exc)
        raise ConfigUnreadableError(
            source, f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)", line, col
        ) from None


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes; a FIFO, a directory, a huge or unreadable file is a
    ConfigLoadError saying which."""
    from runtime.files import UnreadableFile, read_bytes

    try:
        return read_bytes(path)
    except FileNotFoundError:
        raise ConfigUnreadableError(str(path), "cannot read the file: it does not exist") from None
    except UnreadableFile as exc:
        raise ConfigUnreadableError(str(path), f"cannot read the file: it {exc.reason}") from None


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's text (without a byte-order mark), or ConfigLoadError saying why not."""
    return decode_bytes(read_file(path), str(path)).removeprefix(BOM)


def toml_error_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int, int]:
    """(message, line, column) of the standard parser's complaint about `text`."""
    match = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(exc))
    if match is not None:
        return _keys_as_written(match.group(1)), int(match.group(2)), int(match.group(3))
    last_line = text.rsplit("\n", 1)[-1]
    message = str(exc).removesuffix(" (at end of document)")
    return f"{message} at the end of the file", text.count("\n") + 1, len(last_line) + 1


_STR = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_KEY_TUPLE = re.compile(rf"\((?:{_STR})(?:, (?:{_STR}))*,?\)")


def _keys_as_written(message: str) -> str:
    """The parser names keys as Python tuples (`Cannot declare ('agent',) twice`): say
    them as the file writes them (`agent`)."""
    from runtime.config import toml_render

    def dotted(match: re.Match[str]) -> str:
        try:
            return toml_render.dotted(ast.literal_eval(match.group(0)))
        except (ValueError, SyntaxError, toml_render.UnstorableValue):
            return match.group(0)

    return _KEY_TUPLE.sub(dotted, message)


_NESTING_LIMIT = 100  # the standard parser recurses: much deeper text exhausts the stack
_STRING = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{3,5}|\'\'\'[\s\S]*?\'{3,5}|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where arrays and inline tables nest deeper than anyone writes."""
    depth = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in "\"'#":
            match = _STRING.match(text, pos)
            pos = match.end() if match else pos + 1
            continue
        if ch in "[{":
            depth += 1
            if depth > _NESTING_LIMIT:
                line = text.count("\n", 0, pos) + 1
                return line, pos - (text.rfind("\n", 0, pos) + 1) + 1
        elif ch in "]}":
            depth = max(depth - 1, 0)
        pos += 1
    return None


def parse_toml(text: str, source: str) -> dict:
    """The data of a TOML text, or `ConfigLoadError` with the line and column."""
    where = _too_deep(text) if text.count("[") + text.count("{") > _NESTING_LIMIT else None
    if where is not None:
        raise ConfigLoadError(
            source, f"arrays or tables nested more than {_NESTING_LIMIT} deep", *where
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, col = toml_error_position(exc, text)
        raise ConfigLoadError(source, f"not valid TOML: {message}", line, col) from None
    except RecursionError:  # nesting the scan above did not see (it never should)
        raise ConfigLoadError(source, "arrays or tables nested too deeply", 1, 1) from None
