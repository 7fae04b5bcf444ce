"""Where each key of a TOML text starts: path -> (line, column), both 1-based.

tomlkit keeps no positions, so problems would have no line numbers without this. The
scanner reads only text that tomlkit has already accepted as valid TOML, which lets it
stay small: it follows table headers, keys, strings, arrays and inline tables, and
records the position of every key, table header and array element.
"""

from __future__ import annotations

import bisect
import tomllib

from runtime.config.paths import Path

# Numbers, booleans and dates end at one of these (a date may hold a space).
_SCALAR_END = set(",]}#\n\r")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.offsets: dict[Path, int] = {}
        self.array_len: dict[Path, int] = {}

    # -- low-level -------------------------------------------------------------
    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces (and newlines and comments when `newlines`)."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.pos += 1
            elif newlines and ch == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def read_string(self) -> str:
        """Skip a string and return it as written, without its quotes."""
        text, start = self.text, self.pos
        quote = text[start]
        if text.startswith(quote * 3, start):
            end = start + 3
            while True:
                end = text.find(quote * 3, end)
                if end < 0:  # unterminated: not valid TOML, but never loop on it
                    end = len(text)
                    break
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                break
            # Up to two extra quotes may close a multi-line string: `""""` ends with a quote.
            while text.startswith(quote * 4, end):
                end += 1
            self.pos = end + 3
            return text[start + 3 : end]
        end = start + 1
        while True:
            end = text.find(quote, end)
            if end < 0:
                end = len(text)
                break
            if quote == '"' and _escaped(text, end):
                end += 1
                continue
            break
        self.pos = end + 1
        return text[start + 1 : end]

    def read_key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ("'", '"'):
                quote = self.peek()
                raw = self.read_string()
                # Let TOML's own parser undo the escapes of a quoted key.
                parts.append(tomllib.loads(f"k = {quote}{raw}{quote}")["k"])
            else:
                start = self.pos
                while self.pos < len(self.text) and (
                    self.text[self.pos].isalnum() or self.text[self.pos] in "_-"
                ):
                    self.pos += 1
                parts.append(self.text[start : self.pos])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    # -- structure -------------------------------------------------------------
    def resolve(self, keys: list[str]) -> Path:
        """Header keys -> path, stepping into the last element of arrays of tables."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in self.array_len:
                path = (*path, self.array_len[path] - 1)
        return path

    def header(self) -> Path:
        start = self.pos
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        keys = self.read_key()
        self.skip_line()
        for depth in range(1, len(keys)):  # tables with no header of their own: [tools]
            self.offsets.setdefault(self.resolve(keys[:depth]), start)
        if is_array:
            parent = self.resolve(keys[:-1])
            array = (*parent, keys[-1])
            index = self.array_len.get(array, 0)
            self.array_len[array] = index + 1
            self.offsets.setdefault(array, start)
            table = (*array, index)
        else:
            table = self.resolve(keys)
        self.offsets.setdefault(table, start)
        return table

    def key_value(self, table: Path) -> None:
        start = self.pos
        keys = self.read_key()
        path = (*table, *keys)
        for depth in range(1, len(keys) + 1):
            self.offsets.setdefault((*table, *keys[:depth]), start)
        self.pos += 1  # '='
        self.skip_blank(newlines=False)
        self.value(path)

    def value(self, path: Path) -> None:
        ch = self.peek()
        if ch in ("'", '"'):
            self.read_string()
        elif ch == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.pos += 1
                    return
                self.offsets.setdefault((*path, index), self.pos)
                self.value((*path, index))
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.pos += 1
        elif ch == "{":
            self.pos += 1
            while True:
                self.skip_blank(newlines=False)
                if self.peek() == "}":
                    self.pos += 1
                    return
                self.key_value(path)
                self.skip_blank(newlines=False)
                if self.peek() == ",":
                    self.pos += 1
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in _SCALAR_END:
                self.pos += 1

    def run(self) -> dict[Path, int]:
        table: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.offsets
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def _escaped(text: str, quote_at: int) -> bool:
    backslashes = 0
    while quote_at - 1 - backslashes >= 0 and text[quote_at - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def locate_keys(text: str) -> dict[Path, tuple[int, int]]:
    """Map every key path of a valid TOML text to its (line, column), 1-based."""
    offsets = _Scanner(text).run()
    line_starts = [0]
    newline = text.find("\n")
    while newline >= 0:
        line_starts.append(newline + 1)
        newline = text.find("\n", newline + 1)
    positions: dict[Path, tuple[int, int]] = {}
    for path, offset in offsets.items():
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
