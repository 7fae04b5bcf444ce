"""HTTP tools through the real SDK session: the scripted model calls the tool, the
request hits a real server, the answer (or error) goes back to the model."""

from __future__ import annotations

import json

from aiohttp import web

from runtime.agent.settings import HttpToolSettings, ToolParameter
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call
from .peers import free_port, hang, status


def order_tool(base: str, **overrides) -> HttpToolSettings:
    values = {
        "name": "lookup_order",
        "description": "Look up an order",
        "url": f"{base}/shops/{{{{metadata.shop}}}}/orders/:order_id",
        "method": "GET",
        "parameters": (
            ToolParameter("order_id", "string", "The order number", required=True),
            ToolParameter("verbose", "boolean", "Include line items", required=False),
            ToolParameter("limit", "integer", "Max lines", required=False),
        ),
        "headers": {
            "Authorization": "Bearer {{secrets.SHOP_TOKEN}}",
            "X-User": "{{metadata.user}}",
        },
        "timeout_s": 2,
    }
    values.update(overrides)
    return HttpToolSettings(**values)


def settings_with(*tools: HttpToolSettings) -> AgentSettings:
    return AgentSettings(name="t", instructions="Help.", greeting_enabled=False, http_tools=tools)


def call_tool(name: str, **arguments) -> dict:
    return {"tool_calls": [{"name": name, "arguments": arguments}]}


ENV = {"SHOP_TOKEN": "s3cret-token"}
META = json.dumps({"shop": "acme store", "user": "ada"})


async def test_get_tool_sends_path_query_and_headers_and_returns_json(scripted_llm, api):
    api.then(lambda r: web.json_response({"status": "shipped", "items": [1, 2]}))
    scripted_llm.queue(
        call_tool("lookup_order", order_id="A/1 2", verbose=True), {"text": "Shipped."}
    )
    async with local_call(settings_with(order_tool(api.url)), metadata=META, environ=ENV) as lc:
        result = await lc.session.run(user_input="where is my order A/1 2?")
    result.expect.next_event().is_function_call(name="lookup_order")
    output = result.expect.next_event().is_function_call_output().event().item
    assert json.loads(output.output) == {"status": "shipped", "items": [1, 2]}
    assert not output.is_error
    result.expect.next_event().is_message(role="assistant")

    request = api.received[0]
    assert request.method == "GET"
    assert request.path == "/shops/acme%20store/orders/A%2F1%202"
    assert request.query == {"verbose": "true"}
    assert request.headers["Authorization"] == "Bearer s3cret-token"
    assert request.headers["X-User"] == "ada"
    # the model saw the declared, typed parameters
    tool = next(
        t for t in scripted_llm.requests[0].tools if t["function"]["name"] == "lookup_order"
    )
    params = tool["function"]["parameters"]
    # strict-mode shape: every property required, the optional one nullable
    assert params["properties"]["verbose"] == {
        "type": ["boolean", "null"],
        "description": "Include line items",
    }
    assert params["required"] == ["order_id", "verbose", "limit"]
    assert params["additionalProperties"] is False
    # the tool result the model saw next is the JSON text
    assert json.loads(scripted_llm.requests[1].tool_outputs()[0]) == {
        "status": "shipped",
        "items": [1, 2],
    }


async def test_methods_other_than_get_send_a_json_body(scripted_llm, api):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        tool = order_tool(api.url, method=method, name=f"order_{method.lower()}")
        scripted_llm.queue(
            call_tool(tool.name, order_id="7", verbose=False, limit=3), {"text": "Done."}
        )
        async with local_call(settings_with(tool), metadata=META, environ=ENV) as lc:
            await lc.session.run(user_input="go")
        request = api.received[-1]
        assert request.method == method
        assert request.path == "/shops/acme%20store/orders/7"
        assert request.query == {}
        assert request.json == {"verbose": False, "limit": 3}


async def test_http_error_status_reaches_the_model_as_a_tool_error(scripted_llm, api):
    api.then(status(404, "no such order"))
    scripted_llm.queue(call_tool("lookup_order", order_id="9"), {"text": "Not found."})
    async with local_call(settings_with(order_tool(api.url)), metadata=META, environ=ENV) as lc:
        result = await lc.session.run(user_input="order 9")
    result.expect.next_event().is_function_call()
    output = result.expect.next_event().is_function_call_output().event().item
    assert output.is_error
    assert "HTTP 404" in output.output and "no such order" in output.output
    assert "s3cret" not in output.output


async def test_timeout_and_refused_connection_are_tool_errors(scripted_llm, api):
    api.then(hang())
    slow = order_tool(api.url, timeout_s=0.3)
    down = order_tool(f"http://127.0.0.1:{free_port()}", name="down_tool")
    scripted_llm.queue(
        call_tool("lookup_order", order_id="1"),
        {"text": "Slow."},
        call_tool("down_tool", order_id="1"),
        {"text": "Down."},
    )
    async with local_call(settings_with(slow, down), metadata=META, environ=ENV) as lc:
        first = await lc.session.run(user_input="one")
        second = await lc.session.run(user_input="two")
    timed_out = first.expect[1].is_function_call_output().event().item
    assert timed_out.is_error and "did not answer in time" in timed_out.output
    refused = second.expect[1].is_function_call_output().event().item
    assert refused.is_error and "could not be reached" in refused.output


async def test_large_responses_are_truncated_with_a_note(scripted_llm, api):
    api.then(lambda r: web.Response(text="x" * 20000, content_type="text/plain"))
    scripted_llm.queue(call_tool("lookup_order", order_id="1"), {"text": "Big."})
    async with local_call(settings_with(order_tool(api.url)), metadata=META, environ=ENV) as lc:
        result = await lc.session.run(user_input="big")
    output = result.expect[1].is_function_call_output().event().item.output
    assert output.startswith("x" * 8000)
    assert "[response truncated: first 8000 of 20000 characters]" in output
    assert len(output) < 8100


async def test_silent_tool_returns_nothing_and_the_agent_does_not_reply(scripted_llm, api):
    tool = order_tool(api.url, silent=True, method="POST")
    scripted_llm.queue(call_tool("lookup_order", order_id="5"))
    async with local_call(settings_with(tool), metadata=META, environ=ENV) as lc:
        result = await lc.session.run(user_input="log it")
    assert api.received[0].method == "POST"
    result.expect.next_event().is_function_call(name="lookup_order")
    result.expect.next_event().is_function_call_output()
    result.expect.no_more_events()
    assert len(scripted_llm.requests) == 1  # no second model turn after the silent tool


async def test_missing_required_argument_is_a_tool_error_without_a_request(scripted_llm, api):
    scripted_llm.queue(call_tool("lookup_order", verbose=True), {"text": "Which order?"})
    async with local_call(settings_with(order_tool(api.url)), metadata=META, environ=ENV) as lc:
        result = await lc.session.run(user_input="my order")
    output = result.expect[1].is_function_call_output().event().item
    assert output.is_error and "'order_id' is required" in output.output
    assert api.received == []


async def test_wrong_argument_type_is_a_tool_error(scripted_llm, api):
    scripted_llm.queue(call_tool("lookup_order", order_id="1", limit="ten"), {"text": "Hm."})
    async with local_call(settings_with(order_tool(api.url)), metadata=META, environ=ENV) as lc:
        result = await lc.session.run(user_input="x")
    output = result.expect[1].is_function_call_output().event().item
    assert output.is_error and "'limit': expected an integer, got str 'ten'" in output.output
    assert api.received == []


async def test_non_ascii_metadata_in_a_header_is_sent_as_utf8(scripted_llm, api):
    scripted_llm.queue(call_tool("lookup_order", order_id="7"), {"text": "Done."})
    meta = json.dumps({"shop": "acme", "user": "Zoë Café"})
    async with local_call(settings_with(order_tool(api.url)), metadata=meta, environ=ENV) as lc:
        result = await lc.session.run(user_input="order 7")
    result.expect.next_event().is_function_call(name="lookup_order")
    assert not result.expect.next_event().is_function_call_output().event().item.is_error
    sent = api.received[-1].headers["X-User"]
    assert sent.encode("utf-8", "surrogateescape").decode("utf-8") == "Zoë Café"
