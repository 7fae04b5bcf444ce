"""Validation of the agent file: every problem with severity, dotted path, line and column.

Shape checks (unknown keys, types, enums, constraints, required keys) are derived from the
declarations; the cross-field rules of the format live in `rules.py`.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from runtime.config import declarations as decl
from runtime.config.errors import ConfigLoadError
from runtime.config.locate import locate_keys, position_of
from runtime.config.paths import Path, format_path
from runtime.config.textfile import parse_toml

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" | "warning"
    path: str  # dotted, e.g. tools.http[0].url; "" for the whole file
    message: str
    line: int = 0
    col: int = 0

    def format(self, filename: str) -> str:
        """One line, whatever the keys and values hold (controls are escaped)."""
        from runtime.printable import printable

        where = f"{printable(filename)}:{self.line}:{self.col}"
        subject = f"{printable(self.path)}: " if self.path else ""
        return f"{where}: {self.severity}: {subject}{printable(self.message)}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# (severity, path, message) before positions are attached.
Finding = tuple[str, Path, str]

_TYPE_WORDS = {
    "string": "text",
    "enum": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "table": "a table",
    "map": "a table",
    "headers": 'a table of header names to text, like { Authorization = "..." }',
    "array": "a list of tables ([[...]] sections)",
    "json": "text, a finite number, true/false, a list or a table",
}


def validate(source: Any) -> list[Problem]:
    """Check an `AgentDocument` or TOML text. Problems come sorted by position."""
    if isinstance(source, str):
        return validate_text(source, check_data)
    return _located(source.text, check_data(source.to_dict()))


def validate_text(text: str, check: Callable[[dict[str, Any]], list[Finding]]) -> list[Problem]:
    """Parse TOML text, check its data with `check` and place each finding at its line
    and column: the agent file's pipeline, for any file declared with `Spec`s."""
    try:
        data = parse_toml(text, "<text>")
    except ConfigLoadError as exc:
        return [Problem(ERROR, "", exc.message, exc.line, exc.col)]
    return _located(text, check(data))


def _located(text: str, found: list[Finding]) -> list[Problem]:
    # Locating every key costs as much as the checks: only a file with problems needs it.
    positions = locate_keys(text) if found else {}
    problems = [
        Problem(severity, format_path(path), message, *position_of(positions, path))
        for severity, path, message in found
    ]
    return sorted(problems, key=lambda p: (p.line, p.col, p.severity != ERROR))


def is_unreadable(problems: list[Problem]) -> bool:
    """True when the only problem is that the text is not TOML at all."""
    return (
        len(problems) == 1
        and problems[0].path == ""
        and problems[0].message.startswith(("not valid TOML", "arrays or tables nested"))
    )


def check_data(data: dict[str, Any]) -> list[Finding]:
    """All findings for plain config data (no positions)."""
    from runtime.config.rules import check_rules

    findings = check_shape(data, decl.ROOT)
    findings.extend(check_rules(data))
    return findings


def check_shape(data: Any, spec: decl.Spec, path: Path = ()) -> list[Finding]:
    """Unknown keys, types, enums, constraints and required keys of `data` against a
    declaration tree (the agent file's, or another file declared the same way)."""
    findings: list[Finding] = []
    _check(data, spec, path, findings)
    return findings


def add(out: list[Finding], severity: str, path: Path, message: str) -> None:
    out.append((severity, path, message))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _where(path: Path) -> str:
    return f"[{format_path(path)}]" if path else "the top level"


def _check(value: Any, spec: decl.Spec, path: Path, out: list[Finding]) -> None:
    if not _type_ok(value, spec):
        add(out, ERROR, path, f"expected {_TYPE_WORDS[spec.kind]}, found {_describe(value)}")
        return
    if spec.kind == "table":
        _check_table(value, spec, path, out)
    elif spec.kind == "array":
        for index, item in enumerate(value):
            _check(item, spec.item, (*path, index), out)  # type: ignore[arg-type]
    elif spec.kind in ("map", "headers"):
        for key, item in value.items():
            if spec.pattern and not re.fullmatch(spec.pattern, key):
                add(out, ERROR, (*path, key), f"'{key}' is not a valid name: {spec.pattern_hint}")
            _check(item, spec.item, (*path, key), out)  # type: ignore[arg-type]
    else:
        _check_scalar(value, spec, path, out)


def _check_table(value: dict[str, Any], spec: decl.Spec, path: Path, out: list[Finding]) -> None:
    known = [child.key for child in spec.children]
    for key, item in value.items():
        child = spec.child(key)
        if child is None:
            hint = did_you_mean(key, known)
            add(out, ERROR, (*path, key), f"unknown key '{key}' in {_where(path)}{hint}")
        else:
            _check(item, child, (*path, key), out)
    for child in spec.children:
        if child.required and child.key not in value:
            add(out, ERROR, path, f"missing required key '{child.key}' in {_where(path)}")
        elif child.kind == "table" and child.key not in value:
            _check_table({}, child, (*path, child.key), out)  # its own required keys


def _check_scalar(value: Any, spec: decl.Spec, path: Path, out: list[Finding]) -> None:
    if spec.kind == "enum" and value not in spec.enum:
        choices = ", ".join(spec.enum)
        hint = did_you_mean(str(value), spec.enum)
        add(out, ERROR, path, f"'{value}' is not one of: {choices}{hint}")
    if isinstance(value, str):
        if spec.min_length is not None and len(value) < spec.min_length:
            add(
                out,
                ERROR,
                path,
                "must not be empty"
                if spec.min_length == 1
                else f"must be at least {spec.min_length} characters",
            )
        if spec.max_length is not None and len(value) > spec.max_length:
            add(
                out,
                ERROR,
                path,
                f"is {len(value):,} characters long; the limit is {spec.max_length:,}",
            )
        if spec.pattern and value and not re.fullmatch(spec.pattern, value):
            add(out, ERROR, path, f"'{clip(value)}' is not valid: {spec.pattern_hint}")
    elif spec.kind == "number" and math.isnan(value):
        add(out, ERROR, path, "nan is not a number this can use")
    elif spec.kind in ("integer", "number"):
        too_low = spec.minimum is not None and value < spec.minimum
        too_high = spec.maximum is not None and value > spec.maximum
        if too_low or too_high:
            add(out, ERROR, path, _range_message(value, spec))


def _range_message(value: Any, spec: decl.Spec) -> str:
    if spec.key == "version":
        return f"format version {value} is not supported (this agent-builder reads version 1)"
    return f"{value} is outside the allowed range {spec.minimum:g} to {spec.maximum:g}"


def _type_ok(value: Any, spec: decl.Spec) -> bool:
    kind = spec.kind
    if kind == "json":
        return _is_json_value(value)
    if kind in ("string", "enum"):
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return isinstance(value, dict)


def _is_json_value(value: Any) -> bool:
    """What JSON can carry: TOML's dates and times cannot (they have no JSON form)."""
    if isinstance(value, dict):
        return all(_is_json_value(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_json_value(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)  # JSON has no inf or nan
    return isinstance(value, (str, int, bool))


def _describe(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return f"the date or time {value.isoformat()}"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the text '{clip(value)}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
