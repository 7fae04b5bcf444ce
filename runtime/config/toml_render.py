"""Writing values and keys the way a person writes TOML.

Multi-line text is a block that starts on its own line; text with quotes or backslashes
and nothing a literal string cannot hold is written as a literal ('...'), which needs no
escapes; inline tables are spaced `{ key = value }`. Every function raises
`UnstorableValue` for what TOML cannot hold (None, objects, lone surrogates, integers
outside 64 bits), before anything is written.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SINGLE_LINE_ESCAPES = re.compile(r'[\\"\x00-\x08\x0a-\x1f\x7f]')
# A multi-line basic string holds newlines and tabs as they are, and needs a quote
# escaped only where it would start a run of three or stand right before the end.
_MULTI_LINE_ESCAPES = re.compile(r'[\\\x00-\x08\x0b-\x1f\x7f]|"(?=""|\Z)')
_LITERAL_UNSAFE = re.compile(r"['\x00-\x08\x0a-\x1f\x7f]")
_ML_LITERAL_UNSAFE = re.compile(r"'''|[\x00-\x08\x0b-\x1f\x7f]|'\Z")
_SHORT_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_INT_RANGE = (-(2**63), 2**63 - 1)


class UnstorableValue(ValueError):
    """A value TOML cannot hold."""


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnstorableValue("text with a lone surrogate character cannot be stored") from None


def key(name: str) -> str:
    """A key as written: bare when it can be, else quoted."""
    if not isinstance(name, str):
        raise UnstorableValue(f"a key must be text, not {type(name).__name__}")
    _check_text(name)
    if _BARE_KEY.fullmatch(name):
        return name
    return '"' + _SINGLE_LINE_ESCAPES.sub(_escape, name) + '"'


def dotted(names: list[str] | tuple[str, ...]) -> str:
    return ".".join(key(name) for name in names)


def string(
    text: str, *, inline: bool = False, newline: str = "\n", like: str | None = None
) -> str:
    """A string literal. `like` is the kind of the string it replaces (see
    `toml_syntax.Value.kind`): a block stays a block, a literal stays literal."""
    _check_text(text)
    if not inline and ("\n" in text or like in ("ml_basic", "ml_literal")):
        literal_ok = not _ML_LITERAL_UNSAFE.search(text)
        if literal_ok and (like == "ml_literal" or "\\" in text):
            return "'''" + newline + text.replace("\n", newline) + "'''"
        body = _MULTI_LINE_ESCAPES.sub(_escape, text)
        return '"""' + newline + body.replace("\n", newline) + '"""'
    literal_ok = not _LITERAL_UNSAFE.search(text)
    if literal_ok and (like == "literal" or '"' in text or "\\" in text):
        return "'" + text + "'"
    return '"' + _SINGLE_LINE_ESCAPES.sub(_escape, text) + '"'


def value(item: Any, *, inline: bool = False, newline: str = "\n", like: str | None = None) -> str:
    """Any value as written after `key = ` (tables and arrays inline)."""
    if isinstance(item, str):
        return string(item, inline=inline, newline=newline, like=like)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        if not _INT_RANGE[0] <= item <= _INT_RANGE[1]:
            raise UnstorableValue(f"{item} is outside the 64-bit range TOML integers have")
        return str(item)
    if isinstance(item, float):
        if math.isnan(item):
            return "nan"
        if math.isinf(item):
            return "inf" if item > 0 else "-inf"
        return repr(item)
    if isinstance(item, datetime.datetime | datetime.date):
        return item.isoformat()
    if isinstance(item, datetime.time):
        if item.tzinfo is not None:
            raise UnstorableValue("a time of day with a time zone cannot be stored")
        return item.isoformat()
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(v, inline=True, newline=newline) for v in item) + "]"
    if isinstance(item, dict):
        return inline_table(item, newline=newline)
    raise UnstorableValue(f"{type(item).__name__} values cannot be stored in TOML")


def inline_table(values: dict[str, Any], newline: str = "\n") -> str:
    if not values:
        return "{}"
    pairs = ", ".join(f"{key(k)} = {value(v, inline=True, newline=newline)}" for k, v in values.items())
    return "{ " + pairs + " }"


def check_storable(item: Any) -> None:
    """Raise `UnstorableValue` unless `item` can be written (checks the whole tree)."""
    if isinstance(item, dict):
        for k, v in item.items():
            key(k)
            check_storable(v)
    elif isinstance(item, list | tuple):
        for v in item:
            check_storable(v)
    elif isinstance(item, str):
        _check_text(item)
    else:
        value(item, inline=True)
