from __future__ import annotations

import tomllib

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
