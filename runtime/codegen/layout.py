"""Python expressions laid out the way `ruff format` lays them out, so generated code
passes `ruff format --check` as it is written.

An expression is written on one line when that line fits; otherwise its brackets are
opened one item a line with a trailing comma, which ruff keeps as it is (a "magic"
trailing comma), recursively. For brackets, widths are over-estimated for non-ASCII text
(two columns a character): at worst a call that would have fit is opened, which ruff also
keeps. Where over-estimating is not safe (a long string moved into parentheses), the
width is measured as ruff measures it.

    Call("inference.STT", [Atom('"deepgram/nova-3"')], [("language", Atom('"multi"'))])
    layout(node, lead="        stt=", trailer=",", indent=2)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from runtime.codegen.literals import PySource, py_literal

LINE_LENGTH = 100
INDENT = "    "


def width(text: str) -> int:
    """At least the columns `text` takes (see above)."""
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def display_width(text: str) -> int:
    """The columns `text` takes as ruff counts them: wide and full-width characters two,
    combining marks none (literals escape every other zero-width character)."""
    total = 0
    for ch in text:
        if ord(ch) < 128:
            total += 1
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
            continue
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            total += 2
        else:
            total += 1
    return total


class Node:
    def flat(self) -> str:
        raise NotImplementedError

    def parts(self) -> tuple[str, Sequence[Item], str] | None:
        """(opening, items, closing) of a bracket that can be opened; None for an atom."""
        return None


@dataclass(frozen=True)
class Atom(Node):
    """Source text that is never broken (a literal, a name)."""

    text: str

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True)
class Item:
    """One element of a bracket: `value`, `key=value` (kwargs) or `key: value` (dicts,
    annotated parameters); `default` adds ` = default` (a parameter's)."""

    value: Node
    key: str = ""
    separator: str = "="
    default: str = ""

    def flat(self) -> str:
        return self.lead() + self.value.flat() + self.tail()

    def lead(self) -> str:
        return f"{self.key}{self.separator}" if self.key else ""

    def tail(self) -> str:
        return f" = {self.default}" if self.default else ""


@dataclass(frozen=True)
class Bracket(Node):
    """`opening item, item closing`: a call, list, dict, subscript or signature."""

    opening: str  # e.g. "f(", "[", "{", "Annotated["
    items: tuple[Item, ...]
    closing: str  # e.g. ")", "]", ") -> str:"
    empty: str = ""  # the flat form without items, when it differs

    def flat(self) -> str:
        if not self.items and self.empty:
            return self.empty
        return self.opening + ", ".join(item.flat() for item in self.items) + self.closing

    def parts(self) -> tuple[str, Sequence[Item], str] | None:
        return (self.opening, self.items, self.closing) if self.items else None


def _items(values: Iterable[Node | Item]) -> tuple[Item, ...]:
    return tuple(v if isinstance(v, Item) else Item(v) for v in values)


def call(func: str, *args: Node | Item, **kwargs: Node) -> Bracket:
    items = _items(args) + tuple(Item(value, key) for key, value in kwargs.items())
    return Bracket(f"{func}(", items, ")")


def keyword_call(func: str, pairs: Iterable[tuple[str, Node]]) -> Bracket:
    """A call with keyword arguments in the given order (names need not be identifiers
    of this module: they are the callee's)."""
    return Bracket(f"{func}(", tuple(Item(value, key) for key, value in pairs), ")")


def list_of(values: Iterable[Node | Item]) -> Bracket:
    return Bracket("[", _items(values), "]", empty="[]")


def dict_of(pairs: Iterable[tuple[Node, Node]]) -> Bracket:
    items = tuple(Item(value, key.flat(), ": ") for key, value in pairs)
    return Bracket("{", items, "}", empty="{}")


def subscript(base: str, *args: Node) -> Bracket:
    return Bracket(f"{base}[", _items(args), "]")


def literal(value: object) -> Node:
    """A config value (str, number, bool, list, dict) as a node."""
    if isinstance(value, dict):
        return dict_of((Atom(py_literal(str(k))), literal(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return list_of(literal(v) for v in value)
    return Atom(py_literal(value))


def layout(node: Node, *, lead: str = "", trailer: str = "", indent: int = 0) -> PySource:
    """`node` as source lines: `lead` starts the first line (it carries its own
    indentation), `trailer` ends the last; `indent` is the level of the first line."""
    lines: list[str] = []
    _write(node, lead, trailer, indent, lines)
    return PySource("\n".join(lines))


def _write(node: Node, lead: str, trailer: str, indent: int, lines: list[str]) -> None:
    flat = lead + node.flat() + trailer
    parts = node.parts()
    if parts is None or (width(flat) <= LINE_LENGTH and "\n" not in flat):
        lines.append(flat)
        return
    opening, items, closing = parts
    lines.append(lead + opening)
    pad = INDENT * (indent + 1)
    for item in items:
        _write(item.value, pad + item.lead(), item.tail() + ",", indent + 1, lines)
    lines.append(INDENT * indent + closing + trailer)


def assignment(target: str, node: Node, indent: int = 0) -> PySource:
    """`target = node`. An atom too long for its line moves into parentheses on a line
    of its own, if it fits there: what ruff does with the right-hand side."""
    pad = INDENT * indent
    flat = f"{pad}{target} = {node.flat()}"
    text = node.flat()
    inner = INDENT * (indent + 1) + text
    if (
        node.parts() is None
        and "\n" not in text
        and display_width(flat) > LINE_LENGTH
        and display_width(inner) <= LINE_LENGTH
    ):
        return PySource(f"{pad}{target} = (\n{inner}\n{pad})")
    return layout(node, lead=f"{pad}{target} = ", indent=indent)
