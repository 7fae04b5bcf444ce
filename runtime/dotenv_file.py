"""Read and rewrite dotenv files without disturbing what a person wrote in them.

The file keeps every line it was read with (comments, blank lines, `export ` prefixes,
even lines it could not understand), so setting or removing one key rewrites only that
key's line. Values are written in the most portable form that round-trips: bare when
they are plain, single-quoted when that needs no escapes, double-quoted otherwise, with
`$` escaped because the LiveKit CLI (godotenv) expands variables inside double quotes.
Variable references in values that were written by hand are kept literally.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BINDING = re.compile(r"[ \t]*(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*")
_BARE_SAFE = re.compile(r"[A-Za-z0-9_\-.:/+@%~,=]+")
_DOUBLE_QUOTE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


class DotenvError(ValueError):
    """A name or value that cannot be stored in a dotenv file."""


@dataclass
class _Line:
    """One logical line: a binding (`name` set) or text kept verbatim."""

    raw: str
    name: str | None = None
    value: str = ""
    exported: bool = False


@dataclass
class DotenvProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class DotenvFile:
    """The parsed content of one dotenv file; `save()` writes it back atomically, mode 600."""

    path: Path
    _lines: list[_Line] = field(default_factory=list)
    problems: list[DotenvProblem] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> DotenvFile:
        from runtime.files import read_text

        path = Path(path)
        try:
            text = read_text(path)  # a FIFO, a folder or a huge file: UnreadableFile
        except FileNotFoundError:
            text = ""
        lines, problems = parse_lines(text)
        return cls(path=path, _lines=lines, problems=problems)

    def as_dict(self) -> dict[str, str]:
        """Name -> value; a name bound twice keeps its last value, as dotenv loaders do."""
        return {line.name: line.value for line in self._lines if line.name is not None}

    def names(self) -> list[str]:
        return list(self.as_dict())

    def get(self, name: str) -> str | None:
        return self.as_dict().get(name)

    def set(self, name: str, value: str) -> None:
        check_name(name)
        if "\x00" in value:
            raise DotenvError(f"the value of {name} contains a NUL character")
        bindings = [line for line in self._lines if line.name == name]
        if not bindings:
            if self._lines and not self._lines[-1].raw.endswith("\n"):
                self._lines[-1].raw += "\n"
            self._lines.append(_Line(raw=format_binding(name, value), name=name, value=value))
            return
        first, *duplicates = bindings
        first.value = value
        first.raw = format_binding(name, value, exported=first.exported)
        self._lines = [line for line in self._lines if not any(line is d for d in duplicates)]

    def unset(self, name: str) -> bool:
        kept = [line for line in self._lines if line.name != name]
        removed = len(kept) != len(self._lines)
        self._lines = kept
        return removed

    def text(self) -> str:
        return "".join(line.raw for line in self._lines)

    def save(self) -> None:
        write_private_file(self.path, self.text())


def check_name(name: str) -> None:
    if not NAME_PATTERN.fullmatch(name or ""):
        raise DotenvError(
            f"{name!r} is not a valid secret name: use letters, digits and '_', "
            "not starting with a digit (e.g. SHOP_TOKEN)"
        )


def format_value(value: str) -> str:
    if value == "" or _BARE_SAFE.fullmatch(value):
        return value
    if not any(ch in value for ch in "'\\\n\r"):
        return f"'{value}'"
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("$", "\\$")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def lk_can_carry(value: str) -> bool:
    """Whether the LiveKit CLI reads `value` back exactly from `format_value(value)`.

    Its parser (godotenv) treats a quote after a backslash as escaped even when the
    backslash is itself escaped, and trims every quote character at the ends of a
    double-quoted value, so a double-quoted value cannot end in a backslash or a quote.
    """
    if not format_value(value).startswith('"'):
        return True
    return not value.endswith(("\\", '"'))


def format_binding(name: str, value: str, exported: bool = False) -> str:
    prefix = "export " if exported else ""
    return f"{prefix}{name}={format_value(value)}\n"


def render(values: dict[str, str]) -> str:
    """A fresh dotenv text holding exactly `values`, in the given order."""
    for name in values:
        check_name(name)
    return "".join(format_binding(name, value) for name, value in values.items())


def write_private_file(path: Path, text: str) -> None:
    """Replace `path` atomically with a file only its owner can read (mode 600)."""
    path = Path(os.path.realpath(path))  # through a symlink to its target, keeping the link
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mkstemp: mode 600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse(text: str) -> dict[str, str]:
    lines, _ = parse_lines(text)
    return {line.name: line.value for line in lines if line.name is not None}


def parse_lines(text: str) -> tuple[list[_Line], list[DotenvProblem]]:
    lines: list[_Line] = []
    problems: list[DotenvProblem] = []
    pos = 0
    line_no, counted_to = 1, 0
    while pos < len(text):
        line_no += text.count("\n", counted_to, pos)
        counted_to = pos
        line_end = _end_of_line(text, pos)
        physical = text[pos:line_end].rstrip("\n")
        stripped = physical.strip()
        if not stripped or stripped.startswith("#"):
            lines.append(_Line(raw=text[pos:line_end]))
            pos = line_end
            continue
        match = _BINDING.match(physical)
        if match is None:
            # The line itself is never echoed: it may be a pasted secret.
            problems.append(DotenvProblem(line_no, "not a NAME=value line (kept as it is)"))
            lines.append(_Line(raw=text[pos:line_end]))
            pos = line_end
            continue
        value_start = pos + match.end()
        try:
            value, end = _read_value(text, value_start)
        except DotenvError as exc:
            problems.append(DotenvProblem(line_no, str(exc)))
            lines.append(_Line(raw=text[pos:line_end]))
            pos = line_end
            continue
        lines.append(
            _Line(raw=text[pos:end], name=match.group(2), value=value, exported=bool(match.group(1)))
        )
        pos = end
    return lines, problems


def _end_of_line(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline == -1 else newline + 1


def _read_value(text: str, start: int) -> tuple[str, int]:
    """The value starting at `start` and the index just past its line."""
    quote = text[start] if start < len(text) else ""
    if quote not in ("'", '"'):
        line_end = _end_of_line(text, start)
        value = text[start:line_end].rstrip("\n")
        comment = re.search(r"[ \t]#", value)
        if comment:
            value = value[: comment.start()]
        return value.strip(), line_end
    chars: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == quote:
            return "".join(chars), _end_of_line(text, i)
        if ch == "\\" and quote == '"' and i + 1 < len(text):
            nxt = text[i + 1]
            chars.append(_DOUBLE_QUOTE_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        chars.append(ch)
        i += 1
    raise DotenvError(f"the quote {quote} opened here is never closed")

