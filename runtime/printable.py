"""Text from a file made safe to print: control characters shown as escapes.

A key or value of an agent file may hold anything, including terminal escape sequences
and line breaks; printed as they are, they would drive the terminal or break the
one-problem-per-line output. Everything a command prints that came from a file or the
user goes through `printable` (or `json_safe` inside JSON).
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line and paragraph separators, bidirectional overrides.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What json.dumps leaves raw inside strings (it escapes the C0 controls itself).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, keep_lines: bool = False) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`); with
    `keep_lines`, line breaks stay (a message written on several lines on purpose)."""
    if keep_lines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in str(text).split("\n"))
    return _UNSAFE.sub(_escape, str(text))


def json_safe(rendered_json: str) -> str:
    """JSON text with the controls JSON allows raw (DEL, C1, separators) escaped."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", rendered_json)
