"""What each edit of an agent file means, on plain data, written apart from the editor.

The stateful test applies every edit both here and to `AgentDocument`, and checks they
agree. `Refused` marks an edit the document must refuse (with a ConfigError, changing
nothing). Comments are tracked by owner (see `shapes.py`): a comment lives as long as
its owner does.
"""

from __future__ import annotations

import copy
import datetime
import math
import re
from dataclasses import dataclass, field
from typing import Any

from runtime.config import declarations as decl
from runtime.config.paths import parse_path

Path = tuple


class Refused(Exception):
    """The document must refuse this edit."""


@dataclass(frozen=True)
class Element:
    """An owner-path step: the element of an array whose `name` is `name`."""

    name: str


COMMENT = re.compile(r"#\s*(lead|trail|table|file|free):(\S+)")


@dataclass
class Comment:
    text: str  # the whole comment as written, unique in its file
    kind: str
    owner: list  # path parts: str keys, Element steps
    on_header: bool = False  # its owner is written as a [table] (it goes if that does)


def parse_owner(spec: str) -> list:
    parts: list = []
    pieces = re.split(r"\[=([^\]]+)\]", spec)
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(Element(piece))
        elif piece:
            parts.extend(parse_path(piece.removeprefix(".")))
    return parts


def comment_in(line: str) -> str | None:
    """The owner-annotated comment on a line, as written (to its end), if any."""
    at = line.find("#")
    while at >= 0:
        if COMMENT.match(line, at):
            return line[at:].strip()
        at = line.find("#", at + 1)
    return None


def comments_of(text: str) -> list[Comment]:
    found = []
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines):
        written = comment_in(line)
        if written is None:
            continue
        match = COMMENT.match(written)
        kind = match.group(1)
        owner = [] if kind in ("file", "free") else parse_owner(match.group(2))
        code = line[: line.index(written)].strip()
        if kind == "lead":
            code = next((row.strip() for row in lines[number + 1 :] if not row.lstrip().startswith("#")), "")
        found.append(Comment(written, kind, owner, code.startswith("[")))
    return found


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


_MISSING = object()


def lookup(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                return _MISSING
        elif not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def exists(data: Any, path: Path) -> bool:
    return lookup(data, path) is not _MISSING


def storable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, bool | float):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, datetime.time):
        return value.tzinfo is None
    if isinstance(value, datetime.date):
        return True
    if isinstance(value, list):
        return all(storable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and storable(k) and storable(v) for k, v in value.items())
    return False


def is_default(value: Any, path: Path) -> bool:
    spec = decl.spec_for_path(path)
    if spec is None or not spec.has_default or isinstance(value, dict | list):
        return False
    return isinstance(value, bool) == isinstance(spec.default, bool) and value == spec.default


def without_defaults(values: dict, array: Path) -> dict:
    return {k: v for k, v in values.items() if not is_default(v, (*array, 0, k))}


@dataclass
class Model:
    data: dict
    comments: list[Comment] = field(default_factory=list)

    def copy(self) -> Model:
        return Model(copy.deepcopy(self.data), copy.deepcopy(self.comments))

    # -- comments ----------------------------------------------------------------
    def owner_path(self, comment: Comment) -> Path | None:
        """Where a comment's owner is now, or None when it is gone."""
        node, path = self.data, []
        for part in comment.owner:
            if isinstance(part, Element):
                if not isinstance(node, list):
                    return None
                matches = [i for i, e in enumerate(node) if isinstance(e, dict) and e.get("name") == part.name]
                if len(matches) != 1:
                    return None
                path.append(matches[0])
                node = node[matches[0]]
            else:
                if not isinstance(node, dict) or part not in node:
                    return None
                path.append(part)
                node = node[part]
        return tuple(path)

    def forget_dead_comments(self) -> None:
        """Drop comments whose owner is gone."""
        self.comments = [
            c for c in self.comments
            if c.kind in ("file", "free") or self.owner_path(c) is not None
        ]

    def has_own_comment(self, path: Path) -> bool:
        return any(
            c.kind in ("lead", "trail") and self.owner_path(c) == path for c in self.comments
        )

    # -- edits -------------------------------------------------------------------
    def set(self, path: Path, value: Any) -> None:
        if not path:
            raise Refused("the whole document")
        if value is None:
            if exists(self.data, path):
                self.delete(path)
            return
        if not storable(value):
            raise Refused("not storable")
        existing = lookup(self.data, path)
        if existing is not _MISSING and same(existing, value):
            return
        if is_default(value, path):
            if existing is _MISSING:
                self._check_creatable(path)
                return
            if not self.has_own_comment(path):
                self.delete(path)
                return
        if existing is _MISSING:
            self._create(path, copy.deepcopy(value))
            return
        for table in _tables_replaced(existing, value, path):
            self.comments = [
                c for c in self.comments if not (c.on_header and self.owner_path(c) == table)
            ]
        lookup(self.data, path[:-1])[path[-1]] = copy.deepcopy(value)
        self.forget_dead_comments()

    def _check_creatable(self, path: Path) -> None:
        node = self.data
        for depth, part in enumerate(path):
            if isinstance(part, int):
                if not isinstance(node, list) or not 0 <= part < len(node):
                    raise Refused("no such element")
                node = node[part]
                continue
            if not isinstance(node, dict):
                raise Refused("not a table")
            if part not in node:
                if any(isinstance(p, int) for p in path[depth:]):
                    raise Refused("an element of a list that is not there")
                return
            node = node[part]
        return

    def _create(self, path: Path, value: Any) -> None:
        self._check_creatable(path)
        node = self.data
        for part in path[:-1]:
            if isinstance(node, dict) and part not in node:
                node[part] = {}
            node = node[part]
        node[path[-1]] = value

    def delete(self, path: Path) -> None:
        if not path or not exists(self.data, path):
            raise Refused("not in the file")
        parent = lookup(self.data, path[:-1])
        if isinstance(path[-1], int):
            parent.pop(path[-1])
            if parent == [] and len(path) > 1:
                del lookup(self.data, path[:-2])[path[-2]]
        else:
            del parent[path[-1]]
        self.forget_dead_comments()

    def rename(self, path: Path, new: str) -> None:
        if not path or isinstance(path[-1], int) or not new:
            raise Refused("not a key")
        parent = lookup(self.data, path[:-1])
        if not isinstance(parent, dict) or path[-1] not in parent:
            raise Refused("not in the file")
        if new == path[-1]:
            return
        if new in parent or not storable(new):
            raise Refused("taken")
        for comment in self.comments:
            owner = self.owner_path(comment)
            if owner is not None and owner[: len(path)] == path:
                comment.owner[len(path) - 1] = new
        entries = list(parent.items())
        parent.clear()
        parent.update((new if k == path[-1] else k, v) for k, v in entries)

    def append(self, array: Path, values: dict) -> int:
        if not storable(values):
            raise Refused("not storable")
        values = without_defaults(copy.deepcopy(values), array)
        existing = lookup(self.data, array)
        if existing is _MISSING:
            self._create(array, [values])
            return 0
        if not isinstance(existing, list):
            raise Refused("not a list")
        existing.append(values)
        return len(existing) - 1

    def insert(self, array: Path, index: int, values: dict) -> None:
        if index == 0 and not exists(self.data, array):
            self.append(array, values)
            return
        existing = lookup(self.data, array)
        if not isinstance(existing, list) or not 0 <= index <= len(existing):
            raise Refused("no such position")
        if not storable(values):
            raise Refused("not storable")
        existing.insert(index, without_defaults(copy.deepcopy(values), array))

    def duplicate(self, array: Path, index: int) -> int:
        existing = lookup(self.data, array)
        if not isinstance(existing, list) or not 0 <= index < len(existing):
            raise Refused("no such element")
        if not isinstance(existing[index], dict):
            raise Refused("not a table")
        values = copy.deepcopy(existing[index])
        if "name" in values:
            taken = {str(e.get("name")) for e in existing if isinstance(e, dict)} | self.names()
            stem = str(values["name"]).rstrip("0123456789").rstrip("_") or str(values["name"])
            number = 2
            while f"{stem}_{number}" in taken:
                number += 1
            values["name"] = f"{stem}_{number}"
        existing.insert(index + 1, values)
        return index + 1

    def move(self, array: Path, index: int, new_index: int) -> None:
        existing = lookup(self.data, array)
        if not isinstance(existing, list):
            raise Refused("not a list")
        if not (0 <= index < len(existing) and 0 <= new_index < len(existing)):
            raise Refused("no such element")
        existing.insert(new_index, existing.pop(index))

    def names(self) -> set[str]:
        tools = self.data.get("tools")
        tools = tools if isinstance(tools, dict) else {}
        entries = [t for kind in ("http", "client", "mcp") for t in _list(tools.get(kind))]
        collection = self.data.get("data_collection")
        if isinstance(collection, dict):
            entries += _list(collection.get("fields"))
        return {str(e.get("name")) for e in entries if isinstance(e, dict)}


def _tables_replaced(old: Any, new: Any, path: Path):
    """Paths where a table becomes something else (its header goes)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            yield path
            return
        for key in old.keys() & new.keys():
            yield from _tables_replaced(old[key], new[key], (*path, key))


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
