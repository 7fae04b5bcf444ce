"""Where each key of a TOML text starts: path -> (line, column), both 1-based.

The standard parser keeps no positions, so problems would have no line numbers without
this. It reads the layout the editor uses (`toml_syntax`) and records the position of
every key, table header and array element; a table with no header of its own
(`tools` of `[[tools.http]]`) is where its first table starts.
"""

from __future__ import annotations

import bisect

from runtime.config.paths import Path
from runtime.config.toml_syntax import Value, scan


def _offsets(text: str) -> dict[Path, int]:
    offsets: dict[Path, int] = {}
    for line in scan(text, partial=True).lines:
        if line.kind == "header":
            for depth in range(1, len(line.path) + 1):
                offsets.setdefault(line.path[:depth], line.start)
        elif line.kind == "stmt":
            start = line.keys[0].start
            for depth in range(len(line.table) + 1, len(line.path) + 1):
                offsets.setdefault(line.path[:depth], start)
            _value_offsets(line.value, line.path, offsets)
    return offsets


def _value_offsets(value: Value | None, path: Path, offsets: dict[Path, int]) -> None:
    if value is None:
        return
    if value.kind == "array":
        for index, item in enumerate(value.items):
            offsets.setdefault((*path, index), item.start)
            _value_offsets(item, (*path, index), offsets)
    elif value.kind == "table":
        for entry in value.items:
            names = tuple(key.name for key in entry.keys)
            for depth in range(1, len(names) + 1):
                offsets.setdefault((*path, *names[:depth]), entry.keys[0].start)
            _value_offsets(entry.value, (*path, *names), offsets)


def locate_keys(text: str) -> dict[Path, tuple[int, int]]:
    """Map every key path of a valid TOML text to its (line, column), 1-based. On text
    that is not TOML it returns what it found before losing its way."""
    line_starts = [0]
    newline = text.find("\n")
    while newline >= 0:
        line_starts.append(newline + 1)
        newline = text.find("\n", newline + 1)
    positions: dict[Path, tuple[int, int]] = {}
    for path, offset in _offsets(text).items():
        line = bisect.bisect_right(line_starts, offset)
        positions[path] = (line, offset - line_starts[line - 1] + 1)
    return positions


def position_of(positions: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
    """The position of `path`, or of its nearest ancestor that is in the text (1, 1 if none)."""
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return (1, 1)
