"""Config strings reach generated source only as exact, valid literals."""

from __future__ import annotations

import ast
import tomllib

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runtime.codegen import literals
from runtime.codegen.templating import UnsafeInterpolation, environment

NASTY = [
    "",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "ends with backslash\\",
    'ends with quote"',
    "{{ metadata.user }} and {% if x %}{{secrets.X}}{% endif %}",
    "line one\nline two\n",
    "\r\n\t\x00\x1b",
    "\u2028\u2029\ufeff",
    "café ☕ 日本語 🎉",
    '"""); import os; os.system("rm -rf /"); ("""',
    "'); __import__('os').system('id'); ('",
    "\ud800",
    "trailing space \nnext",
]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("render", [literals.py_str, literals.py_text])
def test_known_nasty_strings_round_trip(value, render):
    assert ast.literal_eval(render(value)) == value


@given(st.text())
def test_any_text_round_trips_as_str(value):
    assert ast.literal_eval(literals.py_str(value)) == value


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(['"', "\\", "\n", "'"])))
def test_any_text_round_trips_as_block(value):
    source = f"X = {literals.py_text(value)}\n"
    module = ast.parse(source)
    assert ast.literal_eval(module.body[0].value) == value
    compile(source, "<generated>", "exec")


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(toml_values)
def test_nested_values_round_trip(value):
    assert ast.literal_eval(literals.py_literal(value)) == value


@pytest.mark.parametrize("value", [float("inf"), float("-inf")])
def test_infinities_are_spelled_out(value):
    assert eval(literals.py_literal(value), {"__builtins__": {"float": float}}) == value


def test_multiline_prose_reads_as_a_block():
    text = "You are the front desk.\nBe brief.\n"
    assert literals.py_text(text) == '"""\\\nYou are the front desk.\nBe brief.\n"""'


def test_single_line_prefers_double_quotes():
    assert literals.py_str("plain") == '"plain"'
    assert literals.py_str("it's") == '"it\'s"'


@pytest.mark.parametrize(
    "name, expected",
    [("lookup", "lookup"), ("class", "class_"), ("match", "match_"), ("3d", "_3d"), ("a-b", "a_b")],
)
def test_names_become_valid_identifiers(name, expected):
    assert literals.py_name(name) == expected


def test_taken_names_are_avoided():
    assert literals.py_name("context", taken={"context"}) == "context_"


@pytest.mark.parametrize(
    "agent, expected",
    [("front-desk", "FrontDeskAgent"), ("support-agent", "SupportAgent"), ("7up", "Agent7up")],
)
def test_class_names(agent, expected):
    assert literals.class_name(agent) == expected


@given(st.text())
def test_toml_strings_parse_back(value):
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return  # TOML files are UTF-8: lone surrogates cannot occur in a config
    assert tomllib.loads(f"v = {literals.toml_str(value)}")["v"] == value


def _python_template(source: str) -> jinja2.Template:
    return environment("python").from_string(source)


def test_python_templates_refuse_raw_strings():
    with pytest.raises(UnsafeInterpolation):
        _python_template("X = {{ value }}\n").render(value='"; import os; "')


def test_python_templates_accept_filtered_values():
    out = _python_template("X = {{ value|py }}\n").render(value='"; import os; "')
    assert ast.literal_eval(ast.parse(out).body[0].value) == '"; import os; "'


def test_toml_templates_refuse_raw_strings():
    with pytest.raises(UnsafeInterpolation):
        environment("toml").from_string("name = {{ value }}\n").render(value="x")
