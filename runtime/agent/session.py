"""Assembling a whole call from settings: the agent, the session, the room options,
and the entrypoint convenience `start_call`. Generated code may use these pieces or
spell the same thing out; both end up calling the same building blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livekit import rtc
from livekit.agents import NOT_GIVEN, Agent, AgentSession, inference, room_io

from .call import CallState
from .call_ending import build_end_call_tool, end_job_with_session
from .client_tools import build_client_tool
from .collection_tools import build_record_tools
from .data_collection import data_collection_prompt
from .http_tools import build_http_tool
from .mcp_servers import build_mcp_toolsets
from .settings import AdvancedSettings, AgentSettings

if TYPE_CHECKING:
    from livekit.agents import JobContext


def agent_instructions(call: CallState, *, has_other_tools: bool | None = None) -> str:
    """The system prompt: the configured instructions, plus the data collection section."""
    settings = call.settings
    text = call.render(settings.instructions).strip()
    if settings.data_collection and settings.fields:
        if has_other_tools is None:
            has_other_tools = bool(
                settings.http_tools or settings.client_tools or settings.mcp_servers
            )
        text += "\n\n" + data_collection_prompt(settings.fields, call.render, has_other_tools)
    return text


def builtin_tools(call: CallState) -> list[Any]:
    """record_<field> tools in data collection mode (the call ends by itself), else end_call."""
    settings = call.settings
    if settings.data_collection and settings.fields:
        return build_record_tools(settings.fields)
    return [build_end_call_tool()]


def configured_tools(call: CallState) -> list[Any]:
    """HTTP and client tools from raw schemas, and the MCP toolsets."""
    settings = call.settings
    return [
        *(build_http_tool(tool) for tool in settings.http_tools),
        *(build_client_tool(tool) for tool in settings.client_tools),
        *build_mcp_toolsets(settings.mcp_servers, call.variables),
    ]


async def greet(session: AgentSession, call: CallState) -> None:
    """Speak first when the greeting is on; otherwise wait for the caller."""
    if not call.settings.greeting_enabled:
        return
    instructions = call.render(call.settings.greeting_instructions).strip()
    session.generate_reply(instructions=instructions or "Greet the caller.")


class BuilderAgent(Agent):
    """An agent built entirely from settings at run time (tests, benchmarks, tools
    that have no generated code). Generated projects subclass `Agent` themselves."""

    def __init__(self, call: CallState, *, extra_tools: list[Any] | None = None) -> None:
        self.call = call
        super().__init__(
            instructions=agent_instructions(call),
            tools=[*builtin_tools(call), *configured_tools(call), *(extra_tools or [])],
        )

    async def on_enter(self) -> None:
        await greet(self.session, self.call)


def create_session(
    call: CallState, *, text_only: bool | None = None, vad: Any | None = None
) -> AgentSession:
    """An AgentSession on LiveKit Inference with `call` as userdata. Text-only (the
    preview, tests) skips STT/TTS/VAD and the turn detector, which need audio. `vad`:
    a VAD loaded once per worker process (prewarm); loaded here when not given."""
    settings = call.settings
    models = settings.models
    text_only = call.preview if text_only is None else text_only
    extra = {"reasoning_effort": models.thinking_effort} if models.thinking_effort else None
    llm = inference.LLM(models.llm, extra_kwargs=extra)
    turn_handling = _turn_handling(settings.advanced, text_only)
    if text_only:
        # vad=None explicitly: left out, the SDK would load its default VAD
        session: AgentSession = AgentSession(
            llm=llm, vad=None, turn_handling=turn_handling, userdata=call
        )
        # must happen before start(): an agent without audio output would lose its greeting
        session.input.set_audio_enabled(False)
        session.output.set_audio_enabled(False)
    else:
        if vad is None:
            from livekit.plugins import silero

            vad = silero.VAD.load()
        session = AgentSession(
            llm=llm,
            stt=inference.STT(models.stt, language=models.language or NOT_GIVEN),
            tts=inference.TTS(models.tts, voice=models.voice or NOT_GIVEN),
            vad=vad,
            turn_handling=turn_handling,
            userdata=call,
        )
    call.attach(session)
    return session


def _turn_handling(advanced: AdvancedSettings, text_only: bool) -> dict[str, Any]:
    handling: dict[str, Any] = {
        "preemptive_generation": {"enabled": advanced.preemptive_generation}
    }
    if text_only:
        handling["turn_detection"] = None
    elif advanced.turn_detection:
        handling["turn_detection"] = inference.TurnDetector()
    else:
        # left out, the SDK would pick the turn detector anyway: silence ends the turn
        handling["turn_detection"] = "vad"
    return handling


def noise_cancellation_for(participant: rtc.Participant) -> Any:
    """BVCTelephony for phone callers, BVC for everyone else."""
    from livekit.plugins import noise_cancellation

    if participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_SIP:
        return noise_cancellation.BVCTelephony()
    return noise_cancellation.BVC()


def room_options(settings: AgentSettings) -> room_io.RoomOptions:
    """Noise cancellation per participant, and the room deleted for everyone when the
    session closes if the call ending says so."""
    audio_input = room_io.AudioInputOptions()
    if settings.advanced.noise_cancellation:
        audio_input = room_io.AudioInputOptions(
            noise_cancellation=lambda params: noise_cancellation_for(params.participant)
        )
    return room_io.RoomOptions(
        audio_input=audio_input, delete_room_on_close=settings.call_ending.delete_room
    )


async def start_call(
    ctx: JobContext,
    settings: AgentSettings,
    *,
    agent: Agent | None = None,
    text_only: bool | None = None,
) -> CallState:
    """The whole `rtc_session` entrypoint body: call state, session, agent, room I/O,
    and the job ending with the session. Pair with `on_session_end`."""
    call = CallState.from_job(settings, ctx)
    session = create_session(call, text_only=text_only)
    end_job_with_session(session, call, ctx)
    await session.start(
        agent=agent or BuilderAgent(call),
        room=ctx.room,
        room_options=room_options(settings),
    )
    return call
