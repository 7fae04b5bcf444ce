from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.config.document import AgentDocument
from runtime.config.errors import ConfigPathError, ConfigValueError
from tests.config.conftest import EXAMPLES, FULL


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_unchanged_example_saves_to_the_same_bytes(path, tmp_path):
    copy = tmp_path / "agent.toml"
    copy.write_bytes(path.read_bytes())
    doc = AgentDocument.load(copy)
    assert not doc.dirty
    doc.save()
    assert copy.read_bytes() == path.read_bytes()


def test_crlf_file_round_trips_byte_for_byte(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_bytes(FULL.replace("\n", "\r\n").encode())
    doc = AgentDocument.load(path)
    doc.save()
    assert path.read_bytes() == FULL.replace("\n", "\r\n").encode()


def test_changing_one_value_changes_only_its_line_and_keeps_the_comment_in_its_column():
    doc = AgentDocument.from_text(FULL)
    doc.set("greeting.enabled", False)
    assert changed_lines(FULL, doc.text) == [
        "-enabled = true                 # false: wait for the user to speak first",
        "+enabled = false                # false: wait for the user to speak first",
    ]
    assert doc.dirty


def test_get_reads_dotted_paths_with_indexes_and_quoted_keys():
    doc = AgentDocument.from_text(FULL)
    assert doc.get("tools.http[0].parameters[0].name") == "order_id"
    assert doc.get('call_ending.headers."X-Api-Key"') == "{{secrets.HOOK_KEY}}"
    assert doc.get("tools.http[5].name", "absent") == "absent"
    assert doc.get("models.voice") is None


def test_setting_a_default_on_an_absent_key_writes_nothing():
    doc = AgentDocument.from_text(FULL)
    doc.set("models.voice", "")
    doc.set("tools.http[0].method", "GET")
    assert doc.text == FULL and not doc.dirty


def test_new_key_goes_after_the_last_key_of_its_section():
    doc = AgentDocument.from_text(FULL)
    doc.set("models.voice", "abc")
    lines = doc.text.splitlines()
    assert lines[lines.index('tts = "cartesia/sonic-3"') + 1] == 'voice = "abc"'
    assert len(changed_lines(FULL, doc.text)) == 1


def test_new_section_is_placed_in_format_order_with_blank_lines():
    text = 'version = 1\n\n[agent]\nname = "a"\n\n[advanced]\nturn_detection = false\n'
    doc = AgentDocument.from_text(text)
    doc.set("models.llm", "openai/gpt-5")
    doc.set("greeting.enabled", False)
    assert doc.text == (
        'version = 1\n\n[agent]\nname = "a"\n\n[greeting]\nenabled = false\n\n'
        '[models]\nllm = "openai/gpt-5"\n\n[advanced]\nturn_detection = false\n'
    )


def test_multiline_string_is_written_as_a_readable_block_and_reads_back():
    doc = AgentDocument.from_text(FULL)
    doc.set("agent.instructions", 'Line one.\nSay "hi" \\ bye.\n')
    assert "'''\nLine one.\n" in doc.text  # a backslash reads better unescaped
    doc.set("greeting.instructions", 'Line one.\nSay "hi".')
    assert '"""\nLine one.\nSay "hi"."""' in doc.text
    assert (
        AgentDocument.from_text(doc.text).get("agent.instructions")
        == 'Line one.\nSay "hi" \\ bye.\n'
    )


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_any_string_value_reads_back_exactly(value):
    doc = AgentDocument.from_text(FULL)
    doc.set("agent.instructions", value)
    doc.set('call_ending.headers."X-Other"', value)
    again = AgentDocument.from_text(doc.text)
    assert again.get("agent.instructions", "") == value  # "" is the default: left out
    assert again.get('call_ending.headers."X-Other"') == value


def test_editing_an_inline_table_rewrites_it_tidily():
    doc = AgentDocument.from_text(FULL)
    doc.set('tools.http[0].headers."X-Trace"', "1")
    assert (
        'headers = { Authorization = "Bearer {{secrets.SHOP_TOKEN}}", X-Trace = "1" }' in doc.text
    )
    doc.delete("tools.http[0].headers.Authorization")
    assert 'headers = { X-Trace = "1" }' in doc.text


INLINE_FIELDS = """version = 1
[agent]
name = "a"
instructions = "x"

[data_collection]
fields = [  # the fields, in the order asked
  # the first field
  { name = "f1", description = "d1" },
  # the second field,
  # on two lines
  { name = "f2", description = "d2" },   # trailing
  { name = "f3", description = "d3" },
]
"""


def test_comment_lines_above_an_inline_element_move_and_go_with_it():
    doc = AgentDocument.from_text(INLINE_FIELDS)
    doc.move_item("data_collection.fields", 1, 0)
    assert doc.text.split("fields = [")[1] == """  # the fields, in the order asked
  # the second field,
  # on two lines
  { name = "f2", description = "d2" },   # trailing
  # the first field
  { name = "f1", description = "d1" },
  { name = "f3", description = "d3" },
]
"""
    doc.remove_item("data_collection.fields", 0)
    assert "second field" not in doc.text and "on two lines" not in doc.text
    assert "# the first field\n  { name = \"f1\"" in doc.text
    assert "# the fields, in the order asked" in doc.text  # the array's own comment stays
    doc.append_item("data_collection.fields", {"name": "f4", "description": "d4"})
    assert doc.text.count("# the first field") == 1  # a new line is indented, not annotated
    assert '  { name = "f4", description = "d4" },\n]' in doc.text


def test_delete_key_and_list_item():
    doc = AgentDocument.from_text(FULL)
    doc.delete("greeting.instructions")
    assert not doc.has("greeting.instructions")
    doc.remove_item("tools.mcp", 0)
    assert not doc.has("tools.mcp")  # the last element takes its array with it
    with pytest.raises(ConfigPathError):
        doc.delete("tools.http[3]")
    with pytest.raises(ConfigPathError):
        doc.delete("agent.nothing")


def test_list_helpers_append_insert_duplicate_move_remove():
    doc = AgentDocument.from_text(FULL)
    assert doc.append_item("tools.http", {"name": "b", "description": "B", "url": "https://b"}) == 1
    doc.insert_item("tools.http", 0, {"name": "a", "description": "A", "url": "https://a"})
    copy_index = doc.duplicate_item("tools.http", 2)
    names = [tool["name"] for tool in doc.items("tools.http")]
    assert names == ["a", "lookup_order", "b", "b_2"] and copy_index == 3
    doc.move_item("tools.http", 1, 3)
    assert [t["name"] for t in doc.items("tools.http")] == ["a", "b", "b_2", "lookup_order"]
    # The moved tool keeps its own parameters and headers.
    assert doc.get("tools.http[3].parameters[0].name") == "order_id"
    doc.remove_item("tools.http", 0)
    again = AgentDocument.from_text(doc.text)
    assert [t["name"] for t in again.items("tools.http")] == ["b", "b_2", "lookup_order"]
    assert '\n\n[[tools.http]]\nname = "b_2"' in doc.text


def test_append_to_a_missing_array_creates_it_under_its_section():
    doc = AgentDocument.from_text('version = 1\n\n[agent]\nname = "a"\n')
    doc.append_item("data_collection.fields", {"name": "email", "description": "Email"})
    doc.set("data_collection.fields[0].properties", {"user": {"type": "string"}})
    assert AgentDocument.from_text(doc.text).get("data_collection.fields[0].properties.user") == {
        "type": "string"
    }
    assert "[[data_collection.fields]]" in doc.text


def test_line_of_points_at_keys_items_and_inline_keys():
    doc = AgentDocument.from_text(FULL)
    lines = FULL.splitlines()
    line, col = doc.line_of("tools.http[0].parameters[0].name")
    assert lines[line - 1] == 'name = "order_id"' and col == 1
    line, col = doc.line_of("call_ending.headers.X-Api-Key")
    assert lines[line - 1][col - 1 :].startswith('"X-Api-Key"')
    line, _ = doc.line_of("tools.client[0]")
    assert lines[line - 1] == "[[tools.client]]"
    # A key not in the file points at its nearest ancestor.
    line, _ = doc.line_of("tools.mcp[0].transport")
    assert lines[line - 1] == "[[tools.mcp]]"


def test_paths_that_lead_nowhere_are_clear_errors():
    doc = AgentDocument.from_text(FULL)
    with pytest.raises(ConfigPathError, match=r"tools\.http\[9\]"):
        doc.set("tools.http[9].name", "x")
    with pytest.raises(ConfigPathError, match="not a table"):
        doc.set("agent.name.first", "x")
    assert doc.text == FULL


def test_new_sub_tables_and_inline_tables_follow_the_format():
    doc = AgentDocument.from_text(FULL)
    doc.remove_item("tools.http", 0)
    doc.append_item("tools.http", {"name": "a", "description": "A", "url": "https://a"})
    doc.set("tools.http[0].headers.X", "1")  # a new headers table is inline and spaced
    doc.set("data_collection.fields[0].properties.time.description", "HH:MM")
    text = doc.text
    assert text.index("[[tools.http]]") < text.index("[[tools.client]]")
    assert 'headers = { X = "1" }' in text
    assert 'time = { description = "HH:MM" }' in text


@pytest.mark.parametrize(
    "value",
    [
        'say "hi"',
        'ends with a quote"',
        'three """ quotes',
        '""""',
        "\r\nCRLF\r",
        "tab\tbell\x07",
        "back\\slash",
        "\nleading newline",
        "trailing newline\n",
        "é ✓ 😀",
        "",
    ],
)
def test_tricky_strings_read_back_on_one_line_and_in_blocks(value):
    doc = AgentDocument.from_text(FULL)
    doc.set("agent.instructions", value + "\nsecond line")
    doc.set("greeting.instructions", value)
    again = AgentDocument.from_text(doc.text)
    assert again.get("agent.instructions") == value + "\nsecond line"
    assert again.get("greeting.instructions", "") == value


def test_none_deletes_and_values_toml_cannot_hold_are_refused_without_a_trace():
    doc = AgentDocument.from_text(FULL)
    doc.set("greeting.instructions", None)
    assert not doc.has("greeting.instructions")
    doc.set("models.voice", None)  # absent already: nothing to do
    before = doc.text
    with pytest.raises(ConfigValueError, match=r"call_ending\.summary\.llm: object values cannot"):
        doc.set("call_ending.summary.llm", object())
    with pytest.raises(ConfigValueError):
        doc.set("advanced2.new.key", {1, 2})
    assert doc.text == before


def test_duplicated_parameters_get_a_name_free_among_their_siblings():
    doc = AgentDocument.from_text(FULL)
    doc.append_item("tools.http[0].parameters", {"name": "order_id_2"})
    doc.duplicate_item("tools.http[0].parameters", 0)
    names = [p["name"] for p in doc.items("tools.http[0].parameters")]
    assert names == ["order_id", "order_id_3", "order_id_2"]


COMMENTED = """\
[agent]
name = "a"

# second tool
[[tools.http]]
name = "one"
url = "https://1"

# about two
[[tools.http]]
name = "two"
url = "https://2"

# about three
[[tools.http]]
name = "three"
url = "https://3"

[advanced]
turn_detection = false
"""


def test_comments_above_a_list_item_travel_with_it():
    doc = AgentDocument.from_text(COMMENTED)
    doc.move_item("tools.http", 1, 2)
    text = doc.text
    assert '# about three\n[[tools.http]]\nname = "three"' in text
    assert '# about two\n[[tools.http]]\nname = "two"' in text
    assert text.index('name = "three"') < text.index('name = "two"')
    doc.remove_item("tools.http", 2)  # "two" goes, and its comment with it
    assert "about two" not in doc.text and "# about three" in doc.text
    assert AgentDocument.from_text(doc.text).get("advanced.turn_detection") is False


def test_a_no_op_move_changes_nothing():
    doc = AgentDocument.from_text(COMMENTED)
    doc.move_item("tools.http", 1, 1)
    assert doc.text == COMMENTED and not doc.dirty


def test_new_items_leave_out_default_values():
    doc = AgentDocument.from_text(FULL)
    doc.append_item(
        "tools.http",
        {"name": "b", "description": "B", "url": "https://b", "method": "GET", "silent": False},
    )
    doc.insert_item(
        "tools.http[1].parameters", 0, {"name": "q", "type": "string", "required": True}
    )
    assert doc.get("tools.http[1]") == {
        "name": "b",
        "description": "B",
        "url": "https://b",
        "parameters": [{"name": "q"}],
    }
