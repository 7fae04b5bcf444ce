"""Save as test: a conversation in the real preview (a worker subprocess, the scripted
model) becomes a scenario in agent.tests.toml, which then runs green without reaching
the real API the preview called."""

from __future__ import annotations

import asyncio
import tomllib

import pytest
from aiohttp import web

from runtime.preview import events as ev
from runtime.preview.session import PreviewOptions, PreviewSession
from runtime.scenarios.conversation import PreviewConversation
from runtime.scenarios.engine.agent_facts import AgentFacts
from runtime.scenarios.engine.results import PASSED
from runtime.scenarios.save_as_test import SaveAsTestError, save_conversation
from runtime.scenarios.suite import prepare, run_suite
from runtime.scenarios.validate import validate
from tests.scenarios.conftest import call

pytestmark = pytest.mark.slow


async def converse(project, lines: list[str], *, agent_ends: bool) -> PreviewConversation:
    """Talk to the agent in the preview, as a person in the editor does; with
    `agent_ends`, until the agent has ended the call and its POST has arrived."""
    session = PreviewSession(project.agent_path, PreviewOptions(warm_spare=False))
    conversation = PreviewConversation()
    over = asyncio.Event()
    seen: list[type] = []

    def observe(event: ev.PreviewEvent) -> None:
        conversation.observe(event)
        seen.append(type(event))
        if ev.CallEnded in seen and ev.InboxPost in seen:
            over.set()

    session.subscribe(observe)
    try:
        await session.start()
        conversation.metadata = session.config.metadata_examples
        for line in lines:
            await session.send(line)
        if agent_ends:
            await asyncio.wait_for(over.wait(), 30)
            # Its job is over; the worker process would take the agent's whole shutdown
            # time to go on SIGTERM (the preview's stop gives it that).
            await session._current.worker.stop(grace=0)
    finally:
        await session.stop()
    return conversation


async def test_a_preview_conversation_saved_as_a_test_runs_green(shop, roles, api, scripted_llm):
    api.default = lambda r: web.json_response({"status": "shipped", "eta": "Monday"})
    roles.agent = {
        "123": call("lookup_order", order_id="123"),
        "screen": call("show_order", order_id="123"),
        "bye": call("end_call"),
    }
    roles.after_tool = "Your order 123 has shipped and arrives Monday."
    shop.tests_path.write_text("# my scenarios\nversion = 1\n")
    conversation = await converse(
        shop, ["Where is my order 123?", "Put it on my screen", "Thanks, bye"], agent_ends=True)
    assert [r.path for r in api.received if r.path.startswith("/orders")] == ["/orders/123"]

    saved = save_conversation(conversation, shop.agent_path)
    text = shop.tests_path.read_text()
    assert text.startswith("# my scenarios\nversion = 1\n")  # what was there stays
    assert saved.name == "From the preview: Where is my order 123?" and saved.index == 0
    assert "# agent: Your order 123 has shipped and arrives Monday." in text  # for intents
    [scenario] = tomllib.loads(text)["scenarios"]
    assert scenario["mocks"] == [{"tool": "lookup_order", "when": {"order_id": "123"},
                                  "result": {"status": "shipped", "eta": "Monday"}}]
    assert [t["user"] for t in scenario["turns"]] == [
        "Where is my order 123?", "Put it on my screen", "Thanks, bye"]
    assert [t.get("expect") for t in scenario["turns"]] == [
        [{"tool_called": "lookup_order", "arguments": {"order_id": "123"}}],
        [{"tool_called": "show_order", "arguments": {"order_id": "123"}}],
        [{"call_ended": True}],
    ]
    assert scenario["expect"] == [{"posted": {}}]
    assert "metadata" not in scenario  # the preview used the agent's own examples
    assert validate(text, AgentFacts.load(shop.agent_path)) == []

    [run] = await run_suite(prepare(shop.tests_path))
    assert run.status == PASSED, (run.failures, run.error)
    assert [c.expectation for c in run.checks] == [
        'calls lookup_order with {"order_id": "123"}', 'calls show_order with {"order_id": "123"}',
        "ends the call", "posts the end-of-call report"]
    # the test replayed the API's answer: the API itself heard nothing more
    assert [r.path for r in api.received if r.path.startswith("/orders")] == ["/orders/123"]


async def test_collected_fields_and_the_posted_results_become_expectations(intake, roles, scripted_llm):
    roles.agent = {
        "monday": call("record_appointment", day="Monday", time="09:30"),
        "cough": call("record_symptoms", symptoms="a cough"),
    }
    roles.after_tool = "Noted."
    conversation = await converse(intake, ["Monday at 9:30 please", "I have a cough"],
                                  agent_ends=True)
    saved = save_conversation(conversation, intake.agent_path, name="Books Monday")
    text = intake.tests_path.read_text()
    assert text.startswith("# Behaviour tests of the agent")  # a new file, with its header
    [scenario] = tomllib.loads(text)["scenarios"]
    assert saved.name == scenario["name"] == "Books Monday"
    assert [t["expect"] for t in scenario["turns"]] == [
        [{"field_collected": "appointment", "value": {"day": "Monday", "time": "09:30"}}],
        [{"field_collected": "symptoms", "value": "a cough"}, {"call_ended": True}],
    ]
    assert scenario["expect"] == [{"posted": {
        "appointment": {"day": "Monday", "time": "09:30"}, "symptoms": [{"symptoms": "a cough"}]}}]
    assert "mocks" not in scenario  # recording fields calls no API
    [run] = await run_suite(prepare(intake.tests_path))
    assert run.status == PASSED, (run.failures, run.error)


def test_a_conversation_is_followed_turn_by_turn_and_restarts_clean():
    conversation = PreviewConversation()
    for event in [
        ev.Transcript(role="agent", text="Hello!"),
        ev.Transcript(role="user", text="Order 5?"),
        ev.ToolCall(call_id="a", name="lookup_order", arguments='{"order_id": "5", "x": null}'),
        ev.ToolCall(call_id="a", name="lookup_order", arguments='{"order_id": "5"}',
                    output="not found", is_error=True),
        ev.Transcript(role="agent", text="I could not find it."),
        ev.FieldCollected(name="symptoms", value=[{"symptoms": "cough"}]),
        ev.Transcript(role="user", text="And fever"),
        ev.FieldCollected(name="symptoms", value=[{"symptoms": "cough"}, {"symptoms": "fever"}]),
    ]:
        conversation.observe(event)
    assert conversation.greeting == ["Hello!"]
    first, second = conversation.turns
    assert first.replies == ["I could not find it."]
    [use] = first.tools
    assert (use.arguments, use.output, use.is_error) == ({"order_id": "5", "x": None}, "not found", True)
    assert first.fields == {"symptoms": [{"symptoms": "cough"}]}
    assert second.fields == {"symptoms": [{"symptoms": "fever"}]}  # only what this turn added
    conversation.observe(ev.Restarted(reason="reloaded after a save"))
    assert conversation.empty and conversation.greeting == []


def test_save_refuses_a_file_it_cannot_edit_and_changes_nothing(shop):
    conversation = PreviewConversation()
    conversation.observe(ev.Transcript(role="user", text="hi"))
    shop.tests_path.write_text("version = 1\n[[scenarios]\nname = 'x'\n")
    with pytest.raises(SaveAsTestError, match="does not parse .*line 2.*nothing was saved"):
        save_conversation(conversation, shop.agent_path)
    assert shop.tests_path.read_text() == "version = 1\n[[scenarios]\nname = 'x'\n"
    with pytest.raises(SaveAsTestError, match="no turns yet"):
        save_conversation(PreviewConversation(), shop.agent_path, tests_path=shop.folder / "new.tests.toml")
    assert not (shop.folder / "new.tests.toml").exists()


def test_an_error_answer_and_an_mcp_tool_are_mocked_as_they_answered(shop):
    from runtime.scenarios.save_as_test import scenario_values

    conversation = PreviewConversation(metadata={"store_name": "Other Store"})
    for event in [
        ev.Transcript(role="user", text="Order 5?"),
        ev.ToolCall(call_id="a", name="lookup_order", arguments='{"order_id": "5"}',
                    output="lookup_order failed: HTTP 404", is_error=True),
        ev.ToolCall(call_id="b", name="search_docs", arguments='{"query": "returns"}',
                    output="Returns within 30 days."),
        ev.ToolCall(call_id="c", name="search_docs", arguments="{}", output='{"hits": [1, null]}'),
    ]:
        conversation.observe(event)
    shop.agent_path.write_text(shop.agent_path.read_text() + (
        '\n[[tools.mcp]]\nname = "docs"\nurl = "https://mcp.example.com/mcp"\n'))
    values = scenario_values(conversation, AgentFacts.load(shop.agent_path), "x")
    assert values["metadata"] == {"store_name": "Other Store"}
    assert values["mocks"] == [
        {"tool": "lookup_order", "when": {"order_id": "5"}, "error": "lookup_order failed: HTTP 404"},
        {"tool": "search_docs", "when": {"query": "returns"}, "result": "Returns within 30 days."},
        {"tool": "search_docs", "result": '{"hits": [1, null]}'},  # no null in TOML: kept as text
    ]
