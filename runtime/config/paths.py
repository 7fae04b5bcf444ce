"""Dotted paths into the agent file: `tools.http[0].headers."X-Api-Key"`.

A parsed path is a tuple of keys (str) and list indexes (int). Keys that are not bare
TOML keys are written in double quotes.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]
MISSING: object = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOKEN = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)|\[(\d+)\])')


class PathError(ValueError):
    """A dotted path that cannot be parsed."""


def parse_path(text: str | Path) -> Path:
    if isinstance(text, tuple):
        return text
    parts: list[str | int] = []
    pos = 0
    expect_key = True
    while pos < len(text):
        if not expect_key and text[pos] == ".":
            pos += 1
            expect_key = True
            continue
        match = _TOKEN.match(text, pos)
        if match is None or (not expect_key and match.group(4) is None):
            raise PathError(f"cannot read the path {text!r} at character {pos + 1}")
        quoted, literal, bare, index = match.groups()
        if index is not None:
            if not parts:
                raise PathError(f"the path {text!r} starts with an index")
            parts.append(int(index))
        elif quoted is not None:
            import json  # quoted keys are rare: not loaded for every program that reads paths

            parts.append(json.loads(f'"{quoted}"'))
        else:
            parts.append(literal if literal is not None else bare)
        pos = match.end()
        expect_key = False
    if expect_key and parts:
        raise PathError(f"the path {text!r} ends with a dot")
    return tuple(parts)


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        if _BARE_KEY.fullmatch(part):
            key = part
        else:
            import json

            key = json.dumps(part)
        out += f".{key}" if out else key
    return out


def lookup(data: object, path: Path) -> object:
    """The value at `path` in plain data (dicts and lists), or MISSING."""
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                return MISSING
        elif not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node
