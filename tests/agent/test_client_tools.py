"""Client tools: the preview answers with the configured response; the RPC carries the
arguments as JSON to the linked participant and an RpcError becomes a ToolError."""

from __future__ import annotations

import json

import pytest
from livekit import rtc
from livekit.agents import ToolError

from runtime.agent.client_tools import perform_client_rpc
from runtime.agent.settings import ClientToolSettings, ToolParameter
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call

SHOW = ClientToolSettings(
    name="show_product",
    description="Show a product card",
    parameters=(ToolParameter("sku", "string", "Product SKU"),),
    preview_response='{"shown": true}',
    timeout_s=3,
)


def settings(*tools: ClientToolSettings) -> AgentSettings:
    return AgentSettings(name="c", instructions="Sell.", greeting_enabled=False, client_tools=tools)


async def test_fake_job_answers_with_the_preview_response(scripted_llm):
    scripted_llm.queue(
        {"tool_calls": [{"name": "show_product", "arguments": {"sku": "A1"}}]},
        {"text": "It's on your screen."},
    )
    async with local_call(settings(SHOW)) as lc:
        result = await lc.session.run(user_input="show me A1")
    assert result.expect[1].is_function_call_output().event().item.output == '{"shown": true}'
    tool = scripted_llm.requests[0].tools[
        [*scripted_llm.requests[0].tool_names].index("show_product")
    ]
    assert tool["function"]["parameters"]["properties"]["sku"]["description"] == "Product SKU"


async def test_silent_client_tool_gets_no_reply(scripted_llm):
    silent = ClientToolSettings(
        name="flash", description="Flash the screen", silent=True, preview_response="done"
    )
    scripted_llm.queue({"tool_calls": [{"name": "flash", "arguments": {}}]})
    async with local_call(settings(silent)) as lc:
        result = await lc.session.run(user_input="flash")
    result.expect.next_event().is_function_call(name="flash")
    result.expect.next_event().is_function_call_output()
    result.expect.no_more_events()
    assert len(scripted_llm.requests) == 1


class RecordingParticipant:
    """Stands in for the room's local participant (no LiveKit server here): records the
    RPC and answers or fails like the real client would."""

    def __init__(self, error: rtc.RpcError | None = None) -> None:
        self.calls: list[dict] = []
        self.error = error

    async def perform_rpc(self, **kwargs) -> str:
        self.calls.append(kwargs)
        if self.error:
            raise self.error
        return '{"ok": 1}'


async def test_rpc_sends_arguments_as_json_to_the_linked_participant():
    participant = RecordingParticipant()
    answer = await perform_client_rpc(SHOW, {"sku": "A 1"}, participant, "caller-42")
    assert answer == '{"ok": 1}'
    [call] = participant.calls
    assert call["destination_identity"] == "caller-42"
    assert call["method"] == "show_product"
    assert json.loads(call["payload"]) == {"sku": "A 1"}
    assert call["response_timeout"] == 3


async def test_rpc_error_becomes_a_tool_error():
    participant = RecordingParticipant(rtc.RpcError(1500, "Application error in method handler"))
    with pytest.raises(ToolError, match="show_product: the client could not run it: Application"):
        await perform_client_rpc(SHOW, {"sku": "x"}, participant, "caller")


class EchoingParticipant(RecordingParticipant):
    """A frontend that puts a secret it should never have seen into its answer."""

    def __init__(self, answer: str, error: rtc.RpcError | None = None) -> None:
        super().__init__(error)
        self.answer = answer

    async def perform_rpc(self, **kwargs) -> str:
        await super().perform_rpc(**kwargs)
        return self.answer


@pytest.mark.parametrize("fails", [False, True], ids=["answer", "error"])
async def test_a_client_answer_or_error_reaches_the_model_with_secrets_masked(monkeypatch, fails):
    from types import SimpleNamespace

    from runtime.agent import client_tools
    from runtime.agent.call import CallState
    from runtime.agent.client_tools import call_client_tool

    secret = 'sk-live\n42"é'
    call = CallState(environ={"TOKEN": secret})
    call.variables.render_headers({"Authorization": "{{secrets.TOKEN}}"})  # used this call
    leaked = f"token={json.dumps(secret)} raw={secret}"
    error = rtc.RpcError(1500, leaked) if fails else None
    participant = EchoingParticipant(leaked, error)
    job = SimpleNamespace(
        is_fake_job=lambda: False, room=SimpleNamespace(local_participant=participant)
    )
    monkeypatch.setattr(client_tools, "get_job_context", lambda required=False: job)
    monkeypatch.setattr(client_tools, "_linked_identity", lambda call, tool: "caller")
    if fails:
        with pytest.raises(ToolError) as raised:
            await call_client_tool(SHOW, {"sku": "A1"}, call)
        text = raised.value.message
    else:
        text = await call_client_tool(SHOW, {"sku": "A1"}, call)
    assert "[secret]" in text
    assert "sk-live" not in text and '42\\"' not in text
