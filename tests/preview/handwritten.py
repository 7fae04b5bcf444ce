"""A small hand-written SDK agent for preview tests that need no code generator.

`build_handwritten(config, out_dir)` is a ProjectBuilder: it writes src/agent.py with the
config's instructions as a literal (as codegen would), honouring the preview switch the
way the in-agent library does (text-only before session.start, mock metadata).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

AGENT_SOURCE = '''
import json
import os

from livekit.agents import Agent, AgentServer, AgentSession, JobContext, function_tool, inference

INSTRUCTIONS = {instructions!r}

server = AgentServer()


class Assistant(Agent):
    def __init__(self, metadata):
        super().__init__(instructions=INSTRUCTIONS + " Caller: " + metadata.get("user_name", ""))

    async def on_enter(self):
        self.session.generate_reply(instructions="Greet the caller.")

    @function_tool
    async def lookup_order(self, order_id: str) -> str:
        """Look up an order by its number."""
        return json.dumps({{"order_id": order_id, "status": "shipped"}})

    @function_tool
    async def crash_worker(self) -> str:
        """Only for tests: the process dies mid-turn."""
        os._exit(3)


async def report(ctx: JobContext):
    import datetime

    import httpx

    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    body = {{"job_id": ctx.job.id, "room_id": ctx.job.room.sid, "room": ctx.job.room.name,
            "started_at": now, "ended_at": now}}
    key = os.environ.get("HOOK_KEY")
    headers = {{"Authorization": "Bearer " + key}} if key else {{}}
    async with httpx.AsyncClient() as client:
        await client.post(os.environ["AGENT_BUILDER_PREVIEW_ENDPOINT"], json=body, headers=headers)


@server.rtc_session(on_session_end=report)
async def entrypoint(ctx: JobContext):
    metadata = json.loads(os.environ.get("AGENT_BUILDER_PREVIEW_METADATA") or "{{}}")
    session = AgentSession(llm=inference.LLM("openai/gpt-4.1-mini"))
    if os.environ.get("AGENT_BUILDER_PREVIEW") == "1":
        session.input.set_audio_enabled(False)
        session.output.set_audio_enabled(False)
    await session.start(agent=Assistant(metadata), room=ctx.room)
'''


def build_handwritten(config_path: Path, out_dir: Path) -> Path:
    config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    source = AGENT_SOURCE.format(instructions=config["agent"]["instructions"])
    entrypoint = out_dir / "src" / "agent.py"
    entrypoint.parent.mkdir(parents=True, exist_ok=True)
    entrypoint.write_text(source, encoding="utf-8")
    return entrypoint
