"""An agent assembled at run time from plain settings: what a generated `agent.py`
spells out in code, for the tests and benches of the support library (`runtime/agent`),
which have no generated project to run.

    settings = AgentSettings(name="front-desk", instructions="...", http_tools=(TOOL,))
    call = settings.new_call(metadata='{"user": "Ada"}', environ={})
    session = text_session(call)                 # text only: no STT, TTS, VAD
    await session.start(BuilderAgent(call))

`start_call(ctx, settings)` is the whole `rtc_session` entrypoint, room options included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from livekit.agents import Agent, AgentSession, inference, room_io
from livekit.agents.beta.tools import EndCallTool

from runtime.agent.call import CallState
from runtime.agent.call_ending import (
    END_EARLY_DESCRIPTION,
    closing_instructions,
    end_job_with_session,
    mark_call_ending,
)
from runtime.agent.client_tools import build_client_tool
from runtime.agent.collection_tools import build_record_tools
from runtime.agent.data_collection import collection_instructions
from runtime.agent.http_tools import build_http_tool
from runtime.agent.mcp_servers import build_mcp_toolsets
from runtime.agent.settings import (
    CallEndingSettings,
    ClientToolSettings,
    DataField,
    HttpToolSettings,
    McpServerSettings,
)

if TYPE_CHECKING:
    from livekit.agents import JobContext


@dataclass(frozen=True)
class ModelSettings:
    llm: str = "openai/gpt-4.1-mini"
    thinking_effort: str | None = None
    stt: str = "deepgram/nova-3"
    language: str = "en"
    tts: str = "cartesia/sonic-3"
    voice: str = ""


@dataclass(frozen=True)
class AdvancedSettings:
    noise_cancellation: bool = True
    preemptive_generation: bool = True
    turn_detection: bool = True


@dataclass(frozen=True)
class AgentSettings:
    name: str
    instructions: str
    greeting_enabled: bool = True
    greeting_instructions: str = ""
    models: ModelSettings = field(default_factory=ModelSettings)
    data_collection: bool = False
    fields: Sequence[DataField] = ()
    http_tools: Sequence[HttpToolSettings] = ()
    client_tools: Sequence[ClientToolSettings] = ()
    mcp_servers: Sequence[McpServerSettings] = ()
    call_ending: CallEndingSettings = field(default_factory=CallEndingSettings)
    delete_room: bool = True
    advanced: AdvancedSettings = field(default_factory=AdvancedSettings)

    @property
    def collected_fields(self) -> Sequence[DataField]:
        return self.fields if self.data_collection else ()

    def new_call(
        self, *, metadata: str = "", environ: Mapping[str, str] | None = None, **job: str
    ) -> CallState:
        return CallState(
            fields=self.collected_fields,
            call_ending=self.call_ending,
            metadata=metadata,
            environ=environ,
            **job,
        )

    def call_for_job(self, ctx: JobContext, environ: Mapping[str, str] | None = None) -> CallState:
        return CallState.from_job(
            ctx, fields=self.collected_fields, call_ending=self.call_ending, environ=environ
        )


class BuilderAgent(Agent):
    """The agent of `settings`, with the tools a generated agent.py would give it (all
    of them from raw schemas)."""

    def __init__(
        self, call: CallState, settings: AgentSettings, *, extra_tools: list[Any] | None = None
    ) -> None:
        self.call = call
        self.settings = settings
        collecting = bool(settings.collected_fields)
        other_tools = bool(settings.http_tools or settings.client_tools or settings.mcp_servers)
        instructions = call.render(settings.instructions)
        if collecting:
            instructions = collection_instructions(
                instructions, settings.fields, call, other_tools=other_tools
            )
        super().__init__(
            instructions=instructions,
            tools=[
                *build_record_tools(settings.collected_fields),
                EndCallTool(
                    extra_description=END_EARLY_DESCRIPTION if collecting else "",
                    end_instructions=closing_instructions(call),
                    delete_room=False,
                    ignore_on_enter=True,
                    on_tool_called=mark_call_ending,
                ),
                *(build_http_tool(tool) for tool in settings.http_tools),
                *(build_client_tool(tool) for tool in settings.client_tools),
                *build_mcp_toolsets(settings.mcp_servers, call),
                *(extra_tools or []),
            ],
        )

    async def on_enter(self) -> None:
        if self.settings.greeting_enabled:
            greeting = self.call.render(self.settings.greeting_instructions).strip()
            self.session.generate_reply(instructions=greeting or "Greet the caller.")


def llm_of(models: ModelSettings) -> inference.LLM:
    extra = {"reasoning_effort": models.thinking_effort} if models.thinking_effort else None
    return inference.LLM(models.llm, extra_kwargs=extra)


def text_session(call: CallState, models: ModelSettings | None = None) -> AgentSession:
    """A text-only session on LiveKit Inference's LLM with `call` as userdata."""
    # vad=None explicitly: left out, the SDK would load its default VAD
    session: AgentSession = AgentSession(
        llm=llm_of(models or ModelSettings()),
        vad=None,
        turn_handling={"turn_detection": None},
        userdata=call,
    )
    # before start(): an agent without audio output would lose its greeting
    session.input.set_audio_enabled(False)
    session.output.set_audio_enabled(False)
    return session


def room_options(settings: AgentSettings) -> room_io.RoomOptions:
    return room_io.RoomOptions(delete_room_on_close=settings.delete_room)


async def start_call(ctx: JobContext, settings: AgentSettings) -> CallState:
    """The whole `rtc_session` entrypoint body, text only: call state, session, agent,
    room I/O, and the job ending with the session. Pair with `on_session_end`."""
    call = settings.call_for_job(ctx)
    session = text_session(call, settings.models)
    end_job_with_session(session, call, ctx)
    await session.start(
        agent=BuilderAgent(call, settings), room=ctx.room, room_options=room_options(settings)
    )
    return call


__all__ = [
    "AdvancedSettings",
    "AgentSettings",
    "BuilderAgent",
    "ModelSettings",
    "start_call",
    "text_session",
]
