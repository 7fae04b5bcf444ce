from __future__ import annotations

import tomllib

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.config.locate import locate_keys

TRICKY = '''\
top = "has # and [brackets]"   # comment with = sign
"quoted \\u0041" = 1
'lit.eral' = 'C:\\path\\'
dotted.key.here = true
block = """
[[not_a_header]]
ends with a quote\\""""
raw = \'\'\'
[also not] \'\'\'
list = [
  { name = "a" },   # first
  { name = "b" },
]

[[arr]]
x = 1

[[arr]]
x = 2
[arr.sub]
y = "z"
'''


def test_positions_of_tricky_keys():
    data = tomllib.loads(TRICKY)  # the sample is valid TOML, as the locator assumes
    assert data["block"].endswith('quote"') and data["arr"][1]["sub"]["y"] == "z"
    positions = locate_keys(TRICKY)
    assert positions[("top",)] == (1, 1)
    assert positions[("quoted A",)] == (2, 1)
    assert positions[("lit.eral",)] == (3, 1)
    assert positions[("dotted", "key", "here")] == (4, 1)
    assert positions[("dotted",)] == (4, 1)
    assert positions[("raw",)] == (8, 1)
    assert positions[("list", 1)] == (12, 3)
    assert positions[("list", 1, "name")] == (12, 5)
    assert positions[("arr", 1)] == (18, 1)
    assert positions[("arr", 1, "sub", "y")] == (21, 1)
    assert ("not_a_header",) not in positions and ("also not",) not in positions


def test_crlf_and_empty_text():
    assert locate_keys("a = 1\r\n[b]\r\nc = 2\r\n")[("b", "c")] == (3, 1)
    assert locate_keys("") == {}


def test_dates_with_a_space_and_other_scalars():
    text = "a = 1979-05-27 07:32:00  # local\nb = [1.5, -inf, true]\nc = { d = 1979-05-27 07:32:00Z }\ne = 2\n"
    tomllib.loads(text)
    positions = locate_keys(text)
    assert positions[("e",)] == (4, 1)
    assert positions[("c", "d")] == (3, 7)
    assert positions[("b", 2)] == (2, 17)


def test_text_that_is_not_toml_never_hangs():
    for text in ['a = "unterminated', "a = '''open", "[[x", "= 1", 'k = """x\\"""']:
        locate_keys(text)  # returns, whatever it finds


_keys = st.text(min_size=1, max_size=8)
_scalars = st.one_of(st.integers(), st.booleans(), st.text(max_size=12), st.floats(allow_nan=False))
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_keys, inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _values, min_size=1, max_size=5))
def test_every_key_of_any_document_is_found(data):
    text = tomlkit.dumps(data)
    assert tomllib.loads(text) == data
    positions = locate_keys(text)
    lines = text.split("\n")

    def check(value, path):
        if isinstance(value, dict):
            for key, sub in value.items():
                line, col = positions[(*path, key)]
                written = lines[line - 1][col - 1 :]
                assert written.startswith((key, tomlkit.key(key).as_string(), "[")), (path, key)
                check(sub, (*path, key))

    check(data, ())
