"""Every declared key given a value of every other TOML type is an error at that key."""

from __future__ import annotations

import datetime

import pytest

from runtime.config import declarations as decl
from runtime.config.document import AgentDocument
from runtime.config.paths import format_path
from runtime.config.validate import validate

VALUES = {
    "text": "s",
    "integer": 3,
    "float": 1.5,
    "boolean": True,
    "datetime": datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime.UTC),
    "array": [1],
    "table": {"x": 1},
}
ACCEPTS = {
    "string": {"text"},
    "enum": {"text"},
    "integer": {"integer"},
    "number": {"integer", "float"},
    "boolean": {"boolean"},
    "table": {"table"},
    "map": {"table"},
    "headers": {"table"},
    "array": set(),  # a list of tables, which none of the values above is
}
ELEMENT = {"name": "n", "description": "d", "url": "https://x.example"}


def _cases():
    for pattern, spec in decl.ROOT.walk():
        if spec.kind not in ACCEPTS:
            continue
        parts = tuple(
            0 if part == "[]" else "x" if part == "*" else part
            for part in pattern.replace("[]", ".[]").replace(".*", ".*").split(".")
        )
        for kind, value in VALUES.items():
            if kind not in ACCEPTS[spec.kind]:
                yield pytest.param(parts, value, id=f"{pattern}={kind}")


@pytest.mark.parametrize(("path", "value"), list(_cases()))
def test_a_value_of_the_wrong_type_is_an_error_at_its_key(path, value):
    doc = AgentDocument.from_text('[agent]\nname = "typed"\n')
    for depth, part in enumerate(path):
        if isinstance(part, int):
            element = {k: v for k, v in ELEMENT.items() if decl.spec_for_path((*path[:depth], 0, k))}
            doc.append_item(path[:depth], element)
    doc.set(path, value)
    text = doc.text
    errors = [p for p in validate(text) if p.severity == "error" and p.path == format_path(path)]
    assert errors, f"{format_path(path)} = {value!r} passed:\n{text}"
    line, col = AgentDocument.from_text(text).line_of(path)
    assert (errors[0].line, errors[0].col) == (line, col)
    assert "expected" in errors[0].message


def test_version_true_is_not_the_number_one():
    problems = validate('version = true\n[agent]\nname = "a"\n')
    assert [(p.path, p.line) for p in problems if p.severity == "error"] == [("version", 1)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("agent.name", '[agent]\nname = "front-desk\\n"\n'),
        ("tools.http[0].name", '[agent]\nname = "a"\n[[tools.http]]\nname = "t\\n"\ndescription = "d"\nurl = "https://x.example"\n'),
        ("metadata.\"user\\n\"", '[agent]\nname = "a"\n[metadata."user\\n"]\nexample = "x"\n'),
    ],
)
def test_names_are_matched_whole_a_trailing_newline_included(path, text):
    errors = [p for p in validate(text) if p.severity == "error"]
    assert [p.path for p in errors] == [path]
    assert "\n" not in errors[0].format("agent.toml")  # and it prints on one line
