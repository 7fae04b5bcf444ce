"""The real endpoint's contract, as the scripted model enforces it: the checker on its
own, and the scripted server refusing through the SDK's real `inference.LLM`."""

from __future__ import annotations

from typing import Any

import pytest
from livekit.agents import APIStatusError, function_tool, inference, llm
from livekit.agents.llm.utils import build_strict_openai_schema

from runtime.testing.openai_contract import (
    check_request,
    reasoning_efforts,
    strict_schema_problems,
)


def request(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "openai/gpt-4.1-mini",
        "messages": [{"role": "user", "content": "hi"}],
    }
    body.update(overrides)
    return body


def strict_tool(parameters: dict[str, Any], name: str = "lookup") -> dict[str, Any]:
    return {
        "type": "function",
        "function": {"name": name, "strict": True, "parameters": parameters},
    }


GOOD = {
    "type": "object",
    "properties": {
        "order": {"type": "string", "description": "number"},
        "note": {"type": ["string", "null"]},
        "address": {
            "type": "object",
            "properties": {"street": {"type": "string"}},
            "required": ["street"],
            "additionalProperties": False,
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["order", "note", "address", "tags"],
    "additionalProperties": False,
}


def test_a_strict_schema_that_follows_every_rule_passes():
    assert strict_schema_problems(GOOD) == []
    assert check_request(request(tools=[strict_tool(GOOD)])) is None


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda s: s["properties"]["address"].update(additionalProperties=True),
            (
                "Invalid schema for function 'lookup': In context=('properties', 'address'),"
                " 'additionalProperties' is required to be supplied and to be false."
            ),
        ),
        (
            lambda s: s["properties"]["address"].pop("properties"),
            "In context=('properties', 'address'), object schema missing properties.",
        ),
        (
            lambda s: s["required"].remove("note"),
            (
                "In context=(), 'required' is required to be supplied and to be an array"
                " including every key in properties. Missing 'note'."
            ),
        ),
        (
            lambda s: s["properties"]["tags"].pop("items"),
            "In context=('properties', 'tags'), array schema missing items.",
        ),
        (
            lambda s: s["properties"]["order"].update(default="1"),
            "In context=('properties', 'order'), 'default' is not permitted.",
        ),
        (
            lambda s: s["properties"]["order"].update(minLength=1),
            "'minLength' is not permitted.",
        ),
        (lambda s: s.pop("additionalProperties"), "In context=(), 'additionalProperties'"),
    ],
)
def test_strict_mode_refuses_what_the_real_api_refuses(change, expected):
    import copy

    schema = copy.deepcopy(GOOD)
    change(schema)
    violation = check_request(request(tools=[strict_tool(schema)]))
    assert violation is not None and expected in violation.message
    assert violation.status == 400
    assert violation.body["error"]["type"] == "invalid_request_error"
    assert violation.body["error"]["code"] == "invalid_function_parameters"
    assert violation.body["error"]["param"] == "tools[0].function.parameters"


def test_the_sdks_strict_schema_of_a_free_form_dict_is_refused():
    # what a `dict[str, Any]` tool argument becomes: the bug the generator had
    @function_tool
    async def change_address(address: dict[str, Any]) -> str:
        """Change the delivery address."""
        return "ok"

    schema = build_strict_openai_schema(change_address)
    problems = strict_schema_problems(schema["function"]["parameters"])
    assert any("'additionalProperties'" in p or "missing properties" in p for p in problems)


def test_non_strict_schemas_need_an_object_root_and_array_items():
    tool = {"type": "function", "function": {"name": "x", "parameters": {"type": "array"}}}
    assert (
        "schema must be a JSON Schema of 'type: \"object\"'"
        in check_request(request(tools=[tool])).message
    )
    loose = {"type": "object", "properties": {"tags": {"type": "array"}}}
    tool["function"]["parameters"] = loose
    assert "array schema missing items" in check_request(request(tools=[tool])).message
    loose["properties"]["tags"]["items"] = {"type": "string"}
    assert check_request(request(tools=[tool])) is None


def test_tool_names_follow_the_pattern():
    tool = strict_tool(GOOD, name="look up")
    violation = check_request(request(tools=[tool]))
    assert violation.param == "tools[0].function.name"
    assert "does not match pattern" in violation.message


def call(call_id: str) -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}


def test_tool_results_must_answer_the_tool_calls_right_before_them():
    asked = {"role": "assistant", "content": None, "tool_calls": [call("a"), call("b")]}
    answer_a = {"role": "tool", "tool_call_id": "a", "content": "1"}
    answer_b = {"role": "tool", "tool_call_id": "b", "content": "2"}
    user = {"role": "user", "content": "hi"}
    assert check_request(request(messages=[user, asked, answer_a, answer_b])) is None

    orphan = check_request(request(messages=[user, answer_a]))
    assert orphan.message == (
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding"
        " message with 'tool_calls'."
    )
    assert orphan.param == "messages.[1].role"

    unanswered = check_request(request(messages=[user, asked, answer_a, user]))
    assert unanswered.message.endswith("did not have response messages: b")
    assert unanswered.param == "messages.[1].role"

    late = check_request(request(messages=[user, asked, answer_a, user, answer_b]))
    assert late is not None
    assert check_request(request(messages=[user, asked, answer_a])) is not None


def test_unknown_roles_are_refused_with_the_supported_list():
    violation = check_request(request(messages=[{"role": "narrator", "content": "x"}]))
    assert violation.message == (
        "Invalid value: 'narrator'. Supported values are: 'system', 'assistant', 'user',"
        " 'function', 'tool', and 'developer'."
    )
    assert (violation.param, violation.code) == ("messages[0].role", "invalid_value")


def test_reasoning_effort_only_for_reasoning_models_and_their_values():
    refused = check_request(request(reasoning_effort="low"))
    assert refused.message == (
        "Unsupported parameter: 'reasoning_effort' is not supported with this model."
    )
    assert (refused.param, refused.code) == ("reasoning_effort", "unsupported_parameter")
    assert check_request(request(model="openai/gpt-5-mini", reasoning_effort="minimal")) is None
    wrong = check_request(request(model="openai/gpt-5-mini", reasoning_effort="none"))
    assert wrong.code == "unsupported_value" and "'minimal', 'low'" in wrong.message
    assert check_request(request(model="openai/gpt-5.1", reasoning_effort="none")) is None
    # other providers' ids are not judged
    assert reasoning_efforts("google/gemini-2.5-flash") is None
    assert check_request(request(model="google/gemini-2.5-flash", reasoning_effort="low")) is None


def test_parallel_tool_calls_needs_tools():
    assert check_request(request(parallel_tool_calls=False)).param == "parallel_tool_calls"


async def test_the_scripted_model_answers_a_violation_as_the_real_api(scripted_llm):
    scripted_llm.default = {"text": "never"}

    @function_tool
    async def change_address(address: dict[str, Any]) -> str:
        """Change the delivery address."""
        return "ok"

    model = inference.LLM("openai/gpt-4.1-mini")
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="user", content="hi")
    try:
        with pytest.raises(APIStatusError) as raised:
            async with model.chat(chat_ctx=ctx, tools=[change_address]) as stream:
                async for _ in stream:
                    pass
    finally:
        await model.aclose()
    assert raised.value.status_code == 400
    assert raised.value.body["code"] == "invalid_function_parameters"
    assert "Invalid schema for function 'change_address'" in raised.value.message
    assert scripted_llm.violations and scripted_llm.requests[0].violation
