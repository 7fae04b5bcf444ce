"""Summaries on demand (the preview's "Generate summary"): the call goes on."""

from __future__ import annotations

from runtime.agent.settings import SummarySettings
from runtime.agent.summary import DEFAULT_SUMMARY_INSTRUCTIONS, generate_summary
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call


async def test_summary_mid_call_uses_the_default_format_and_does_not_end_the_call(
    scripted_llm,
):
    scripted_llm.queue(
        {"text": "We open at nine."},
        {"text": "A caller asked about hours."},
        {"text": "Yes, on Saturdays too."},
    )
    agent = AgentSettings(name="s", instructions="Front desk.", greeting_enabled=False)
    async with local_call(agent) as lc:
        await lc.session.run(user_input="When do you open?")
        summary = await generate_summary(
            lc.session.history,
            SummarySettings(llm="openai/gpt-4.1-nano"),
            lc.call.variables,
            results={"name": {"name": "Ada"}},
        )
        assert summary == "A caller asked about hours."
        later = await lc.session.run(user_input="Saturdays too?")  # still talking
        later.expect.next_event().is_message(role="assistant")
        assert not lc.shutdown_reason.done()
    request = scripted_llm.requests[1]
    assert request.model == "openai/gpt-4.1-nano"
    assert request.reasoning_effort is None
    assert request.tools == []
    assert request.messages[0]["content"] == DEFAULT_SUMMARY_INSTRUCTIONS
    body = request.messages[1]["content"]
    assert "Caller: When do you open?\nAgent: We open at nine." in body
    assert 'Collected data:\n{"name": {"name": "Ada"}}' in body
