"""The agent file as a tomlkit document: every edit goes key by key, so comments, blank
lines and key order survive and an unchanged file renders to the same text.

`AgentDocument` creates this on the first edit (or when asked): reading a file needs only
the standard library's parser, which is several times faster than tomlkit's to load and
to run, and the editor's first frame waits for neither.
"""

from __future__ import annotations

import copy
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import AoT, InlineTable, Table

from runtime.config import declarations as decl
from runtime.config import toml_layout as layout
from runtime.config.errors import ConfigLoadError, ConfigPathError, ConfigValueError
from runtime.config.paths import Path, format_path, parse_path

_MISSING = object()


def parse_text(text: str, source: str = "<text>") -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        message = str(exc).split(" at line ")[0]
        # tomlkit reports running out of input as the NUL character it reads past the end.
        message = message.replace("Unexpected character: '\\x00'", "unexpected end of file")
        raise ConfigLoadError(source, f"not valid TOML: {message}", exc.line, exc.col + 1) from None


class TomlEdit:
    """A parsed TOML text, edited in place. Paths are dotted strings or parsed tuples."""

    def __init__(self, text: str, source: str = "<text>") -> None:
        self._doc = parse_text(text, source)
        self._created: list[Table] = []  # tables made by the current edit, to tidy after it

    @property
    def text(self) -> str:
        return self._doc.as_string()

    def to_dict(self) -> dict[str, Any]:
        """The whole document as plain Python values."""
        return self._doc.unwrap()

    # -- values -----------------------------------------------------------------
    def get(self, path: str | Path, default: Any = None) -> Any:
        node = self._find(parse_path(path))
        if node is _MISSING:
            return default
        return node.unwrap() if hasattr(node, "unwrap") else node

    def has(self, path: str | Path) -> bool:
        return self._find(parse_path(path)) is not _MISSING

    def set(self, path: str | Path, value: Any) -> None:
        """Set a value, creating missing tables. Setting an absent key to its default
        writes nothing (defaults stay implicit); setting None deletes the key."""
        parsed = parse_path(path)
        if not parsed:
            raise ConfigPathError("cannot replace the whole document")
        spec = decl.spec_for_path(parsed)
        parent_path, key = parsed[:-1], parsed[-1]
        existing = self._find(parsed)
        if value is None:
            if existing is not _MISSING:
                self.delete(parsed)
            return
        if existing is _MISSING and spec is not None and spec.has_default and value == spec.default:
            return
        inline_at = self._inline_ancestor(parsed)
        if inline_at is not None:
            # tomlkit spaces edited inline tables oddly: write the whole table afresh.
            values = self.get(parsed[:inline_at]) or {}
            _nested_set(values, parsed[inline_at:], value)
            self.set(parsed[:inline_at], values)
            return
        try:
            item = layout.to_item(value, spec, like=None if existing is _MISSING else existing)
        except (TypeError, ValueError):
            kind = type(value).__name__
            raise ConfigValueError(
                f"{format_path(parsed)}: {kind} values cannot be stored in TOML"
            ) from None
        parent = self._container(parent_path, create=True)
        if isinstance(key, int):
            self._check_index(parent, key, parsed)
            parent[key] = item
        elif existing is not _MISSING:
            parent[key] = item
        else:
            layout.add_key(parent, key, item, _sibling_order(parent_path))
        self._tidy_new_tables()

    def delete(self, path: str | Path) -> None:
        """Remove a key (it falls back to its default) or a list element."""
        parsed = parse_path(path)
        inline_at = self._inline_ancestor(parsed)
        if inline_at is not None and self.has(parsed):
            values = self.get(parsed[:inline_at])
            _nested_delete(values, parsed[inline_at:])
            self.set(parsed[:inline_at], values)
            return
        parent = self._container(parsed[:-1], create=False)
        key = parsed[-1]
        if isinstance(key, int):
            self._check_index(parent, key, parsed)
            if isinstance(parent, AoT):
                layout.attach_leading_comments(parent)
        elif key not in parent:
            raise ConfigPathError(f"{format_path(parsed)} is not in the file")
        del parent[key]
        if isinstance(key, int) and len(parent) == 0:
            self.delete(parsed[:-1])
        elif isinstance(parent, AoT) and 0 < key <= len(parent):
            layout.separate(parent, key - 1)

    def rename_key(self, path: str | Path, new_name: str) -> None:
        """Rename a key of a table or inline table where it stands: its value, position
        and comments stay, and so does the spelling of every other key."""
        parsed = parse_path(path)
        if not parsed or isinstance(parsed[-1], int):
            raise ConfigPathError(f"{format_path(parsed)} is not a key that can be renamed")
        if not new_name:
            raise ConfigValueError(f"{format_path(parsed)}: a key needs a name")
        parent = self._container(parsed[:-1], create=False)
        old_name = parsed[-1]
        if isinstance(parent, AoT) or old_name not in parent:
            raise ConfigPathError(f"{format_path(parsed)} is not in the file")
        if new_name == old_name:
            return
        if new_name in parent:
            raise ConfigValueError(
                f"{format_path((*parsed[:-1], new_name))} already exists"
            )
        item = parent[old_name]
        container = parent if isinstance(parent, Container) else parent.value
        container._replace(old_name, tomlkit.key(new_name), item)
        _resync_renamed(parent, container, old_name, new_name)
        # A [table.header] is written from its stored name until told to recompute it.
        if hasattr(item, "invalidate_display_name"):
            item.invalidate_display_name()

    # -- arrays of tables ([[tools.http]], fields, parameters) -------------------
    def append_item(self, path: str | Path, values: dict[str, Any] | None = None) -> int:
        """Append a table to an array of tables (creating it); returns its index. Values
        equal to their declared default are left out, like everywhere else."""
        parsed = parse_path(path)
        values = _without_defaults(values or {}, decl.spec_for_path((*parsed, 0)))
        array = self._find(parsed)
        if array is _MISSING:
            self.set(parsed, [values])
            return 0
        self._place_item(array, len(array), self._new_item(parsed, values))
        return len(array) - 1

    def insert_item(self, path: str | Path, index: int, values: dict[str, Any]) -> None:
        parsed = parse_path(path)
        if index == 0 and not self.has(parsed):
            self.append_item(parsed, values)
            return
        array = self._array(parsed)
        if not 0 <= index <= len(array):
            raise ConfigPathError(f"{format_path(parsed)} has no position {index}")
        values = _without_defaults(values, decl.spec_for_path((*parsed, 0)))
        self._place_item(array, index, self._new_item(parsed, values))

    def duplicate_item(self, path: str | Path, index: int) -> int:
        """Copy an element right after itself, renaming it so names stay unique."""
        parsed = parse_path(path)
        array = self._array(parsed)
        self._check_index(array, index, (*parsed, index))
        values = copy.deepcopy(array[index].unwrap())
        if "name" in values:
            siblings = {str(item.get("name")) for item in array}
            values["name"] = self._unique_name(str(values["name"]), siblings)
        self._place_item(array, index + 1, self._new_item(parsed, values))
        return index + 1

    def move_item(self, path: str | Path, index: int, new_index: int) -> None:
        parsed = parse_path(path)
        if index == new_index:
            self._check_index(self._find(parsed), index, (*parsed, index))
            return
        array = self._array(parsed)
        self._check_index(array, index, (*parsed, index))
        self._check_index(array, new_index, (*parsed, new_index))
        table = array[index]
        del array[index]
        self._place_item(array, new_index, table)

    def remove_item(self, path: str | Path, index: int) -> None:
        self.delete((*parse_path(path), index))

    def _new_item(self, array_path: Path, values: dict[str, Any]) -> Table:
        return layout.table_item(values, decl.spec_for_path((*array_path, 0)))

    @staticmethod
    def _place_item(array: AoT, index: int, table: Table) -> None:
        """Insert a table so that it and its neighbours stay separated by a blank line."""
        array.insert(index, table)
        for k in range(max(index - 1, 0), index + 1):
            layout.separate(array, k)

    def _tidy_new_tables(self) -> None:
        for table in self._created:
            layout.end_with_blank_line(table)
        self._created.clear()

    def _inline_ancestor(self, path: Path) -> int | None:
        """Length of the prefix of `path` that is (or, absent, is declared as) an inline
        table, if any."""
        for depth in range(1, len(path)):
            node = self._find(path[:depth])
            if isinstance(node, InlineTable):
                return depth
            if node is _MISSING:
                spec = decl.spec_for_path(path[:depth])
                return depth if spec is not None and layout.is_inline(spec) else None
        return None

    def _unique_name(self, name: str, siblings: set[str]) -> str:
        """`name_2`, `name_3`...: free among its siblings and among all tools and fields."""
        taken = siblings | set(_names_in(self.to_dict()))
        stem = name.rstrip("0123456789").rstrip("_") or name
        number = 2
        while f"{stem}_{number}" in taken:
            number += 1
        return f"{stem}_{number}"

    # -- navigation -------------------------------------------------------------
    def _find(self, path: Path) -> Any:
        node: Any = self._doc
        for part in path:
            try:
                if isinstance(part, int):
                    if not isinstance(node, (list, AoT)) or part < 0:
                        return _MISSING
                    node = node[part]
                elif isinstance(node, (dict, Container, Table, InlineTable)) and part in node:
                    node = node[part]
                else:
                    return _MISSING
            except (IndexError, KeyError):
                return _MISSING
        return node

    def _array(self, path: Path) -> AoT:
        """An array of tables about to be rearranged (comments attached to their items)."""
        array = self._find(path)
        if not isinstance(array, (AoT, list)):
            raise ConfigPathError(f"{format_path(path)} is not a list in the file")
        if isinstance(array, AoT):
            layout.attach_leading_comments(array)
        return array

    def _container(self, path: Path, create: bool) -> Any:
        node: Any = self._doc
        for depth, part in enumerate(path):
            here = path[: depth + 1]
            if isinstance(part, int):
                self._check_index(node, part, here)
                node = node[part]
                continue
            if not isinstance(node, (Container, Table, InlineTable)):
                raise ConfigPathError(f"{format_path(path[:depth])} is not a table")
            if part not in node:
                if not create:
                    raise ConfigPathError(f"{format_path(here)} is not in the file")
                spec = decl.spec_for_path(here)
                new = tomlkit.inline_table() if spec and spec.kind == "headers" else None
                if new is None:
                    new = tomlkit.table(is_super_table=layout.is_super(spec))
                    self._created.append(new)
                if node is self._doc:
                    layout.add_section(self._doc, part, new)
                else:
                    layout.add_key(node, part, new, _sibling_order(path[:depth]))
            node = node[part]
        if path and not isinstance(node, (Container, Table, InlineTable, AoT)):
            raise ConfigPathError(f"{format_path(path)} is a value, not a table")
        return node

    @staticmethod
    def _check_index(node: Any, index: int, path: Path) -> None:
        if not isinstance(node, (AoT, list)) or not 0 <= index < len(node):
            raise ConfigPathError(f"{format_path(path)} is not in the file")


def _without_defaults(values: dict[str, Any], spec: decl.Spec | None) -> dict[str, Any]:
    if spec is None:
        return dict(values)
    return {
        key: value
        for key, value in values.items()
        if not ((child := spec.child(key)) and child.has_default and value == child.default)
    }


def _sibling_order(table_path: Path) -> tuple[str, ...]:
    spec = decl.spec_for_path(table_path)
    return tuple(child.key for child in spec.children) if spec is not None else ()


def _nested_set(values: dict[str, Any], path: Path, value: Any) -> None:
    for part in path[:-1]:
        values = values.setdefault(part, {})
    values[path[-1]] = value


def _nested_delete(values: dict[str, Any], path: Path) -> None:
    for part in path[:-1]:
        values = values[part]
    del values[path[-1]]


def _names_in(data: dict[str, Any]) -> list[str]:
    tools = data.get("tools", {}) or {}
    entries = [t for kind in decl.TOOL_KINDS for t in tools.get(kind, []) or []]
    entries += (data.get("data_collection", {}) or {}).get("fields", []) or []
    return [str(e.get("name")) for e in entries if isinstance(e, dict)]


def _resync_renamed(parent, container, old_name: str, new_name: str) -> None:
    """tomlkit's `_replace` renames the key in the body but leaves the dicts it keeps
    beside it without the new name (and a table's own dict with the old one), so a second
    rename of the same key found nothing to rename. Put them in step."""
    item = container.item(new_name)
    if not dict.__contains__(container, new_name):
        dict.__setitem__(container, new_name, item.value)
    if parent is not container:
        if dict.__contains__(parent, old_name):
            dict.__delitem__(parent, old_name)
        dict.__setitem__(parent, new_name, item)
