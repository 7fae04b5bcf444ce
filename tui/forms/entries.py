"""Changes to collections in the file: add, duplicate, delete, move, rename entries.

Arrays of tables use the document's list helpers; maps and headers (tables whose keys the
user names) are edited key by key. Each function returns a change for `EditRequested`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Change = Callable[[Any], None]


def entry_keys(document, spec, path: tuple) -> list:
    """Indexes of an array's elements, or the names of a map's entries, in file order."""
    value = document.get(path, None)
    # A value of the wrong type (validation reports it) shows as an empty collection.
    if spec.kind == "array":
        return list(range(len(value))) if isinstance(value, list) else []
    return list(value.keys()) if isinstance(value, dict) else []


def unique_key(taken, stem: str) -> str:
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"


def add_entry(spec, path: tuple, taken_names) -> Change:
    if spec.kind == "array":
        names = set(taken_names)
        first = spec.item.children[0] if spec.item.children else None
        values = {"name": unique_key(names, f"new_{spec.key.rstrip('s')}_")} if (
            first is not None and first.key == "name"
        ) else {}
        return lambda document: document.append_item(path, values)
    stem = "X-Header-" if spec.kind == "headers" else "new_"
    return add_named_entry(spec, path, unique_key(set(taken_names), stem))


def add_named_entry(spec, path: tuple, key: str) -> Change:
    """An entry of a map (a [metadata.NAME] variable) with the name given."""
    empty: Any = "" if spec.item.kind != "table" else {}
    return lambda document: document.set((*path, key), empty)


def duplicate_entry(path: tuple, index: int) -> Change:
    return lambda document: document.duplicate_item(path, index)


def remove_entry(path: tuple, key) -> Change:
    return lambda document: document.delete((*path, key))


def move_entry(path: tuple, index: int, new_index: int) -> Change:
    return lambda document: document.move_item(path, index, new_index)


def rename_entry(path: tuple, old: str, new: str) -> Change:
    return lambda document: document.rename_key((*path, old), new)
