"""Where everything is in a TOML text: the span of every key, value, header and comment.

The editor changes a file by splicing its text, so it needs to know exactly where each
piece is written; the standard parser says only what the text means. `scan` reads text
that the standard parser has already accepted (it does not check validity), and builds:

- `Line`s: every logical line of the top level, in order (blank, comment, key/value
  statement, table header); a statement with a multi-line value is one line.
- For each statement and header, the resolved path of what it defines: a header
  `[tools.http.parameters]` after the second `[[tools.http]]` defines
  `("tools", "http", 1, "parameters")`.
- `Value`s with their spans, and for arrays and inline tables their items.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# One part of a (dotted) key, the spaces around it and the dot after it, if any.
_KEY_PART = re.compile(
    r"""[ \t]*([A-Za-z0-9_-]+|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')[ \t]*(\.)?"""
)
_BASIC = re.compile(r'"(?:[^"\\\r\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\r\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{3,5}')
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*'{3,5}")
_SCALAR = re.compile(r"[^,\]}#\r\n]+")
_SPACE = re.compile(r"[ \t]*")
_COMMENT = re.compile(r"#[^\r\n]*")
# Tells TOML editors (taplo, tombi) where the schema is: a comment of the file's, kept first.
DIRECTIVE = "#:schema"
_ESCAPE = re.compile(r'\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[btnfr"\\])')
_SHORT = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class ScanError(Exception):
    """The text is not laid out as the scanner expects (it should have been valid TOML)."""


@dataclass(eq=False, slots=True)
class KeyPart:
    name: str
    start: int
    end: int


@dataclass(eq=False, slots=True)
class Value:
    """A value as written. `kind`: basic, literal, ml_basic, ml_literal (strings),
    scalar (numbers, booleans, dates), array, table (inline)."""

    kind: str
    start: int
    end: int
    items: list = field(default_factory=list)  # Value (array) or Entry (inline table)
    # Arrays: where each item's trailing comma is, or -1 (for removing an item).
    commas: list[int] = field(default_factory=list)

    @property
    def is_string(self) -> bool:
        return self.kind in ("basic", "literal", "ml_basic", "ml_literal")

    @property
    def is_multiline(self) -> bool:
        return self.kind in ("ml_basic", "ml_literal")


@dataclass(eq=False, slots=True)
class Entry:
    """`key = value` inside an inline table."""

    keys: list[KeyPart]
    value: Value
    start: int
    end: int  # after the value


@dataclass(eq=False, slots=True)
class Line:
    """One logical line of the top level.

    kind: "blank", "comment", "stmt" (key = value) or "header" ([table] / [[array]]).
    `start` is where the line begins, `end` just after its line break (or the text's end).
    """

    kind: str
    start: int
    end: int
    keys: list[KeyPart] = field(default_factory=list)
    value: Value | None = None
    is_array: bool = False  # [[header]]
    path: Path = ()  # what a statement or header defines, resolved
    table: Path = ()  # statements: the table they are written in
    comment: tuple[int, int] | None = None  # a comment after the statement or header
    content_end: int = 0  # end of the statement or header proper (before spaces/comment)
    directive: bool = False  # `#:schema ...` among the comments opening the file

    @property
    def is_code(self) -> bool:
        return self.kind in ("stmt", "header")


class Syntax:
    """The scanned layout of one text.

    A value replaced in place (`follow_value_edit`) updates its own line at once and
    the lines after it only when they are next needed: typing in one field costs the
    same in a large file as in a small one."""

    def __init__(self, text: str, lines: list[Line]) -> None:
        self.text = text
        self._lines = lines
        self._pending: tuple[int, int] | None = None  # (line, delta): later lines are off
        self._statements: dict[Path, int] | None = None

    @property
    def lines(self) -> list[Line]:
        self._settle()
        return self._lines

    def _settle(self) -> None:
        if self._pending is not None:
            index, delta = self._pending
            self._pending = None
            for line in self._lines[index + 1 :]:
                _shift_line(line, lambda pos: pos + delta)

    # -- finding things ----------------------------------------------------------
    def header_of(self, path: Path) -> Line | None:
        for line in self.lines:
            if line.kind == "header" and line.path == path:
                return line
        return None

    def under(self, prefix: Path) -> list[Line]:
        """Statements and headers that define `prefix` or something inside it."""
        size = len(prefix)
        return [line for line in self.lines if line.is_code and line.path[:size] == prefix]

    def find_value(self, path: Path) -> tuple[int, Line, Value, list] | None:
        """The value written for `path`: (line index, statement, value, trail), where
        trail lists the (container value, index) steps from the statement's value."""
        if self._statements is None:
            self._statements = {
                line.path: i for i, line in enumerate(self._lines) if line.kind == "stmt"
            }
        for size in range(len(path), 0, -1):
            index = self._statements.get(path[:size])
            if index is None:
                continue
            if self._pending is not None and index > self._pending[0]:
                self._settle()
            line = self._lines[index]
            found = _descend(line.value, path[size:], [])
            return None if found is None else (index, line, found[0], found[1])
        return None

    def value_at(self, path: Path) -> tuple[Line, Value, list] | None:
        found = self.find_value(path)
        return None if found is None else found[1:]

    def index_of(self, line: Line) -> int:
        for index, candidate in enumerate(self.lines):
            if candidate is line:
                return index
        raise ValueError("line not in this syntax")

    def follow_value_edit(
        self, index: int, trail: list, edits: list[tuple[int, int, str]], text: str
    ) -> None:
        """Follow the replacement of one value of statement `index` (`edits`: the value's
        own, then optionally the spaces before the line's comment) without a new scan."""
        if self._pending is not None and self._pending[0] != index:
            self._settle()
        (start, end, new), *rest = edits
        delta = len(new) - (end - start)
        gap_end, gap_delta = len(self.text) + 1, 0
        if rest:
            gap_end, gap_delta = rest[0][1], len(rest[0][2]) - (rest[0][1] - rest[0][0])

        def shift(pos: int) -> int:
            return pos + (delta if pos >= end else 0) + (gap_delta if pos >= gap_end else 0)

        line = self._lines[index]
        _shift_line(line, shift)
        scanner = _Scanner(text)
        scanner.pos = start
        value = scanner.value()
        if trail:
            container, position = trail[-1]
            item = container.items[position]
            if isinstance(item, Entry):
                item.value, item.end = value, value.end
            else:
                container.items[position] = value
        else:
            line.value = value
        self.text = text
        total = (self._pending[1] if self._pending else 0) + delta + gap_delta
        self._pending = (index, total) if total else None


def _shift_line(line: Line, shift) -> None:
    line.start, line.end, line.content_end = shift(line.start), shift(line.end), shift(line.content_end)
    if line.comment is not None:
        line.comment = (shift(line.comment[0]), shift(line.comment[1]))
    for key in line.keys:
        key.start, key.end = shift(key.start), shift(key.end)
    if line.value is not None:
        _shift_value(line.value, shift)


def _shift_value(value: Value, shift) -> None:
    value.start, value.end = shift(value.start), shift(value.end)
    if not value.items:
        return
    value.commas = [shift(c) if c >= 0 else c for c in value.commas]
    for item in value.items:
        if isinstance(item, Entry):
            item.start, item.end = shift(item.start), shift(item.end)
            for key in item.keys:
                key.start, key.end = shift(key.start), shift(key.end)
            _shift_value(item.value, shift)
        else:
            _shift_value(item, shift)


def _descend(value: Value | None, rest: Path, trail: list) -> tuple[Value, list] | None:
    if value is None:
        return None
    if not rest:
        return value, trail
    part = rest[0]
    if value.kind == "array" and isinstance(part, int):
        if 0 <= part < len(value.items):
            return _descend(value.items[part], rest[1:], [*trail, (value, part)])
        return None
    if value.kind == "table" and isinstance(part, str):
        for index, entry in enumerate(value.items):
            names = tuple(k.name for k in entry.keys)
            if names == tuple(rest[: len(names)]):
                return _descend(entry.value, rest[len(names) :], [*trail, (value, index)])
    return None


def key_name(raw: str) -> str:
    """The name a key spelled `raw` (bare, "basic" or 'literal') stands for."""
    if raw.startswith("'"):
        return raw[1:-1]
    if raw.startswith('"'):
        return _ESCAPE.sub(_unescape, raw[1:-1])
    return raw


def _unescape(match: re.Match[str]) -> str:
    text = match.group(0)
    if text[1] in "uU":
        return chr(int(text[2:], 16))  # noqa: FURB166 - the prefix is \\u, not 0x
    return _SHORT[text[1]]


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: list[Line] = []
        self.table: Path = ()
        self.array_len: dict[Path, int] = {}

    def fail(self, what: str) -> ScanError:
        line = self.text.count("\n", 0, self.pos) + 1
        return ScanError(f"unexpected {what} at line {line}")

    def space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()

    def peek(self, size: int = 1) -> str:
        return self.text[self.pos : self.pos + size]

    def line_end(self) -> int:
        """Consume the rest of a line (spaces, an optional comment, the line break)."""
        self.space()
        comment = _COMMENT.match(self.text, self.pos)
        if comment:
            self.pos = comment.end()
        if self.text.startswith("\r\n", self.pos):
            self.pos += 2
        elif self.text.startswith("\n", self.pos):
            self.pos += 1
        elif self.pos < len(self.text):
            raise self.fail("text after a statement")
        return self.pos

    def skip_blank(self) -> None:
        """Spaces, line breaks and comments (inside arrays)."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t\r\n":
                self.pos += 1
            elif ch == "#":
                self.pos = _COMMENT.match(text, self.pos).end()
            else:
                return

    # -- keys and values ---------------------------------------------------------
    def key(self) -> list[KeyPart]:
        parts = []
        text, match_part = self.text, _KEY_PART.match
        while True:
            match = match_part(text, self.pos)
            if match is None:
                raise self.fail("character in a key")
            raw = match.group(1)
            start = match.start(1)
            name = raw if raw[0] not in "\"'" else key_name(raw)
            parts.append(KeyPart(name, start, match.end(1)))
            self.pos = match.end()
            if match.group(2) is None:
                return parts

    def value(self) -> Value:
        text, start = self.text, self.pos
        ch = self.peek()
        if ch == '"' or ch == "'":
            triple = text.startswith(ch * 3, start)
            if ch == '"':
                pattern, kind = (_ML_BASIC, "ml_basic") if triple else (_BASIC, "basic")
            else:
                pattern, kind = (_ML_LITERAL, "ml_literal") if triple else (_LITERAL, "literal")
            match = pattern.match(text, start)
            if match is None:
                raise self.fail("string")
            self.pos = match.end()
            return Value(kind, start, self.pos)
        if ch == "[":
            return self.array()
        if ch == "{":
            return self.inline_table()
        match = _SCALAR.match(text, start)
        if match is None:
            raise self.fail("value")
        end = start + len(match.group(0).rstrip(" \t"))
        self.pos = end
        return Value("scalar", start, end)

    def array(self) -> Value:
        return self._items("array", "]", self.value)

    def inline_table(self) -> Value:
        return self._items("table", "}", self._entry)

    def _entry(self) -> Entry:
        start = self.pos
        keys = self.key()
        if self.peek() != "=":
            raise self.fail("character after a key")
        self.pos += 1
        self.space()
        item = self.value()
        return Entry(keys, item, start, item.end)

    def _items(self, kind: str, closing: str, read_item) -> Value:
        """An array or inline table: its items, and where the comma after each is."""
        value = Value(kind, self.pos, self.pos)
        self.pos += 1
        while True:
            self.skip_blank()
            if self.peek() == closing:
                self.pos += 1
                value.end = self.pos
                return value
            if self.pos >= len(self.text):
                raise self.fail(f"end of text before {closing}")
            value.items.append(read_item())
            self.skip_blank()
            if self.peek() == ",":
                value.commas.append(self.pos)
                self.pos += 1
            else:
                value.commas.append(-1)

    # -- the top level -----------------------------------------------------------
    def resolve(self, names: list[str]) -> Path:
        """Header keys -> path, stepping into the last element of arrays of tables."""
        path: Path = ()
        for name in names:
            path = (*path, name)
            if path in self.array_len:
                path = (*path, self.array_len[path] - 1)
        return path

    def header(self, start: int) -> Line:
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        keys = self.key()
        closing = "]]" if is_array else "]"
        if not self.text.startswith(closing, self.pos):
            raise self.fail("end of a header")
        self.pos += len(closing)
        names = [k.name for k in keys]
        if is_array:
            array = (*self.resolve(names[:-1]), names[-1])
            index = self.array_len.get(array, 0)
            self.array_len[array] = index + 1
            path: Path = (*array, index)
        else:
            path = self.resolve(names)
        self.table = path
        return Line("header", start, 0, keys=keys, is_array=is_array, path=path)

    def statement(self, start: int) -> Line:
        keys = self.key()
        if self.peek() != "=":
            raise self.fail("character after a key")
        self.pos += 1
        self.space()
        value = self.value()
        path = (*self.table, *(k.name for k in keys))
        return Line("stmt", start, 0, keys=keys, value=value, path=path, table=self.table)

    def run(self) -> list[Line]:
        for _ in self.steps():
            pass
        return self.lines

    def steps(self, lines_per_step: int = 1 << 30) -> Iterator[None]:
        """Scan, pausing (yielding) after every `lines_per_step` lines."""
        text = self.text
        code_seen = False
        left = lines_per_step
        while self.pos < len(text):
            if left == 0:
                left = lines_per_step
                yield
            left -= 1
            start = self.pos
            self.space()
            ch = self.peek()
            if ch in ("\n", "\r", ""):
                line = Line("blank", start, self.line_end())
            elif ch == "#":
                directive = not code_seen and text.startswith(DIRECTIVE, self.pos)
                line = Line("comment", start, self.line_end(), directive=directive)
            else:
                code_seen = True
                line = self.header(start) if ch == "[" else self.statement(start)
                line.content_end = self.pos
                self.space()
                if self.peek() == "#":
                    comment = _COMMENT.match(text, self.pos)
                    line.comment = (self.pos, comment.end())
                line.end = self.line_end()
            self.lines.append(line)


def scan_steps(text: str, lines_per_step: int = 50) -> Generator[None, None, Syntax]:
    """`scan` in small steps: each `next()` reads `lines_per_step` lines, and the layout
    is the generator's return value (a big file is scanned without holding up whoever
    drives it for more than a moment)."""
    scanner = _Scanner(text)
    yield from scanner.steps(lines_per_step)
    return Syntax(text, scanner.lines)


def scan(text: str, partial: bool = False) -> Syntax:
    """The layout of `text`, which must be valid TOML: otherwise ScanError, or with
    `partial` the lines read before the scanner lost its way."""
    scanner = _Scanner(text)
    try:
        return Syntax(text, scanner.run())
    except ScanError:
        if not partial:
            raise
        return Syntax(text, scanner.lines)
