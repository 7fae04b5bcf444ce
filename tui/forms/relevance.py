"""Values that only apply in some situations are shown only then.

Thinking effort matters only for reasoning models; `properties` only for objects (and
arrays of objects), `items` only for arrays.
A value already present in the file is always shown, so it can be seen and removed.
"""

from __future__ import annotations

from collections.abc import Callable

Rule = Callable[[object, tuple], bool]  # (session, path of the table holding the key)


def _reasoning_llm(session, table: tuple) -> bool:
    return session.is_reasoning_model(session.document.get((*table, "llm"), None)
                                      or session.default_llm(table))


def _type(session, table: tuple) -> str | None:
    return session.document.get((*table, "type"), None)


def _has_properties(session, table: tuple) -> bool:
    """Objects, and arrays of objects (a tool parameter's `items = "object"`)."""
    kind = _type(session, table)
    return kind == "object" or (kind == "array"
                                and session.document.get((*table, "items"), None) == "object")


def _array(session, table: tuple) -> bool:
    return _type(session, table) == "array"


RULES: dict[str, Rule] = {
    "thinking_effort": _reasoning_llm,
    "properties": _has_properties,
    "items": _array,
}
# The sibling keys the rules read: editing anything else cannot change what is shown.
INPUTS = frozenset({"llm", "type", "items"})


def is_conditional(key: str) -> bool:
    return key in RULES


def applies(session, path: tuple) -> bool:
    rule = RULES.get(path[-1])
    if rule is None or session.document.has(path):
        return True
    return rule(session, path[:-1])
