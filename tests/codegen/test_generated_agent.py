"""A generated agent run through its own entrypoint in this process (text only, a fake
job, the scripted model): the greeting, the prompt, the thinking effort, metadata from a
simulation, and nothing of the preview in production."""

from __future__ import annotations

import json

import pytest
from google.protobuf import json_format
from livekit.protocol import agent_simulation

from runtime.codegen import generate_project
from runtime.scenarios.generated_agent import load_project
from runtime.testing.text_calls import text_call

BASE = """\
version = 1
[agent]
name = "desk"
instructions = "You are the desk of {{{{metadata.clinic}}}}."
[greeting]
enabled = {greeting}
instructions = "Greet {{{{metadata.user}}}} by name."
[models]
llm = "openai/gpt-5-mini"
thinking_effort = "minimal"
[call_ending]
endpoint_url = "{endpoint}"
[metadata.clinic]
example = "Acme"
[metadata.user]
example = "Ada"
"""


def load(tmp_path, *, greeting: bool = True, endpoint: str = "http://127.0.0.1:9/hook"):
    config = tmp_path / "agent.toml"
    config.write_text(BASE.format(greeting=str(greeting).lower(), endpoint=endpoint))
    project = generate_project(config, tmp_path / "project").out_dir
    return load_project(project / "src" / "agent.py").module


async def test_greeting_is_rendered_and_cannot_end_the_call(tmp_path, scripted_llm, receiver):
    agent = load(tmp_path)
    scripted_llm.queue({"text": "Hello Ada!"}, {"text": "Sure."})
    metadata = {"clinic": "Acme", "user": "Ada"}
    async with text_call(agent, metadata=metadata, endpoint_url=receiver.url) as call:
        await call.session.wait_for_idle()
        result = await call.session.run(user_input="can you help?")
        result.expect.next_event().is_message(role="assistant")
        result.expect.no_more_events()
    greeting, reply = scripted_llm.requests[:2]
    assert "Greet Ada by name." in json.dumps(greeting.messages)
    assert "You are the desk of Acme." in greeting.system_prompt
    assert "end_call" not in greeting.tool_names  # the greeting can never end the call
    assert "end_call" in reply.tool_names
    assert (reply.model, reply.reasoning_effort) == ("openai/gpt-5-mini", "minimal")


async def test_without_greeting_the_agent_waits_for_the_caller(tmp_path, scripted_llm, receiver):
    agent = load(tmp_path, greeting=False)
    scripted_llm.queue({"text": "Hi there."})
    async with text_call(agent, endpoint_url=receiver.url) as call:
        await call.session.wait_for_idle()
        assert scripted_llm.requests == []
        result = await call.session.run(user_input="hello")
    result.expect.next_event().is_message(role="assistant")
    result.expect.no_more_events()


def _simulated(job, userdata: dict) -> None:
    """Mark a fake job as one `lk agent simulate` dispatched, with scenario userdata."""
    dispatch = agent_simulation.SimulationDispatch(
        simulation_run_id="SR_1", scenario=agent_simulation.Scenario(userdata=json.dumps(userdata))
    )
    job.job.attributes["lk.simulator.dispatch"] = json_format.MessageToJson(dispatch)


async def test_a_simulated_job_without_metadata_reads_the_scenario_userdata(
    tmp_path, scripted_llm, receiver
):
    agent = load(tmp_path, greeting=False)
    scripted_llm.default = {"text": "Hi."}
    from livekit.agents.testing import fake_job_context

    from runtime.testing.text_calls import Overrides, sessions_of, text_only_session_class

    sessions: list = []
    session_class = text_only_session_class(Overrides(endpoint_url=receiver.url), sessions)
    with fake_job_context() as job:
        _simulated(job, {"clinic": "Simulated Clinic"})
        job.proc.userdata["vad"] = None
        with sessions_of(agent, session_class):
            await agent.entrypoint(job)
        session = sessions[0]
        await session.run(user_input="hello")
        await session.aclose()
        await agent.server._session_end_fnc(job)
    assert "You are the desk of Simulated Clinic." in scripted_llm.requests[0].system_prompt


async def test_the_preview_variables_do_nothing_in_production(
    tmp_path, scripted_llm, receiver, monkeypatch
):
    # a deployment that happens to have them set still reports to its own endpoint, with
    # its own (empty) metadata
    other = f"{receiver.url}/preview-inbox"
    monkeypatch.setenv("AGENT_BUILDER_PREVIEW", "1")
    monkeypatch.setenv("AGENT_BUILDER_PREVIEW_METADATA", json.dumps({"clinic": "Preview"}))
    monkeypatch.setenv("AGENT_BUILDER_PREVIEW_ENDPOINT", other)
    agent = load(tmp_path, greeting=False, endpoint=f"{receiver.url}/hook")
    scripted_llm.default = {"text": "Hi."}
    async with text_call(agent) as call:
        await call.session.run(user_input="hello")
    [post] = await receiver.wait_for(1)
    assert post.path == "/hook"
    assert "Preview" not in scripted_llm.requests[0].system_prompt


async def test_the_preview_entrypoint_adds_mock_metadata_and_the_inbox(
    tmp_path, scripted_llm, receiver, monkeypatch
):
    from livekit.agents.testing import fake_job_context

    from runtime.preview.agent_hooks import preview_server

    monkeypatch.setenv("AGENT_BUILDER_PREVIEW_METADATA", json.dumps({"clinic": "Preview"}))
    monkeypatch.setenv("AGENT_BUILDER_PREVIEW_ENDPOINT", f"{receiver.url}/inbox")
    agent = load(tmp_path, greeting=False)
    server = preview_server(agent)
    scripted_llm.default = {"text": "Hi."}
    with fake_job_context() as job:
        server.setup_fnc(job.proc)
        assert job.proc.userdata["vad"] is None  # no voice models in a text preview
        await server._entrypoint_fnc(job)
        session = job.primary_session
        assert session.stt is None and session.tts is None and session.vad is None
        assert not session.input.audio_enabled and not session.output.audio_enabled
        await session.run(user_input="hello")
        await session.aclose()
        await server._session_end_fnc(job)
    assert "You are the desk of Preview." in scripted_llm.requests[0].system_prompt
    [post] = await receiver.wait_for(1)
    assert post.path == "/inbox"


@pytest.fixture
async def receiver():
    from tests.agent.peers import HttpPeer

    peer = await HttpPeer().start()
    yield peer
    await peer.stop()
