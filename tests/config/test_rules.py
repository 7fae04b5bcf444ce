from __future__ import annotations

import pytest

from runtime.config.validate import validate
from tests.config.conftest import EXAMPLES, FULL


def findings(text: str) -> set[tuple[str, str]]:
    return {(p.severity, p.path) for p in validate(text)}


def messages(text: str, path: str) -> list[str]:
    return [p.message for p in validate(text) if p.path == path]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_validate_clean(path):
    assert validate(path.read_text()) == []


def test_the_documented_sample_is_clean():
    assert validate(FULL) == []


def test_undeclared_metadata_is_a_warning_with_a_suggestion():
    text = FULL.replace("{{metadata.user_name}}", "{{metadata.user_nam}}")
    [message] = messages(text, "greeting.instructions")
    assert "not declared under [metadata]; did you mean 'user_name'?" in message
    assert ("warning", "greeting.instructions") in findings(text)


def test_unknown_variable_namespace_is_an_error():
    text = FULL.replace("{{metadata.user_name}}", "{{ user.name }}")
    assert ("error", "greeting.instructions") in findings(text)


def test_secret_in_a_tool_url_is_an_error_but_in_headers_it_is_fine():
    text = FULL.replace("orders/:order_id", "orders/:order_id?k={{secrets.SHOP_TOKEN}}")
    assert ("error", "tools.http[0].url") in findings(text)


def test_data_collection_and_summary_without_endpoint_warn():
    text = FULL.replace('endpoint_url = "https://hooks.example.com/call-ended"\n', "")
    found = findings(text)
    assert ("warning", "data_collection.enabled") in found
    assert ("warning", "call_ending.summary.enabled") in found


def test_plain_http_warns_except_on_localhost():
    remote = FULL.replace("https://mcp.example.com/mcp", "http://mcp.example.com/mcp")
    assert ("warning", "tools.mcp[0].url") in findings(remote)
    local = FULL.replace("https://mcp.example.com/mcp", "http://127.0.0.1:8000/mcp")
    assert ("warning", "tools.mcp[0].url") not in findings(local)
    assert ("error", "tools.mcp[0].url") in findings(FULL.replace("https://mcp", "mcp"))


def test_thinking_effort_checks_the_model():
    non_reasoning = FULL.replace('llm = "openai/gpt-5-mini"', 'llm = "openai/gpt-4.1-mini"')
    assert "is not a reasoning model" in messages(non_reasoning, "models.thinking_effort")[0]
    minimal_on_51 = FULL.replace('llm = "openai/gpt-5-mini"', 'llm = "openai/gpt-5.1"').replace(
        'thinking_effort = "low"', 'thinking_effort = "minimal"'
    )
    assert (
        "accepts thinking_effort none, low, medium, high"
        in messages(minimal_on_51, "models.thinking_effort")[0]
    )
    bad_value = FULL.replace('thinking_effort = "low"', 'thinking_effort = "lo"')
    assert messages(bad_value, "models.thinking_effort") == [
        "'lo' is not one of: none, minimal, low, medium, high; did you mean 'low'?"
    ]


def test_properties_on_a_non_object_field_is_an_error_and_object_without_is_a_warning():
    text = FULL.replace('type = "object"', 'type = "string"')
    assert ("error", "data_collection.fields[0].properties") in findings(text)
    bare = FULL.replace(
        '[data_collection.fields.properties]\nday = { type = "string", description = "Weekday" }\n',
        "",
    )
    assert ("warning", "data_collection.fields[0].type") in findings(bare)


def test_names_patterns_ranges_and_required_keys():
    text = (
        FULL.replace('name = "front-desk"', 'name = "Front Desk"')
        .replace('name = "order_id"', 'name = "order id"')
        .replace('name = "docs"', 'name = "docs"\ntransport = "websocket"')
        .replace('description = "Show a product card"\n', "timeout_s = 0\n")
    )
    found = findings(text)
    assert ("error", "agent.name") in found
    assert ("error", "tools.http[0].parameters[0].name") in found
    assert ("error", "tools.mcp[0].transport") in found
    assert ("error", "tools.client[0].timeout_s") in found
    assert ("error", "tools.client[0]") in found  # description is required
    assert messages(text, "tools.client[0].timeout_s") == [
        "0 is outside the allowed range 0.1 to 300"
    ]


def test_duplicate_fields_and_parameters():
    text = (
        FULL.replace(
            'name = "order_id"\n',
            'name = "order_id"\n[[tools.http.parameters]]\nname = "order_id"\n',
        )
        + '\n[[data_collection.fields]]\nname = "appointment"\ndescription = "again"\n'
    )
    found = findings(text)
    assert ("error", "tools.http[0].parameters[1].name") in found
    assert ("error", "data_collection.fields[1].name") in found


def test_unsupported_version_and_wrong_shapes():
    text = FULL.replace("version = 1", "version = 2") + "\n[[advanced.extra]]\nx = 1\n"
    assert "format version 2 is not supported" in messages(text, "version")[0]
    assert ("error", "advanced.extra") in findings(text)
    assert ("error", "metadata.user_name") in findings(
        FULL.replace(
            '[metadata.user_name]\ndescription = "Caller\'s first name"\nexample = "Ada"\n',
            '[metadata]\nuser_name = "Ada"\n',
        )
    )


def test_problems_are_sorted_by_position():
    text = (
        FULL.replace('name = "front-desk"', 'name = "Front"').replace("method", "x")
        + "\nbogus = 1\n"
    )
    lines = [(p.line, p.col) for p in validate(text)]
    assert lines == sorted(lines) and len(lines) >= 2


def _used_patterns(data, spec, prefix=""):
    """Declaration patterns (as `Spec.walk` spells them) that a file sets."""
    used = set()
    if spec.kind == "table":
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            used.add(path)
            if spec.child(key) is not None:
                used |= _used_patterns(value, spec.child(key), path)
    elif spec.kind == "array":
        for item in data:
            used |= _used_patterns(item, spec.item, prefix + "[]")
    elif spec.kind == "map":
        for value in data.values():
            used |= _used_patterns(value, spec.item, prefix + ".*")
    return used


def test_the_examples_use_every_feature_between_them():
    import tomllib

    from runtime.config import declarations as decl

    datas = [tomllib.loads(path.read_text()) for path in EXAMPLES]
    used = set().union(*(_used_patterns(data, decl.ROOT) for data in datas))
    assert {path for path, _ in decl.ROOT.walk()} - used == set()
    texts = "".join(path.read_text() for path in EXAMPLES)
    for values in (decl.FIELD_TYPES, decl.PARAMETER_TYPES, decl.MCP_TRANSPORTS):
        for value in values:
            assert f'"{value}"' in texts, value


def test_a_document_and_its_text_give_the_same_problems():
    from runtime.config.document import AgentDocument

    text = (
        FULL.replace('name = "front-desk"', 'name = "Front"').replace("method", "x")
        + "\nbogus = 1\n"
    )
    doc = AgentDocument.from_text(text)
    assert validate(doc) == validate(text) and len(validate(doc)) >= 2


def test_a_tool_named_like_a_built_in_one_is_an_error():
    text = FULL.replace('name = "show_product"', 'name = "record_appointment"')
    assert ("error", "tools.client[0].name") in findings(text)
    text = FULL.replace('name = "lookup_order"', 'name = "end_call"')
    [message] = messages(text, "tools.http[0].name")
    assert "built in" in message


TOOL_WITH = """version = 1
[agent]
name = "x"
instructions = "hi"
[[tools.http]]
name = "t"
description = "d"
method = "POST"
url = "https://api.example.com/t"
[[tools.http.parameters]]
{param}
"""


@pytest.mark.parametrize(
    "param, problem",
    [
        ('name = "a"\ntype = "object"\nproperties = { street = { type = "string" } }', None),
        ('name = "a"\ntype = "object"', None),  # free-form: sent as JSON text
        ('name = "a"\ntype = "array"\nitems = "integer"', None),
        (
            (
                'name = "a"\ntype = "array"\nitems = "object"\n'
                'properties = { sku = { type = "string" } }'
            ),
            None,
        ),
        ('name = "a"\ntype = "string"\nitems = "integer"', "tools.http[0].parameters[0].items"),
        (
            'name = "a"\ntype = "array"\nproperties = { sku = { type = "string" } }',
            "tools.http[0].parameters[0].properties",
        ),
        ('name = "a"\ntype = "array"\nitems = "map"', "tools.http[0].parameters[0].items"),
        (
            'name = "a"\ntype = "object"\nproperties = { sku = { type = "object" } }',
            "tools.http[0].parameters[0].properties.sku.type",
        ),
    ],
)
def test_parameters_declare_items_and_properties_where_they_apply(param, problem):
    errors = {p for s, p in findings(TOOL_WITH.format(param=param)) if s == "error"}
    assert errors == ({problem} if problem else set())
