"""`{{metadata.key}}` and `{{secrets.NAME}}` references: the one place that reads them.

Validation, the editor's secrets tab, codegen's `.env.example` and deploy's missing-secret
check all find variables through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from runtime.config.paths import Path

# Anything between double braces, so misspelt references are found and reported too.
VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_REFERENCE = re.compile(r"^(?P<namespace>[A-Za-z_]+)\.(?P<name>[A-Za-z0-9_][A-Za-z0-9_.-]*)$")
NAMESPACES = ("metadata", "secrets")


@dataclass(frozen=True)
class Variable:
    """One `{{...}}` in a string. `namespace` is empty when the reference is malformed."""

    text: str  # as written, braces included
    namespace: str
    name: str
    start: int
    end: int

    @property
    def is_known(self) -> bool:
        return self.namespace in NAMESPACES

    @property
    def root(self) -> str:
        """The first segment: the metadata key declared under [metadata]."""
        return self.name.split(".")[0]


def find_variables(text: str) -> list[Variable]:
    found = []
    for match in VARIABLE.finditer(text):
        ref = _REFERENCE.fullmatch(match.group(1))
        namespace, name = (ref["namespace"], ref["name"]) if ref else ("", match.group(1))
        found.append(Variable(match.group(0), namespace, name, match.start(), match.end()))
    return found


def walk_strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string value in plain config data, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_strings(value, (*path, index))


def variables_in(data: Any) -> list[tuple[Path, Variable]]:
    """Every variable reference in plain config data, with the path of its string."""
    return [(path, var) for path, text in walk_strings(data) for var in find_variables(text)]


def secret_names(data: Any) -> list[str]:
    """Names of the secrets a config uses, sorted, each once."""
    return sorted({v.name for _, v in variables_in(data) if v.namespace == "secrets"})


def metadata_keys(data: Any) -> list[str]:
    """Top-level metadata keys a config reads, sorted, each once."""
    return sorted({v.root for _, v in variables_in(data) if v.namespace == "metadata"})
