"""AgentDocument: renaming keys in place, restoring an earlier text, inline-table keys."""

from __future__ import annotations

import pytest

from runtime.config.document import AgentDocument
from runtime.config.errors import (
    ConfigLoadError,
    ConfigPathError,
    ConfigValueError,
    ExternalChangeError,
)
from tests.config.test_document import changed_lines

TEXT = '''\
[call_ending]
endpoint_url = "https://hooks.example.com/end"
headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}", Accept = "json" }  # for the hook

[data_collection]
enabled = true

[[data_collection.fields]]
name = "appointment"
type = "object"
[data_collection.fields.properties]
day = { type = "string", "description" = "Weekday" }   # day first
time = { type = "string" }

# Variables the frontend passes
[metadata.user_name]           # the caller
description = "Caller's first name"

[metadata.user_name.extra]
note = "kept"

[metadata.plan]
description = "Plan"
'''


def test_rename_a_table_keeps_its_place_comments_and_sub_tables():
    doc = AgentDocument(TEXT)
    doc.rename_key("metadata.user_name", "caller")
    assert changed_lines(TEXT, doc.text) == [
        "-[metadata.user_name]           # the caller",
        "+[metadata.caller]           # the caller",
        "-[metadata.user_name.extra]",
        "+[metadata.caller.extra]",
    ]
    assert list(doc.get("metadata")) == ["caller", "plan"]
    assert doc.get("metadata.caller.extra.note") == "kept"
    assert AgentDocument(doc.text).to_dict() == doc.to_dict()  # the text reads back the same


def test_rename_a_header_keeps_the_other_keys_as_written():
    doc = AgentDocument(TEXT)
    doc.rename_key("call_ending.headers.Accept", "Content Type")
    assert changed_lines(TEXT, doc.text) == [
        '-headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}", Accept = "json" }  # for the hook',
        '+headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}", "Content Type" = "json" }  # for the hook',
    ]


def test_rename_an_inline_table_property_keeps_its_comment():
    doc = AgentDocument(TEXT)
    doc.rename_key("data_collection.fields[0].properties.day", "weekday")
    assert changed_lines(TEXT, doc.text) == [
        '-day = { type = "string", "description" = "Weekday" }   # day first',
        '+weekday = { type = "string", "description" = "Weekday" }   # day first',
    ]


@pytest.mark.parametrize(
    ("path", "new", "error"),
    [
        ("metadata.nobody", "x", ConfigPathError),
        ("metadata.user_name", "plan", ConfigValueError),
        ("metadata.user_name", "", ConfigValueError),
        ("data_collection.fields[0]", "x", ConfigPathError),
        ("data_collection.enabled.x", "y", ConfigPathError),
    ],
)
def test_bad_renames_are_refused_and_change_nothing(path, new, error):
    doc = AgentDocument(TEXT)
    with pytest.raises(error):
        doc.rename_key(path, new)
    assert doc.text == TEXT


def test_setting_an_inline_table_value_keeps_quoted_and_bare_keys():
    doc = AgentDocument(TEXT)
    doc.set("call_ending.headers.X-Api-Key", "{{secrets.OTHER}}")
    doc.set("data_collection.fields[0].properties.day.type", "number")
    assert changed_lines(TEXT, doc.text) == [
        '-headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}", Accept = "json" }  # for the hook',
        '+headers = { "X-Api-Key" = "{{secrets.OTHER}}", Accept = "json" }  # for the hook',
        '-day = { type = "string", "description" = "Weekday" }   # day first',
        '+day = { type = "number", "description" = "Weekday" }   # day first',
    ]


def test_deleting_from_an_inline_table_keeps_the_other_keys_as_written():
    doc = AgentDocument(TEXT)
    doc.delete("call_ending.headers.Accept")
    assert changed_lines(TEXT, doc.text)[1] == (
        '+headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}" }  # for the hook'
    )


def test_restore_text_brings_back_the_content_and_keeps_the_file_state(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(TEXT)
    doc = AgentDocument.load(path)
    earlier = doc.text
    doc.set("metadata.plan.description", "Tier")
    assert doc.dirty
    doc.restore_text(earlier)
    assert doc.text == TEXT and not doc.dirty
    assert doc.line_of("metadata.plan.description") == (23, 1)
    # What the document knows about the disk survives: an outside edit is still noticed.
    path.write_text(TEXT + "\n")
    doc.set("metadata.plan.description", "Tier")
    with pytest.raises(ExternalChangeError):
        doc.save()


def test_restore_text_refuses_text_that_is_not_toml():
    doc = AgentDocument(TEXT)

    with pytest.raises(ConfigLoadError):
        doc.restore_text("[broken")
    assert doc.text == TEXT
