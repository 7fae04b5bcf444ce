"""The session and agent built from settings: greeting, text-only preview, model
options, turn handling, noise cancellation."""

from __future__ import annotations

import json
from types import SimpleNamespace

from livekit import rtc
from livekit.agents import inference
from livekit.plugins import noise_cancellation

from runtime.agent import AdvancedSettings, AgentSettings, CallState, ModelSettings
from runtime.agent.preview import PREVIEW
from runtime.agent.session import _turn_handling, create_session, noise_cancellation_for

from .harness import local_call


def settings(**overrides) -> AgentSettings:
    values = {"name": "g", "instructions": "Be kind."} | overrides
    return AgentSettings(**values)


async def test_greeting_uses_rendered_instructions(scripted_llm):
    scripted_llm.queue({"text": "Hello Ada!"}, {"text": "Sure."})
    agent = settings(greeting_instructions="Greet {{metadata.user}} by name.")
    async with local_call(agent, metadata=json.dumps({"user": "Ada"})) as lc:
        await scripted_llm.wait_for_requests(1)
        await lc.session.run(user_input="can you help?")
        spoken = [m.text_content for m in lc.session.history.messages() if m.role == "assistant"]
    assert spoken == ["Hello Ada!", "Sure."]
    greeting = scripted_llm.requests[0]
    assert "Greet Ada by name." in json.dumps(greeting.messages)
    assert "end_call" not in greeting.tool_names  # the greeting can't end the call
    assert "end_call" in scripted_llm.requests[1].tool_names


async def test_no_greeting_waits_for_the_caller(scripted_llm):
    scripted_llm.queue({"text": "Hi there."})
    async with local_call(settings(greeting_enabled=False)) as lc:
        assert scripted_llm.requests == []
        result = await lc.session.run(user_input="hello")
    result.expect.next_event().is_message(role="assistant")
    assert len(scripted_llm.requests) == 1


async def test_llm_thinking_effort_reaches_the_model(scripted_llm):
    scripted_llm.queue({"text": "ok"})
    agent = settings(
        greeting_enabled=False,
        models=ModelSettings(llm="openai/gpt-5-mini", thinking_effort="minimal"),
    )
    async with local_call(agent) as lc:
        await lc.session.run(user_input="hi")
    assert scripted_llm.requests[0].model == "openai/gpt-5-mini"
    assert scripted_llm.requests[0].reasoning_effort == "minimal"


async def test_preview_switch_makes_the_session_text_only(inference_env):
    inference_env.setenv("LIVEKIT_INFERENCE_URL", "http://127.0.0.1:9/v1")
    call = CallState(settings(), environ={PREVIEW: "1"})
    session = create_session(call)
    assert session.stt is None and session.tts is None and session.vad is None
    assert not session.input.audio_enabled and not session.output.audio_enabled
    assert session.userdata is call


async def test_voice_session_uses_inference_models_and_the_turn_detector(inference_env):
    inference_env.setenv("LIVEKIT_INFERENCE_URL", "http://127.0.0.1:9/v1")
    models = ModelSettings(
        stt="deepgram/nova-3", language="fr", tts="cartesia/sonic-3", voice="v-1"
    )
    call = CallState(settings(models=models), environ={})
    session = create_session(call)
    assert isinstance(session.stt, inference.STT) and session.stt.model == "deepgram/nova-3"
    assert isinstance(session.tts, inference.TTS) and session.tts.model == "cartesia/sonic-3"
    assert session.vad is not None
    handling = _turn_handling(AdvancedSettings(), text_only=False)
    assert isinstance(handling["turn_detection"], inference.TurnDetector)
    assert handling["preemptive_generation"] == {"enabled": True}
    off = _turn_handling(
        AdvancedSettings(turn_detection=False, preemptive_generation=False), text_only=False
    )
    assert off == {"turn_detection": "vad", "preemptive_generation": {"enabled": False}}


def test_noise_cancellation_is_telephony_grade_for_sip_callers():
    sip = SimpleNamespace(kind=rtc.ParticipantKind.PARTICIPANT_KIND_SIP)
    web = SimpleNamespace(kind=rtc.ParticipantKind.PARTICIPANT_KIND_STANDARD)
    assert noise_cancellation_for(sip) == noise_cancellation.BVCTelephony()
    assert noise_cancellation_for(web) == noise_cancellation.BVC()
