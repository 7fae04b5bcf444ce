"""Config values as Python, TOML and shell source text.

A config string reaches generated source only through these functions: they return a
`PySource` (text that is already valid source), and the Python templates refuse to print
anything else (see `render.finalize_python`). `ast.literal_eval(py_literal(v)) == v` for
every value a TOML file can hold.
"""

from __future__ import annotations

import json
import keyword
import math
import re
import shlex
from typing import Any


class PySource(str):
    """Text that is valid Python source as it stands (a literal, a name, an annotation)."""


_INDENT = "    "


def py_str(value: str) -> PySource:
    """A string literal quoted as `ruff format` quotes it: double quotes unless the text
    holds more double than single quotes; control characters escaped as `repr` does."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    body = []
    for ch in value:
        if ch == "\\" or ch == quote:
            body.append("\\" + ch)
        elif ch.isprintable():
            body.append(ch)
        else:
            body.append(repr(ch)[1:-1])
    return PySource(quote + "".join(body) + quote)


def _fits_triple_quotes(value: str) -> bool:
    # Anything a reader could misread (escapes, control characters, invisible trailing
    # spaces that linters flag) falls back to the single-line escaped form.
    if "\\" in value or '"""' in value or value.endswith('"'):
        return False
    for line in value.split("\n"):
        if line != line.rstrip() or not all(ch.isprintable() or ch == "\t" for ch in line):
            return False
    return "\t" not in value


def py_text(value: str) -> PySource:
    """Like `py_str`, but multi-line prose becomes a readable triple-quoted block.

    The block starts with `\"\"\"\\` so the text's first line sits at column 0 with no
    leading newline added; use it only where the value starts a line of its own (a
    module-level constant), since the block's lines are never indented.
    """
    if "\n" in value.rstrip("\n") and _fits_triple_quotes(value):
        return PySource('"""\\\n' + value + '"""')
    return py_str(value)


def py_literal(value: Any, indent: int = 0) -> PySource:
    """Any TOML/JSON-shaped value as a literal; dicts and lists wrap one item a line."""
    if isinstance(value, PySource):
        return value
    if value is None or isinstance(value, bool | int):
        return PySource(repr(value))
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return PySource(f'float("{value}")')
        return PySource(repr(value))
    if isinstance(value, str):
        return py_str(value)
    pad, inner = _INDENT * indent, _INDENT * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return PySource("{}")
        items = [f"{inner}{py_str(str(k))}: {py_literal(v, indent + 1)}," for k, v in value.items()]
        return PySource("{\n" + "\n".join(items) + f"\n{pad}}}")
    if isinstance(value, list | tuple):
        if not value:
            return PySource("[]")
        items = [f"{inner}{py_literal(v, indent + 1)}," for v in value]
        return PySource("[\n" + "\n".join(items) + f"\n{pad}]")
    raise TypeError(f"cannot write a {type(value).__name__} as a Python literal")


def is_plain_identifier(name: str) -> bool:
    """True when `name` can be used as a Python name as it is."""
    return name.isidentifier() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


def py_name(name: str, *, taken: frozenset[str] | set[str] = frozenset()) -> PySource:
    """A Python name for a config name: itself when possible, else a close variant."""
    candidate = re.sub(r"\W", "_", name) or "_"
    if candidate[0].isdigit():
        candidate = f"_{candidate}"
    while not is_plain_identifier(candidate) or candidate in taken:
        candidate += "_"
    return PySource(candidate)


def class_name(agent_name: str, suffix: str = "Agent") -> PySource:
    """`front-desk` -> `FrontDeskAgent`."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", agent_name) if w]
    stem = "".join(w[:1].upper() + w[1:] for w in words)
    if not stem or stem[0].isdigit():
        stem = suffix + stem
        return py_name(stem)
    return py_name(stem if stem.endswith(suffix) else stem + suffix)


def constant_name(name: str) -> PySource:
    """`lookup_order` -> `LOOKUP_ORDER`."""
    return py_name(re.sub(r"\W", "_", name).upper())


def toml_str(value: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's, except for DEL)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def shell_quote(value: str) -> str:
    return shlex.quote(value)


def json_text(value: Any) -> str:
    """Compact, key-ordered JSON for docs and examples."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def json_pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def md_cell(value: Any) -> str:
    """Text on one line of a Markdown table: no line breaks, pipes escaped. A value that
    is not text (a mock metadata value may be any JSON) is shown as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return " ".join(text.split()).replace("|", "\\|")
