"""MCP servers on both transports: tools discovered and callable through the session,
headers with secrets and metadata sent, an unreachable server reported and survived."""

from __future__ import annotations

import json
import logging

import pytest

from runtime.agent.settings import McpServerSettings
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call
from .mcp_peer import running_mcp
from .peers import free_port


def settings(*servers: McpServerSettings) -> AgentSettings:
    return AgentSettings(
        name="m", instructions="Help.", greeting_enabled=False, mcp_servers=servers
    )


@pytest.mark.parametrize("transport", ["streamable-http", "sse"])
async def test_mcp_tools_are_discovered_and_called(scripted_llm, transport):
    scripted_llm.queue(
        {"tool_calls": [{"name": "forecast", "arguments": {"city": "Oslo", "days": 2}}]},
        {"text": "Sunny in Oslo."},
        {"tool_calls": [{"name": "broken", "arguments": {"reason": "test"}}]},
        {"text": "That failed."},
    )
    async with running_mcp(transport) as mcp:
        server = McpServerSettings(
            name="weather",
            url=mcp.url,
            transport=transport,
            headers={"Authorization": "Bearer {{secrets.MCP_TOKEN}}", "X-Org": "{{metadata.org}}"},
        )
        async with local_call(
            settings(server),
            metadata=json.dumps({"org": "acme"}),
            environ={"MCP_TOKEN": "mcp-secret"},
        ) as lc:
            result = await lc.session.run(user_input="weather in Oslo?")
            failed = await lc.session.run(user_input="break it")
    assert {"forecast", "broken"} <= set(scripted_llm.requests[0].tool_names)
    result.expect.next_event().is_function_call(name="forecast")
    output = result.expect.next_event().is_function_call_output().event().item
    assert "Oslo: sunny for 2 day(s)" in output.output and not output.is_error
    error = failed.expect[1].is_function_call_output().event().item
    assert error.is_error and "cannot: test" in error.output
    assert mcp.headers_seen
    assert all(h["authorization"] == "Bearer mcp-secret" for h in mcp.headers_seen)
    assert all(h["x-org"] == "acme" for h in mcp.headers_seen)


async def test_unreachable_mcp_server_is_reported_and_the_call_goes_on(scripted_llm, caplog):
    down = McpServerSettings(name="docs", url=f"http://127.0.0.1:{free_port()}/mcp", timeout_s=2)
    scripted_llm.queue({"text": "I can still help."})
    with caplog.at_level(logging.WARNING, logger="agent_builder.mcp"):
        async with local_call(settings(down)) as lc:
            result = await lc.session.run(user_input="hi")
    result.expect.next_event().is_message(role="assistant")
    assert "MCP server 'docs'" in caplog.text and "unreachable" in caplog.text
    assert scripted_llm.requests[0].tool_names == ["end_call"]


@pytest.mark.parametrize("transport", ["streamable-http", "sse"])
async def test_secrets_an_mcp_server_echoes_never_reach_the_model(scripted_llm, transport, caplog):
    token = 'mcp-s3cr3t/with spaces&"quotes"'
    scripted_llm.queue(
        {"tool_calls": [{"name": "whoami", "arguments": {}}]},
        {"text": "ok"},
        {"tool_calls": [{"name": "denied", "arguments": {}}]},
        {"text": "refused"},
    )
    async with running_mcp(transport) as mcp:
        server = McpServerSettings(
            name="echo",
            url=mcp.url,
            transport=transport,
            headers={"Authorization": "Bearer {{secrets.MCP_TOKEN}}"},
        )
        with caplog.at_level(logging.DEBUG):
            async with local_call(settings(server), environ={"MCP_TOKEN": token}) as lc:
                echoed = await lc.session.run(user_input="who am I?")
                refused = await lc.session.run(user_input="try the other one")
    result = echoed.expect[1].is_function_call_output().event().item
    error = refused.expect[1].is_function_call_output().event().item
    assert "[secret]" in result.output and error.is_error and "[secret]" in error.output
    seen_by_model = json.dumps([r.body for r in scripted_llm.requests])
    from runtime.agent.masking import spellings

    for form in spellings(token):
        assert form not in seen_by_model, form
        assert form not in result.output and form not in error.output
        assert form not in caplog.text
