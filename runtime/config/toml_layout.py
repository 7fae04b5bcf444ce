"""Building tomlkit items the way a person writes TOML.

New tables land where the format lists them and end with a blank line, inline tables
are spaced `{ key = value }`, multi-line text starts on its own line, and strings are
escaped with regular expressions (tomlkit escapes character by character, which takes
seconds on a long prompt).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import tomlkit
from tomlkit.items import (
    AoT,
    Comment,
    InlineTable,
    Item,
    String,
    StringType,
    Table,
    Trivia,
    Whitespace,
)

from runtime.config import declarations as decl


def end_with_blank_line(table: Table) -> None:
    """Make a table (or its last sub-table, which renders last) end with a blank line."""
    body = table.value.body
    if body and isinstance(body[-1][1], AoT) and len(body[-1][1]):
        return end_with_blank_line(body[-1][1][-1])
    if body and isinstance(body[-1][1], Table):
        return end_with_blank_line(body[-1][1])
    if not table.as_string().endswith("\n\n"):
        table.add(tomlkit.nl())


def _last_table(table: Table) -> Table:
    """The table whose body renders last: the table itself or its last sub-table."""
    body = table.value.body
    if body and isinstance(body[-1][1], AoT) and len(body[-1][1]):
        return _last_table(body[-1][1][-1])
    if body and isinstance(body[-1][1], Table):
        return _last_table(body[-1][1])
    return table


def attach_leading_comments(array: AoT) -> None:
    """Hand the comments written right above each `[[header]]` to that element.

    tomlkit parses them into the end of the previous element, so moving or removing an
    element would carry away its neighbour's comment. They move into the header's
    leading text instead, which renders the same bytes."""
    for previous, table in pairwise(array):
        body = _last_table(previous).value.body
        start = len(body)
        while (
            start
            and body[start - 1][0] is None
            and isinstance(body[start - 1][1], (Comment, Whitespace))
        ):
            start -= 1
        comments = [i for i in range(start, len(body)) if isinstance(body[i][1], Comment)]
        if not comments:
            continue
        leading = "".join(item.as_string() for _, item in body[comments[0] :])
        del body[comments[0] :]  # unkeyed items at the end: no index in the key map moves
        table.trivia.indent = leading + table.trivia.indent


def separate(array: AoT, index: int) -> None:
    """Keep a blank line between element `index` and whatever follows it."""
    following = array[index + 1] if index + 1 < len(array) else None
    if following is None or not following.trivia.indent.startswith("\n"):
        end_with_blank_line(array[index])


def is_super(spec: decl.Spec | None) -> bool:
    """Tables that only hold other tables get no header line of their own."""
    return spec is not None and (spec.kind == "map" or spec.key == "tools")


def to_item(value: Any, spec: decl.Spec | None, like: Any = None) -> Any:
    if isinstance(value, Item):
        return value
    kind = spec.kind if spec else None
    if kind == "array" or (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) for v in value)
        and kind is None
    ):
        item_spec = spec.item if spec else None
        tables = [table_item(v, item_spec) for v in value]
        for table in tables:
            end_with_blank_line(table)
        return AoT(tables)
    if isinstance(value, dict):
        if isinstance(like, InlineTable) or (spec is not None and is_inline(spec)):
            return inline_table(value, like)
        target = tomlkit.table(is_super_table=is_super(spec))
        for key, sub in value.items():
            target[key] = to_item(sub, spec.child(key) if spec and spec.children else None)
        if not target.is_super_table():
            end_with_blank_line(target)
        return target
    if isinstance(value, str):
        return multiline_string(value) if "\n" in value else basic_string(value)
    return tomlkit.item(value)


# Characters TOML basic strings cannot hold as they are. Multi-line strings may hold
# newlines and tabs, and need only the quotes that would end the string escaped: one
# that starts a run of three, or one right before the closing delimiter.
_SINGLE_LINE_ESCAPES = re.compile(r'[\\"\x00-\x08\x0a-\x1f\x7f]')
_MULTI_LINE_ESCAPES = re.compile(r'[\\\x00-\x08\x0b-\x1f\x7f]|"(?=""|\Z)')
_SHORT_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def basic_string(value: str) -> Item:
    return String(StringType.SLB, value, _SINGLE_LINE_ESCAPES.sub(_escape, value), Trivia())


def multiline_string(value: str) -> Item:
    """A \"\"\" string that starts on its own line (TOML drops that first newline)."""
    raw = "\n" + _MULTI_LINE_ESCAPES.sub(_escape, value)
    return String(StringType.MLB, value, raw, Trivia())


def inline_table(values: dict[str, Any], like: Any = None) -> InlineTable:
    """`{ key = value, ... }` spaced the way people write it. Keys already in `like` (the
    table being replaced) keep their spelling: `"X-Api-Key"` stays quoted."""
    if not values:
        return tomlkit.inline_table()
    spelled = key_spellings(like)
    pairs = ", ".join(
        f"{spelled.get(k) or tomlkit.key(k).as_string()} = {_inline_value(v, _child(like, k))}"
        for k, v in values.items()
    )
    return tomlkit.parse(f"k = {{ {pairs} }}\n")["k"]


def _inline_value(value: Any, like: Any) -> str:
    if isinstance(value, dict):
        return inline_table(value, like).as_string()
    return tomlkit.item(value).as_string()


def _child(table: Any, key: str) -> Any:
    return table.get(key) if isinstance(table, (InlineTable, Table)) else None


def key_spellings(table: Any) -> dict[str, str]:
    """How each key of a table is written in the file (quoted or bare)."""
    if not isinstance(table, (InlineTable, Table)):
        return {}
    return {
        key.key: key.as_string().strip()
        for key, _ in table.value.body
        if key is not None and not key.is_dotted()
    }


def is_inline(spec: decl.Spec) -> bool:
    """Headers and object-field properties are written as `{ key = value }` tables."""
    return spec.kind == "headers" or spec is decl.FIELD.item.child("properties").item  # type: ignore[union-attr]


def table_item(values: dict[str, Any], spec: decl.Spec | None) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        table[key] = to_item(value, spec.child(key) if spec else None)
    return table


def add_key(container: Any, key: str, item: Any, order: tuple[str, ...] = ()) -> None:
    """Add a plain key after the last plain key of a table, ahead of trailing comments;
    a sub-table before the sibling sub-tables that the format lists after it."""
    body = (
        container.value.body if isinstance(container, Table) else getattr(container, "body", None)
    )
    if body is not None and isinstance(item, (Table, AoT)) and key in order:
        later = set(order[order.index(key) + 1 :])
        for index, (body_key, body_item) in enumerate(body):
            if (
                body_key is not None
                and body_key.key in later
                and isinstance(body_item, (Table, AoT))
            ):
                target = container.value if isinstance(container, Table) else container
                target._insert_at(index, key, item)
                if isinstance(container, Table):
                    dict.__setitem__(container, key, target[key])
                return
    if body is None or isinstance(item, (Table, AoT)):
        container.append(key, item)
        return
    last_key = None
    for body_key, body_item in body:
        if body_key is not None and not isinstance(body_item, (Table, AoT)):
            last_key = body_key
    if last_key is None:
        container.append(key, item)
        return
    target = container.value if isinstance(container, Table) else container
    target._insert_after(last_key, key, item)
    if isinstance(container, Table):
        dict.__setitem__(container, key, target[key])


def add_section(doc: tomlkit.TOMLDocument, key: str, item: Any) -> None:
    """Place a new top-level section after the sections that precede it in the format."""
    order = decl.SECTION_ORDER
    rank = order.index(key) if key in order else len(order)
    present = [k.key for k, _ in doc.body if k is not None and k.key in order]
    before = [k for k in present if order.index(k) < rank]
    after = [k for k in present if order.index(k) > rank]
    if before and after:
        doc._insert_after(before[-1], key, item)
        return
    if not doc.as_string().endswith("\n\n") and doc.as_string():
        item.trivia.indent = "\n"
    doc.append(key, item)
