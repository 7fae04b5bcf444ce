"""The agent file's text, edited in place: every edit is a splice of the text.

Each edit works on a draft (the text and the data it should mean), and is kept only if
the standard parser reads the new text back as exactly that data: a refused edit, or
one that would have meant anything else, changes nothing and raises a `ConfigError`.
What the edit writes follows `toml_layout` (where things go, what comments go with
them) and `toml_render` (how values are spelled); every other byte stays as it was, so
an unchanged file renders to the same text.
"""

from __future__ import annotations

import copy
import math
import tomllib
from collections.abc import Callable
from typing import Any

from runtime.config import declarations as decl
from runtime.config import toml_layout as layout
from runtime.config import toml_render as render
from runtime.config.errors import (
    ConfigError,
    ConfigLoadError,
    ConfigPathError,
    ConfigShapeError,
    ConfigValueError,
    SaveError,
)
from runtime.config.paths import MISSING, Path, format_path, lookup, parse_path
from runtime.config.textfile import parse_toml
from runtime.config.toml_syntax import Line, ScanError, Syntax, Value, scan


def parse_text(text: str, source: str = "<text>") -> tuple[dict[str, Any], Syntax]:
    """Read a text for editing: its data and its layout (`ConfigLoadError` if it is not
    TOML, with line and column)."""
    data = parse_toml(text, source)
    try:
        return data, scan(text)
    except ScanError as exc:
        raise ConfigLoadError(source, f"cannot be edited here: {exc}") from None


def same(a: Any, b: Any) -> bool:
    """Equal as TOML values: a boolean is not a number, nor an integer a float."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


class TomlEdit:
    """A TOML text being edited. Paths are dotted strings or parsed tuples."""

    def __init__(self, text: str, source: str = "<text>", data: dict[str, Any] | None = None):
        self._source = source
        self._text = text
        self._data = parse_toml(text, source) if data is None else data
        self._syntax: Syntax | None = None
        first_break = text.find("\n")
        self.newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"

    @property
    def text(self) -> str:
        return self._text

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def prepare(self) -> None:
        """Read the layout now rather than at the first edit."""
        self._data, self._syntax = parse_text(self._text, self._source)

    def check(self) -> None:
        """Raise SaveError unless the text reads back as the data the edits made."""
        try:
            written = tomllib.loads(self._text)
        except tomllib.TOMLDecodeError as exc:
            raise SaveError(f"not saved: the edited text is not valid TOML ({exc})") from None
        if not same(written, self._data):
            raise SaveError("not saved: the edited text does not read back as edited")

    # -- values -------------------------------------------------------------------
    def get(self, path: str | Path, default: Any = None) -> Any:
        node = lookup(self._data, parse_path(path))
        if node is MISSING:
            return default
        return copy.deepcopy(node) if isinstance(node, dict | list) else node

    def has(self, path: str | Path) -> bool:
        return lookup(self._data, parse_path(path)) is not MISSING

    def set(self, path: str | Path, value: Any) -> None:
        """Set a value, creating missing tables. Setting an absent key to its default
        writes nothing, and changing a key to its default removes it (unless a comment
        of its own keeps it); None deletes the key."""
        parsed = parse_path(path)
        if not parsed:
            raise ConfigPathError("cannot replace the whole document")
        if value is None:
            if self.has(parsed):
                self.delete(parsed)
            return
        value = _storable(value, format_path(parsed))
        existing = lookup(self._data, parsed)
        spec = decl.spec_for_path(parsed)
        if existing is not MISSING and same(existing, value):
            return
        if _is_default(value, spec):
            if existing is MISSING:
                _check_creatable(self._data, parsed)
                return
            if not self._has_own_comment(parsed):
                self.delete(parsed)
                return
        if existing is not MISSING and self._replace_in_place(parsed, existing, value):
            return

        def put(data: dict[str, Any]) -> None:
            node = data
            for part in parsed[:-1]:
                node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
            node[parsed[-1]] = value

        self._change(f"setting {format_path(parsed)}", lambda d: _write(d, parsed, value),
                     inline=(parsed, put))

    def delete(self, path: str | Path) -> None:
        """Remove a key (it falls back to its default) or a list element; removing the
        last element of a list removes the list."""
        parsed = parse_path(path)
        if not parsed or lookup(self._data, parsed) is MISSING:
            raise ConfigPathError(f"{format_path(parsed)} is not in the file")
        self._change(f"removing {format_path(parsed)}", lambda d: _delete(d, parsed),
                     inline=(parsed, lambda data: _drop(data, parsed)))

    def rename_key(self, path: str | Path, new_name: str) -> None:
        """Rename a key where it stands: its value, position and comments stay, and so
        does the spelling of every other key."""
        parsed = parse_path(path)
        if not parsed or isinstance(parsed[-1], int):
            raise ConfigPathError(f"{format_path(parsed)} is not a key that can be renamed")
        if not new_name:
            raise ConfigValueError(f"{format_path(parsed)}: a key needs a name")
        parent = lookup(self._data, parsed[:-1])
        if not isinstance(parent, dict) or parsed[-1] not in parent:
            raise ConfigPathError(f"{format_path(parsed)} is not in the file")
        if new_name == parsed[-1]:
            return
        if new_name in parent:
            raise ConfigValueError(f"{format_path((*parsed[:-1], new_name))} already exists")
        _storable({new_name: 0}, format_path(parsed))
        self._change(f"renaming {format_path(parsed)}", lambda d: _rename(d, parsed, new_name),
                     inline=(parsed, lambda data: _rename_key(data, parsed, new_name)))

    # -- arrays of tables ([[tools.http]], fields, parameters) ---------------------
    def append_item(self, path: str | Path, values: dict[str, Any] | None = None) -> int:
        """Append a table to an array of tables (creating it); returns its index. Values
        equal to their declared default are left out, like everywhere else."""
        parsed = parse_path(path)
        values = _without_defaults(_storable(values or {}, format_path(parsed)), parsed)
        array = lookup(self._data, parsed)
        if array is MISSING:
            self._change(f"adding to {format_path(parsed)}", lambda d: _add(d, parsed, [values]))
            return 0
        index = len(self._array(parsed))
        self._change(
            f"adding to {format_path(parsed)}", lambda d: _insert_element(d, parsed, index, values)
        )
        return index

    def insert_item(self, path: str | Path, index: int, values: dict[str, Any]) -> None:
        parsed = parse_path(path)
        if index == 0 and not self.has(parsed):
            self.append_item(parsed, values)
            return
        array = self._array(parsed)
        if not 0 <= index <= len(array):
            raise ConfigPathError(f"{format_path(parsed)} has no position {index}")
        values = _without_defaults(_storable(values, format_path(parsed)), parsed)
        self._change(
            f"adding to {format_path(parsed)}", lambda d: _insert_element(d, parsed, index, values)
        )

    def duplicate_item(self, path: str | Path, index: int) -> int:
        """Copy an element right after itself, renaming it so names stay unique."""
        parsed = parse_path(path)
        array = self._array(parsed)
        _check_index(array, index, (*parsed, index))
        values = copy.deepcopy(array[index])
        if not isinstance(values, dict):
            raise ConfigPathError(f"{format_path((*parsed, index))} is not a table")
        if "name" in values:
            siblings = {str(item.get("name")) for item in array if isinstance(item, dict)}
            values["name"] = _unique_name(str(values["name"]), siblings | _names_in(self._data))
        self._change(
            f"copying {format_path((*parsed, index))}",
            lambda d: _insert_element(d, parsed, index + 1, values),
        )
        return index + 1

    def move_item(self, path: str | Path, index: int, new_index: int) -> None:
        parsed = parse_path(path)
        array = self._array(parsed)
        _check_index(array, index, (*parsed, index))
        _check_index(array, new_index, (*parsed, new_index))
        if index != new_index:
            self._change(
                f"moving {format_path((*parsed, index))}",
                lambda d: _move(d, parsed, index, new_index),
            )

    def remove_item(self, path: str | Path, index: int) -> None:
        self.delete((*parse_path(path), index))

    def _array(self, path: Path) -> list:
        array = lookup(self._data, path)
        if not isinstance(array, list):
            raise ConfigPathError(f"{format_path(path)} is not a list in the file")
        return array

    # -- doing it -----------------------------------------------------------------
    def _current_syntax(self) -> Syntax:
        if self._syntax is None:
            try:
                self._syntax = scan(self._text)
            except ScanError as exc:
                raise ConfigShapeError(f"cannot edit this file: {exc}") from None
        return self._syntax

    def _change(
        self,
        what: str,
        work: Callable[[_Draft], None],
        inline: tuple[Path, Callable[[dict[str, Any]], None]] | None = None,
    ) -> None:
        """Run `work` on a draft; keep its text only if it reads back as the draft's data.
        `inline`: (the path edited, the edit on plain data), to write the inline table
        around that path afresh when the edit cannot be made within it (dotted keys
        inside `{ ... }`)."""
        try:
            self._try_change(what, work)
        except ConfigShapeError:
            if inline is None or not self._rewrite_inline(*inline):
                raise

    def _rewrite_inline(self, path: Path, edit: Callable[[dict[str, Any]], None]) -> bool:
        """Make an edit inside an inline table by writing that table anew (it holds no
        comments: nothing but its spacing is lost). False when that cannot be done."""
        enclosing = _innermost_inline_table(self._current_syntax(), path)
        if enclosing is None:
            return False
        value, table = enclosing
        data = copy.deepcopy(self._data)
        try:
            edit(data)
        except (KeyError, IndexError, TypeError):
            return False
        new = lookup(data, table)
        if not isinstance(new, dict):
            return False
        text = _apply(self._text, [(value.start, value.end, render.inline_table(new, self.newline))])
        try:
            if not same(tomllib.loads(text), data):
                return False
        except tomllib.TOMLDecodeError:
            return False
        self._text, self._data, self._syntax = text, data, None
        return True

    def _try_change(self, what: str, work: Callable[[_Draft], None]) -> None:
        draft = _Draft(self._current_syntax(), copy.deepcopy(self._data), self.newline)
        try:
            work(draft)
            _drop_starter_hints(draft, set(draft.data) - set(self._data))
        except ConfigError:
            raise
        except render.UnstorableValue as exc:
            raise ConfigValueError(f"{what}: {exc}") from None
        except Exception as exc:
            raise ConfigShapeError(f"cannot edit this shape: {what} ({exc})") from exc
        if draft.text == self._text and same(draft.data, self._data):
            return
        try:
            written = tomllib.loads(draft.text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigShapeError(f"cannot edit this shape: {what} would break the file ({exc})") from None
        if not same(written, draft.data) or _mixes_line_breaks(self._text, draft.text):
            raise ConfigShapeError(f"cannot edit this shape: {what} would change other values")
        self._text, self._data, self._syntax = draft.text, written, draft.current()

    def _replace_in_place(self, path: Path, existing: Any, value: Any) -> bool:
        """Replace one written value (the common edit: a keystroke in a field), checked
        on its own: swapping one complete value for another leaves the rest of the file
        meaning what it meant, so reading back the statement alone is enough. False when
        the edit needs the general way."""
        if (isinstance(existing, dict) and isinstance(value, dict)) or (
            _is_table_list(existing) and _is_table_list(value)
        ):
            return False
        syntax = self._current_syntax()
        found = syntax.find_value(path)
        if found is None:
            return False
        index, line, old, trail = found
        edits = _replacement(syntax, (line, old, trail), value, self.newline)
        text = _apply(self._text, edits)
        statement_end = line.end + sum(len(new) - (end - start) for start, end, new in edits)
        relative = line.path[len(line.table) :]
        written = copy.deepcopy(lookup(self._data, line.path))
        if len(path) > len(line.path):
            lookup(written, path[len(line.path) : -1])[path[-1]] = value
        else:
            written = value
        for part in reversed(relative):
            written = {part: written}
        try:
            if not same(tomllib.loads(text[line.start : statement_end]), written):
                return False
        except tomllib.TOMLDecodeError:
            return False
        self._text = text
        lookup(self._data, path[:-1])[path[-1]] = value
        syntax.follow_value_edit(index, trail, edits, text)
        return True

    def _has_own_comment(self, path: Path) -> bool:
        syntax = self._current_syntax()
        found = syntax.find_value(path)
        if found is None or found[3]:
            return False
        index, line = found[0], found[1]
        return line.comment is not None or layout.lead(syntax.lines, index) < index


class _Draft:
    """A text being edited within one change, and the data it should mean."""

    def __init__(self, syntax: Syntax, data: dict[str, Any], newline: str) -> None:
        self.text = syntax.text
        self.data = data
        self.newline = newline
        self._syntax: Syntax | None = syntax

    @property
    def syntax(self) -> Syntax:
        if self._syntax is None:
            self._syntax = scan(self.text)
        return self._syntax

    def current(self) -> Syntax | None:
        return self._syntax

    def splice(self, edits: list[tuple[int, int, str]]) -> None:
        self.text = _apply(self.text, edits)
        self._syntax = None

    def replace_text(self, text: str) -> None:
        self.text = text
        self._syntax = None


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """The text with non-overlapping (start, end, new) replacements made."""
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


# -- writing values ------------------------------------------------------------------
def _write(d: _Draft, path: Path, value: Any) -> None:
    old = lookup(d.data, path)
    if old is MISSING:
        _add(d, path, value)
    elif same(old, value):
        return
    elif isinstance(old, dict) and isinstance(value, dict):
        for key in [k for k in old if k not in value]:
            _remove(d, (*path, key))
        for key, item in value.items():
            _write(d, (*path, key), item)
        if not value and not _is_written(d.syntax, path):  # it was there through its keys
            _write_new(d, path[:-1], path[-1], {})
    elif _is_table_list(old) and _is_table_list(value):
        for index in range(min(len(old), len(value))):
            _write(d, (*path, index), value[index])
        for index in reversed(range(len(value), len(old))):
            _remove(d, (*path, index))
        for index in range(len(old), len(value)):
            _insert_element(d, path, index, value[index])
    else:
        found = d.syntax.value_at(path)
        if found is None:  # a table written as [headers], becoming a plain value
            _remove(d, path)
            _add(d, path, value)
            return
        d.splice(_replacement(d.syntax, found, value, d.newline))
        lookup(d.data, path[:-1])[path[-1]] = value


def _replacement(syntax: Syntax, found: tuple, value: Any, newline: str) -> list:
    line, old, trail = found
    like = old.kind if old.is_string else None
    if old.is_multiline and "\n" not in syntax.text[old.start : old.end]:
        like = like.removeprefix("ml_")  # a triple-quoted string on one line is no block
    text = render.value(value, inline=bool(trail), newline=newline, like=like)
    edits = [(old.start, old.end, text)]
    if "\n" not in text:
        pad = layout.comment_pad(syntax, line, old.end - old.start, len(text))
        if pad is not None:
            edits.append(pad)
    return edits


def _add(d: _Draft, path: Path, value: Any) -> None:
    """Write a value whose key is not in the file yet (creating the tables it needs)."""
    depth = _check_creatable(d.data, path)
    table, key, rest = path[:depth], path[depth], path[depth + 1 :]
    parent = lookup(d.data, table)
    for part in reversed(rest):
        value = {part: value}
    _write_new(d, table, key, value)
    parent[key] = value


def _check_creatable(data: dict[str, Any], path: Path) -> int:
    """How much of `path` exists, when the rest can be created (ConfigPathError if not)."""
    depth = 0
    while depth < len(path) and lookup(data, path[: depth + 1]) is not MISSING:
        depth += 1
    ints = [i for i, part in enumerate(path[depth:]) if isinstance(part, int)]
    if ints:
        raise ConfigPathError(f"{format_path(path[: depth + ints[0] + 1])} is not in the file")
    if not isinstance(lookup(data, path[:depth]), dict):
        raise ConfigPathError(f"{format_path(path[:depth])} is not a table")
    return depth


def _write_new(d: _Draft, table: Path, key: str, value: Any) -> None:
    syntax = d.syntax
    path = (*table, key)
    kind = _section_kind(value, path)
    if table:
        found = syntax.value_at(table)
        if found is not None:
            if found[1].kind != "table":
                raise ConfigPathError(f"{format_path(table)} is not a table")
            _add_inline_entry(d, found[1], table, key, value)
            return
        if syntax.header_of(table) is not None:
            if kind:
                _add_section(d, table, key, value, kind)
            else:
                _add_statement(d, table, (), key, value)
            return
        home = _dotted_home(syntax, table)
        if home is not None:
            _add_dotted(d, home[0], home[1], key, value, kind)
            return
        if not _is_written(syntax, table):  # emptied earlier in this edit: write it afresh
            _write_new(d, table[:-1], table[-1], {key: value})
            return
    if kind:
        _add_section(d, table, key, value, kind)
    elif not table:
        _add_statement(d, (), (), key, value)
    else:  # a value in a table written only through its sub-tables: give it a header
        chunk = _table_text(table, {key: value}, False, d.newline)
        lines = syntax.lines
        first = next(i for i, line in enumerate(lines) if line.kind == "header"
                     and line.path[: len(table)] == table)
        d.splice([layout.insert_before(syntax, layout.lead(lines, first), chunk, d.newline,
                                       not layout.is_attached(table))])


def _is_written(syntax: Syntax, path: Path) -> bool:
    """Whether anything in the text defines `path` (a header, a key, a value)."""
    return bool(syntax.under(path)) or syntax.value_at(path) is not None


def _section_kind(value: Any, path: Path) -> str | None:
    """"table" / "array" when `value` is written as [section]s, None when inline."""
    spec = decl.spec_for_path(path)
    if isinstance(value, dict):
        if spec is not None and (spec.kind in ("headers", "json") or path[-2:-1] == ("properties",)):
            return None
        return "table"
    if _is_table_list(value) and (spec is None or spec.kind == "array"):
        return "array"
    return None


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _dotted_home(syntax: Syntax, table: Path) -> tuple[Path, Path] | None:
    """(the table a statement is in, the dotted prefix) where `table`'s keys are
    written as dotted keys (`agent.name = ...` at the top level)."""
    size = len(table)
    for line in syntax.lines:
        if line.kind == "stmt" and line.path[:size] == table and len(line.table) < size:
            return line.table, table[len(line.table) :]
    return None


def _add_dotted(d: _Draft, block: Path, prefix: Path, key: str, value: Any, kind: str | None) -> None:
    """Keys of a table written with dotted keys are written the same way."""
    if kind == "table" and value:
        for sub_key, sub_value in value.items():
            sub_path = (*block, *prefix, key, sub_key)
            _add_dotted(d, block, (*prefix, key), sub_key, sub_value, _section_kind(sub_value, sub_path))
        return
    _add_statement(d, block, prefix, key, value)


def _child_order(table: Path) -> tuple[str, ...]:
    spec = decl.spec_for_path(table)
    return tuple(child.key for child in spec.children) if spec is not None else ()


def _neighbours(names: list[tuple[int, str]], order: tuple[str, ...], key: str):
    """(index to follow, index to precede) placing `key` among `names` (index, name) in
    declaration order; the last one to follow when the order says nothing."""
    if key in order:
        rank = order.index(key)
        before = [i for i, name in names if name in order and order.index(name) < rank]
        after = [i for i, name in names if name in order and order.index(name) > rank]
        if before:
            return max(before), None
        if after:
            return None, min(after)
    return (max(i for i, _ in names), None) if names else (None, None)


def _add_statement(d: _Draft, block: Path, prefix: Path, key: str, value: Any) -> None:
    """`prefix.key = value` in the table written under `block`'s header (or at the top)."""
    syntax, nl = d.syntax, d.newline
    lines = syntax.lines
    if block:
        header = syntax.index_of(syntax.header_of(block))
        first, stop = header + 1, layout.next_header(lines, header)
    else:
        header, first = -1, 0
        stop = next((i for i, line in enumerate(lines) if line.kind == "header"), len(lines))
    table = (*block, *prefix)
    size = len(table)
    siblings = [
        (i, lines[i].path[size])
        for i in range(first, stop)
        if lines[i].kind == "stmt" and lines[i].path[:size] == table and len(lines[i].path) > size
    ]
    statement = f"{render.dotted([*prefix, key])} = {render.value(value, newline=nl)}{nl}"
    follow, precede = _neighbours(siblings, _child_order(table), key)
    if follow is not None:
        edit = layout.insert_after(syntax, follow + 1, statement, nl, False)
    elif precede is not None:
        edit = layout.insert_before(syntax, layout.lead(lines, precede), statement, nl, False)
    elif block:
        statements = [i for i in range(first, stop) if lines[i].kind == "stmt"]
        edit = layout.insert_after(syntax, (statements[-1] if statements else header) + 1,
                                   statement, nl, False)
    elif stop < len(lines):
        edit = layout.insert_before(syntax, layout.lead(lines, stop), statement, nl, True)
    else:
        edit = layout.insert_after(syntax, len(lines), statement, nl, False)
    d.splice([edit])


def _add_inline_entry(d: _Draft, table_value: Value, table: Path, key: str, value: Any) -> None:
    entry = f"{render.key(key)} = {render.value(value, inline=True, newline=d.newline)}"
    items = table_value.items
    if not items:
        d.splice([(table_value.start, table_value.end, "{ " + entry + " }")])
        return
    names = [(i, item.keys[0].name) for i, item in enumerate(items)]
    follow, precede = _neighbours(names, _child_order(table), key)
    if follow is not None:
        d.splice([(items[follow].end, items[follow].end, ", " + entry)])
    else:
        d.splice([(items[precede].start, items[precede].start, entry + ", ")])


# -- sections ------------------------------------------------------------------------
def _add_section(d: _Draft, table: Path, key: str, value: Any, kind: str) -> None:
    """New [table] or [[array]] headers for `table.key`, among the tables of `table` in
    declaration order, at a header boundary (where they cannot capture other keys)."""
    syntax, nl = d.syntax, d.newline
    lines = syntax.lines
    path = (*table, key)
    chunk = _section_text(path, value, kind, nl)
    separated = not layout.is_attached((*path, 0) if kind == "array" else path)
    size = len(table)
    order = decl.SECTION_ORDER if not table else _child_order(table)
    later = set(order[order.index(key) + 1 :]) if key in order else set()
    for index, line in enumerate(lines):
        if (
            line.kind == "header"
            and len(line.path) > size
            and line.path[:size] == table
            and line.path[size] in later
        ):
            d.splice([layout.insert_before(syntax, layout.lead(lines, index), chunk, nl, separated)])
            return
    runs = layout.table_runs(syntax, table) if table else _all_tables(lines)
    end = runs[-1][1] if runs else _content_end(lines)
    d.splice([layout.insert_after(syntax, end, chunk, nl, separated and end > 0)])


def _content_end(lines: list[Line]) -> int:
    end = len(lines)
    while end and lines[end - 1].kind == "blank":
        end -= 1
    return end


def _all_tables(lines: list[Line]) -> list[tuple[int, int]]:
    headers = [i for i, line in enumerate(lines) if line.kind == "header"]
    if not headers:
        return []
    return [(layout.lead(lines, headers[0]), layout.attached_end(lines, headers[-1], len(lines)))]


def _section_text(path: Path, value: Any, kind: str, nl: str) -> str:
    if kind == "table":
        return _table_text(path, value, False, nl)
    chunks = []
    for index, element in enumerate(value):
        text = _table_text((*path, index), element, True, nl)
        if chunks and not layout.is_attached((*path, index)):
            text = nl + text
        chunks.append(text)
    return "".join(chunks)


def _table_text(path: Path, values: dict[str, Any], is_array: bool, nl: str) -> str:
    """A table as [header] (or [[header]]), its keys in declaration order, then its
    sub-tables; a table holding only sub-tables gets no header line of its own."""
    order = _child_order(path)
    keys = sorted(values, key=lambda k: order.index(k) if k in order else len(order))
    plain, subs = [], []
    for key in keys:
        kind = _section_kind(values[key], (*path, key))
        (subs if kind else plain).append((key, kind))
    names = [part for part in path if isinstance(part, str)]
    header = f"[[{render.dotted(names)}]]" if is_array else f"[{render.dotted(names)}]"
    text = ""
    if is_array or plain or not subs:
        rows = [header] + [f"{render.key(k)} = {render.value(values[k], newline=nl)}" for k, _ in plain]
        text = nl.join(rows) + nl
    for key, kind in subs:
        child = (*path, key)
        chunk = _section_text(child, values[key], kind, nl)
        if text and not layout.is_attached((*child, 0) if kind == "array" else child):
            chunk = nl + chunk
        text += chunk
    return text


# -- arrays of tables ----------------------------------------------------------------
def _elements(syntax: Syntax, array: Path) -> list[int]:
    size = len(array)
    return [
        i
        for i, line in enumerate(syntax.lines)
        if line.kind == "header" and line.is_array and len(line.path) == size + 1
        and line.path[:size] == array
    ]


def _insert_element(d: _Draft, array: Path, index: int, values: dict[str, Any]) -> None:
    syntax, nl = d.syntax, d.newline
    found = syntax.value_at(array)
    if found is not None:
        if found[1].kind != "array":
            raise ConfigPathError(f"{format_path(array)} is not a list in the file")
        item = render.value(values, inline=True, newline=nl)
        d.splice([_array_insertion(syntax.text, found[1], index, item, nl)])
    else:
        elements = _elements(syntax, array)
        chunk = _table_text((*array, index), values, True, nl)
        separated = not layout.is_attached((*array, index))
        if index < len(elements):
            start = layout.lead(syntax.lines, elements[index])
            d.splice([layout.insert_before(syntax, start, chunk, nl, separated)])
        else:
            runs = layout.table_runs(syntax, (*array, len(elements) - 1))
            d.splice([layout.insert_after(syntax, runs[-1][1], chunk, nl, separated)])
    lookup(d.data, array).insert(index, values)


def _array_insertion(text: str, array: Value, index: int, item: str, nl: str) -> tuple[int, int, str]:
    items = array.items
    if not items:
        return array.start, array.end, f"[{item}]"
    slots = _item_slots(text, array)
    if slots is not None:  # one item per line: a line of its own, like its neighbours
        first = items[0]
        indent = text[text.rfind("\n", 0, first.start) + 1 : first.start]  # not its comments
        if index < len(items):
            return slots[index][0], slots[index][0], indent + item + "," + nl
        comma = "" if array.commas[-1] >= 0 else ","
        edit_at = slots[-1][1]
        if comma:
            return items[-1].end, edit_at, "," + text[items[-1].end : edit_at] + indent + item + nl
        return edit_at, edit_at, indent + item + "," + nl
    if index < len(items):
        return items[index].start, items[index].start, item + ", "
    last, comma = items[-1], array.commas[-1]
    if comma >= 0:
        return comma + 1, comma + 1, " " + item + ","
    return last.end, last.end, ", " + item


def _move(d: _Draft, array: Path, index: int, new_index: int) -> None:
    order = list(range(len(lookup(d.data, array))))
    order.insert(new_index, order.pop(index))
    if not d.text.endswith("\n"):
        d.replace_text(d.text + d.newline)  # every moved piece ends its line
    syntax = d.syntax
    found = syntax.value_at(array)
    if found is not None:
        slots = _item_slots(syntax.text, found[1])
        if slots is None:
            slots = [(item.start, item.end) for item in found[1].items]
        else:  # every item on its own line: lines move, with their comments
            last = found[1].items[-1]
            if found[1].commas[-1] < 0:
                d.splice([(last.end, last.end, ",")])
                return _move(d, array, index, new_index)
    else:
        slots = []
        for k in order:
            runs = layout.table_runs(syntax, (*array, k))
            if len(runs) != 1:
                raise ConfigShapeError(
                    f"cannot move {format_path((*array, k))}: its tables are written apart"
                )
        for k in range(len(order)):
            start, end = layout.table_runs(syntax, (*array, k))[0]
            slots.append((syntax.lines[start].start, syntax.lines[end - 1].end))
    texts = [syntax.text[start:end] for start, end in slots]
    d.splice([(start, end, texts[order[k]]) for k, (start, end) in enumerate(slots)])
    items = lookup(d.data, array)
    items[:] = [items[k] for k in order]


# -- removing and renaming -----------------------------------------------------------
def _delete(d: _Draft, path: Path) -> None:
    _remove(d, path)
    if isinstance(path[-1], int) and lookup(d.data, path[:-1]) == []:
        _remove(d, path[:-1])  # the last element takes its list with it
    table = path[:-1]
    while table and lookup(d.data, table) is MISSING:
        table = table[:-1]
    while table and lookup(d.data, table) in ({}, []) and not _is_written(d.syntax, table):
        _drop(d.data, table)  # a table that was only there through what was removed
        table = table[:-1]


def _remove(d: _Draft, path: Path) -> None:
    syntax = d.syntax
    found = syntax.value_at(path)
    if found is not None and found[2]:
        container, index = found[2][-1]
        d.splice([_item_removal(syntax.text, container, index)])
    elif found is not None:
        index = syntax.index_of(found[0])
        d.replace_text(layout.delete_lines(syntax, [layout.statement_range(syntax.lines, index)]))
    else:
        lines = syntax.lines
        size = len(path)
        ranges = layout.table_runs(syntax, path)
        ranges += [
            layout.statement_range(lines, i)
            for i, line in enumerate(lines)
            if line.kind == "stmt" and line.path[:size] == path
        ]
        if ranges:
            d.replace_text(layout.delete_lines(syntax, ranges))
    _drop(d.data, path)


def _item_slots(text: str, array: Value) -> list[tuple[int, int]] | None:
    """The whole lines of an array's items, when each stands on lines of its own (the
    text from its line's start to the end of the line of its comma)."""
    slots: list[tuple[int, int]] = []
    for item, comma in zip(array.items, array.commas, strict=True):
        line_start = text.rfind("\n", 0, item.start) + 1
        after = comma + 1 if comma >= 0 else item.end
        line_end = text.find("\n", after)
        rest = text[after:line_end].strip() if line_end >= 0 else "]"
        if text[line_start : item.start].strip() or (rest and not rest.startswith("#")):
            return None
        if slots and line_start < slots[-1][1]:
            return None
        floor = slots[-1][1] if slots else text.find("\n", array.start) + 1
        slots.append((_lead_comment_start(text, line_start, floor), line_end + 1))
    return slots


def _lead_comment_start(text: str, line_start: int, floor: int) -> int:
    """Where the comment lines right above the line at `line_start` begin (no blank line
    between), not before `floor`: they describe that line's item, and go where it goes."""
    start = line_start
    while start > floor:
        above = text.rfind("\n", 0, start - 1) + 1
        if above < floor or not text[above:start].lstrip().startswith("#"):
            break
        start = above
    return start


def _item_removal(text: str, container: Value, index: int) -> tuple[int, int, str]:
    items = container.items
    if len(items) == 1:
        return container.start, container.end, "{}" if container.kind == "table" else "[]"
    item = items[index]
    if container.kind == "array" and "\n" in text[container.start : container.end]:
        # An item on a line of its own goes with its line (and its comment there).
        line_start = text.rfind("\n", 0, item.start) + 1
        after = container.commas[index] + 1 if container.commas[index] >= 0 else item.end
        line_end = text.find("\n", after)
        rest = text[after:line_end].strip() if line_end >= 0 else "]"
        if not text[line_start : item.start].strip() and (not rest or rest.startswith("#")):
            floor = (text.find("\n", container.commas[index - 1] if index else container.start)
                     + 1)
            return _lead_comment_start(text, line_start, floor), line_end + 1, ""
    if index == len(items) - 1:
        return items[index - 1].end, item.end, ""
    return item.start, items[index + 1].start, ""


def _rename(d: _Draft, path: Path, new_name: str) -> None:
    syntax = d.syntax
    size = len(path)
    position = sum(1 for part in path if isinstance(part, str)) - 1
    spelled = render.key(new_name)
    edits = []
    for line in syntax.lines:
        if not line.is_code or line.path[:size] != path:
            continue
        if line.kind == "header":
            part = line.keys[position]
        elif size - len(line.table) - 1 >= 0:
            part = line.keys[size - len(line.table) - 1]
        else:
            continue
        edits.append((part.start, part.end, spelled))
    found = syntax.value_at(path[:-1]) if size > 1 else None
    if found is not None and found[1].kind == "table":
        for entry in found[1].items:
            if entry.keys[0].name == path[-1]:
                edits.append((entry.keys[0].start, entry.keys[0].end, spelled))
    d.splice(edits)
    _rename_key(d.data, path, new_name)


def _rename_key(data: dict[str, Any], path: Path, new_name: str) -> None:
    """Rename a key of plain data where it stands (its place among its siblings kept)."""
    parent = lookup(data, path[:-1])
    entries = list(parent.items())
    parent.clear()
    parent.update((new_name if k == path[-1] else k, v) for k, v in entries)


def _innermost_inline_table(syntax: Syntax, path: Path) -> tuple[Value, Path] | None:
    """The deepest `{ ... }` written around the parent of `path`, with its path."""
    for line in syntax.lines:
        if line.kind != "stmt" or len(line.path) >= len(path) or path[: len(line.path)] != line.path:
            continue
        node, at, rest, deepest = line.value, line.path, path[len(line.path) : -1], None
        while node is not None:
            if node.kind == "table":
                deepest = (node, at)
                entry = next(
                    (e for e in node.items
                     if tuple(k.name for k in e.keys) == tuple(rest[: len(e.keys)])),
                    None,
                )
                if entry is None or not rest:
                    break
                size = len(entry.keys)
                node, at, rest = entry.value, (*at, *rest[:size]), rest[size:]
            elif node.kind == "array" and rest and isinstance(rest[0], int) \
                    and 0 <= rest[0] < len(node.items):
                node, at, rest = node.items[rest[0]], (*at, rest[0]), rest[1:]
            else:
                break
        return deepest
    return None


def _drop(data: dict[str, Any], path: Path) -> None:
    parent = lookup(data, path[:-1])
    if isinstance(path[-1], int):
        parent.pop(path[-1])
    else:
        del parent[path[-1]]


def _drop_starter_hints(d: _Draft, new_sections: set[str]) -> None:
    """The starter's pointers to the examples go once the user adds what they point to."""
    if not new_sections:
        return
    from runtime.config.starter import STARTER_HINTS

    for hint, sections in STARTER_HINTS:
        if not sections & new_sections:
            continue
        lines = d.syntax.lines
        texts = [d.text[line.start : line.end].strip() for line in lines]
        for index in range(len(lines) - len(hint) + 1):
            if tuple(texts[index : index + len(hint)]) == hint:
                d.replace_text(layout.delete_lines(d.syntax, [(index, index + len(hint))]))
                break


# -- values going in -----------------------------------------------------------------
def _storable(value: Any, what: str) -> Any:
    """`value` as plain TOML data (tuples as lists), or ConfigValueError."""
    try:
        render.check_storable(value)
    except render.UnstorableValue as exc:
        raise ConfigValueError(f"{what}: {exc}") from None
    if isinstance(value, dict):
        return {str(k): _storable(v, what) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v, what) for v in value]
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _is_default(value: Any, spec: decl.Spec | None) -> bool:
    if spec is None or not spec.has_default:
        return False
    default = spec.default
    return isinstance(value, bool) == isinstance(default, bool) and value == default \
        and not isinstance(value, dict | list)


def _without_defaults(values: dict[str, Any], array_path: Path) -> dict[str, Any]:
    spec = decl.spec_for_path((*array_path, 0))
    if spec is None:
        return dict(values)
    return {
        key: value for key, value in values.items() if not _is_default(value, spec.child(key))
    }


def _check_index(array: Any, index: int, path: Path) -> None:
    if not isinstance(array, list) or not 0 <= index < len(array):
        raise ConfigPathError(f"{format_path(path)} is not in the file")


def _unique_name(name: str, taken: set[str]) -> str:
    """`name_2`, `name_3`...: free among its siblings and among all tools and fields."""
    stem = name.rstrip("0123456789").rstrip("_") or name
    number = 2
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


def _names_in(data: dict[str, Any]) -> set[str]:
    tools = data.get("tools", {})
    tools = tools if isinstance(tools, dict) else {}
    entries = [t for kind in decl.TOOL_KINDS for t in _list(tools.get(kind))]
    collection = data.get("data_collection", {})
    entries += _list(collection.get("fields") if isinstance(collection, dict) else None)
    return {str(e.get("name")) for e in entries if isinstance(e, dict)}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _mixes_line_breaks(before: str, after: str) -> bool:
    """Whether an edit brought a second kind of line break into the file."""
    crlf_before, crlf_after = before.count("\r\n"), after.count("\r\n")
    lf_before, lf_after = before.count("\n") - crlf_before, after.count("\n") - crlf_after
    if crlf_before and not lf_before:
        return lf_after > 0
    if lf_before and not crlf_before:
        return crlf_after > 0
    return False
