"""Twenty calls at once in one process: each collects its own data and posts its own
results, with no cross-talk between calls."""

from __future__ import annotations

import asyncio
import json
import re

from runtime.agent.settings import CallEndingSettings, DataField
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call

CALLS = 20
SETTINGS = AgentSettings(
    name="many",
    instructions="Collect the caller's name and code.",
    greeting_enabled=False,
    data_collection=True,
    fields=(DataField("name", "Caller name"), DataField("code", "Caller code", "number")),
    call_ending=CallEndingSettings(final_response="Say goodbye to {{metadata.caller}}."),
)


def answer_from_the_callers_words(request) -> dict:
    if request.last_message.get("role") == "tool":
        return {"text": "Thank you, goodbye."}
    match = re.search(r"I am (\w+), code (\d+)", request.last_user_text)
    assert match, request.last_user_text
    name, code = match.group(1), int(match.group(2))
    return {
        "tool_calls": [
            {"name": "record_name", "arguments": {"name": name}},
            {"name": "record_code", "arguments": {"code": code}},
        ]
    }


async def test_twenty_concurrent_calls_keep_their_data_apart(scripted_llm, receiver):
    scripted_llm.default = answer_from_the_callers_words
    ending = SETTINGS.call_ending
    settings = AgentSettings(
        **{
            **SETTINGS.__dict__,
            "call_ending": CallEndingSettings(**{**ending.__dict__, "endpoint_url": receiver.url}),
        }
    )

    async def one_call(i: int) -> dict:
        async with local_call(
            settings, job_id=f"job-{i}", metadata=json.dumps({"caller": f"caller{i}"})
        ) as lc:
            await lc.session.run(user_input=f"Hello, I am caller{i}, code {i}")
            await lc.ended()
            return lc.call.collected.results()

    results = await asyncio.gather(*(one_call(i) for i in range(CALLS)))
    assert results == [{"name": {"name": f"caller{i}"}, "code": {"code": i}} for i in range(CALLS)]
    posts = await receiver.wait_for(CALLS)
    assert len(posts) == CALLS
    by_job = {p.json["job_id"]: p.json["results"] for p in posts}
    assert by_job == {
        f"job-{i}": {"name": {"name": f"caller{i}"}, "code": {"code": i}} for i in range(CALLS)
    }
    # each closing prompt named its own caller
    closings = [r for r in scripted_llm.requests if r.last_message.get("role") == "tool"]
    assert len(closings) == CALLS
    for request in closings:
        caller = re.search(r"I am (\w+),", request.last_user_text).group(1)
        assert f"Say your closing line: Say goodbye to {caller}." in request.tool_outputs()[-1]
