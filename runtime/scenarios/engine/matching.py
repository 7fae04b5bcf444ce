"""How an expected value matches an observed one, everywhere in the scenario file.

"Contains" semantics, so a test states only what it cares about: a table matches when
each of its keys matches (other keys may be there), a list when each expected item
matches some observed item, an expected single value matches a list holding a match
(a multiple-answer field), numbers by value (2 matches 2.0, true never matches 1), and
text exactly.
"""

from __future__ import annotations

from typing import Any


def matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        if isinstance(actual, list):
            return any(matches(expected, item) for item in actual)
        return isinstance(actual, dict) and all(
            key in actual and matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        return all(any(matches(item, candidate) for candidate in actual) for item in expected)
    if isinstance(actual, list) and not isinstance(expected, list):
        return any(matches(expected, item) for item in actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return expected == actual
    return type(expected) is type(actual) and expected == actual
