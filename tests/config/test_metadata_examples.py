"""`[metadata.NAME] example` holds any JSON value: job metadata is JSON, and
`{{metadata.user.name}}` reaches into it, so the preview must be able to mock that."""

from __future__ import annotations

import json

import pytest

from runtime.config.document import AgentDocument
from runtime.config.jsonschema import json_schema
from runtime.config.model import load_config
from runtime.config.validate import validate

BASE = '[agent]\nname = "a"\ninstructions = "Hello {{metadata.user.name}}, plan {{metadata.plan}}."\n'


@pytest.mark.parametrize(
    "example",
    ['{ name = "Zoë", tags = ["vip"] }', '["a", 1, true]', "3", "2.5", "true", '"Ada"', "[]", "{}"],
)
def test_any_json_value_is_a_valid_example(example):
    text = BASE + f"\n[metadata.user]\nexample = {example}\n\n[metadata.plan]\nexample = 1\n"
    assert [p for p in validate(text) if p.severity == "error"] == []


@pytest.mark.parametrize("example", ["1979-05-27", "07:32:00", "nan", "inf", "[1979-05-27]", "{ d = -inf }"])
def test_what_json_cannot_carry_is_an_error_at_the_example(example):
    text = BASE + f"\n[metadata.user]\nexample = {example}\n"
    errors = [p for p in validate(text) if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [("metadata.user.example", 6)]


def test_a_table_example_is_written_inline_and_reaches_the_preview_dispatch_and_agent(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(BASE)
    doc = AgentDocument.load(path)
    doc.set("metadata.user.example", {"name": "Zoë", "tags": ["vip"]})
    doc.set("metadata.plan.example", 3)
    doc.save()
    text = path.read_text()
    assert 'example = { name = "Zoë", tags = ["vip"] }' in text
    assert "example = 3" in text
    config = load_config(path)
    assert config.metadata_example() == {"user": {"name": "Zoë", "tags": ["vip"]}, "plan": 3}

    from runtime.deploy.dispatch import metadata_for
    from runtime.preview.config_view import read_preview_config

    assert json.loads(metadata_for(config, None)) == config.metadata_example()
    mocked = read_preview_config(path).metadata_examples
    from runtime.agent.variables import Variables  # what the agent renders with

    rendered = Variables(mocked, secrets={}).render(config.agent.instructions)
    assert rendered == "Hello Zoë, plan 3."


def test_the_schema_takes_any_json_type_for_an_example():
    example = json_schema()["properties"]["metadata"]["additionalProperties"]["properties"]["example"]
    assert "type" not in example and example["default"] == ""
