"""`start_call` + `on_session_end` in a real console-mode worker process, driven over
the SDK's console protocol by the preview: data collection completes, the call ends by
itself, the job really ends and its on_session_end POSTs the results."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

import runtime.agent
from runtime.preview import events as ev
from runtime.preview.session import PreviewOptions, PreviewSession

pytestmark = pytest.mark.slow

AGENT_PY = """
from livekit.agents import AgentServer, JobContext

from support import (
    AgentSettings, CallEndingSettings, DataField, on_session_end, start_call,
)

SETTINGS = AgentSettings(
    name="intake",
    instructions="Collect the caller's name. The clinic is {{metadata.clinic}}.",
    greeting_instructions="Greet {{metadata.user_name}}.",
    data_collection=True,
    fields=(DataField("name", "Caller name"),),
    call_ending=CallEndingSettings(
        final_response="Say goodbye.", endpoint_url="http://127.0.0.1:9/not-in-preview",
    ),
)

server = AgentServer()


@server.rtc_session(agent_name="intake", on_session_end=on_session_end)
async def entrypoint(ctx: JobContext) -> None:
    await start_call(ctx, SETTINGS)
"""

CONFIG = """\
version = 1
[agent]
name = "intake"
instructions = "unused: the builder below writes the agent"
[metadata.user_name]
example = "Ada"
[metadata.clinic]
example = "Acme"
"""


def build_with_library(config_path: Path, out_dir: Path) -> Path:
    src = out_dir / "src"
    shutil.copytree(
        Path(runtime.agent.__file__).parent,
        src / "support",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (src / "agent.py").write_text(AGENT_PY, encoding="utf-8")
    return src / "agent.py"


async def test_call_ends_by_itself_in_a_real_worker_and_posts_results(tmp_path, scripted_llm):
    config = tmp_path / "agent.toml"
    config.write_text(CONFIG, encoding="utf-8")
    scripted_llm.queue(
        {"text": "Hello Ada, what is your full name?"},
        {"tool_calls": [{"name": "record_name", "arguments": {"name": "Ada Lovelace"}}]},
        {"text": "Thanks, goodbye!"},
    )
    session = PreviewSession(config, PreviewOptions(warm_spare=False), builder=build_with_library)
    events: list = []
    greeted = asyncio.Event()

    def on_event(event) -> None:
        events.append(event)
        if isinstance(event, ev.Transcript) and event.role == "agent":
            greeted.set()

    session.subscribe(on_event)
    try:
        await session.start()
        await asyncio.wait_for(greeted.wait(), 60)
        await session.send("Ada Lovelace")
        post = await session.inbox.wait_for_post(timeout=60)
        assert await session.wait_for_call_end(timeout=30)
    finally:
        await session.stop()
    assert post.body["results"] == {"name": {"name": "Ada Lovelace"}}
    assert set(post.body) == {"job_id", "room_id", "room", "started_at", "ended_at", "results"}
    greeting = scripted_llm.requests[0]
    assert "The clinic is Acme." in greeting.system_prompt
    assert "Greet Ada." in str(greeting.messages)
    transcripts = [e for e in events if isinstance(e, ev.Transcript) and e.role == "agent"]
    assert [t.text for t in transcripts] == [
        "Hello Ada, what is your full name?",
        "Thanks, goodbye!",
    ]
