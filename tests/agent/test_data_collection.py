"""Data collection mode end to end: a scripted conversation fills typed fields, wrong
values are refused with the reason, the call ends by itself, the POST has the results."""

from __future__ import annotations

import json

import pytest

from runtime.agent.data_collection import CollectedData, collection_instructions
from runtime.agent.settings import (
    CallEndingSettings,
    DataField,
    DeliverySettings,
    ToolParameter,
)
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call

FIELDS = (
    DataField("name", "The caller's full name", "string"),
    DataField("age", "Age in years", "number"),
    DataField("newsletter", "Wants the newsletter", "boolean", required=False),
    DataField(
        "appointment",
        "When they want to come in",
        "object",
        instructions="Ask for the day first, then the time.",
        properties=(ToolParameter("day", "string", "Weekday"), ToolParameter("time", "string")),
    ),
    DataField("allergies", "Known allergies", "list", multiple=True, required=False),
)


def settings(
    endpoint: str = "", final_response: str = "Thank {{metadata.user}} and say bye.", **extra
) -> AgentSettings:
    return AgentSettings(
        name="intake",
        instructions="You do patient intake.",
        greeting_enabled=False,
        data_collection=True,
        fields=FIELDS,
        call_ending=CallEndingSettings(
            final_response=final_response,
            endpoint_url=endpoint,
            headers={"X-Hook": "{{secrets.HOOK_KEY}}"},
            delivery=DeliverySettings(timeout_s=2, max_attempts=2, backoff_s=0.01),
        ),
        **extra,
    )


def record(field: str, **answer) -> dict:
    return {"tool_calls": [{"name": f"record_{field}", "arguments": answer}]}


def test_values_are_checked_against_their_type():
    data = CollectedData(FIELDS)
    with pytest.raises(ValueError, match="'age': expected a number, got str '42'"):
        data.record("age", {"age": "42"})
    with pytest.raises(ValueError, match="'newsletter': expected a boolean"):
        data.record("newsletter", {"newsletter": "yes"})
    with pytest.raises(ValueError, match="'time' is required"):
        data.record("appointment", {"day": "Tue"})
    with pytest.raises(ValueError, match="'allergies': expected an array"):
        data.record("allergies", {"allergies": "nuts"})
    # never answered: a single-answer field is left out, a multiple-answer one is []
    assert data.results() == {"allergies": []}
    data.record("age", {"age": 42})
    data.record("age", {"age": 43.5})  # a single answer keeps the latest (a correction)
    data.record("allergies", {"allergies": ["nuts"]})
    data.record("allergies", {"allergies": ["pollen", "dust"]})
    data.record("appointment", {"day": "Tue", "time": "10:00", "extra": "dropped"})
    assert data.missing_required() == ["name"]
    assert data.results() == {
        "age": {"age": 43.5},
        "appointment": {"day": "Tue", "time": "10:00"},
        "allergies": [{"allergies": ["nuts"]}, {"allergies": ["pollen", "dust"]}],
    }


def test_record_tools_and_prompt_describe_the_fields():
    call = settings().new_call(metadata=json.dumps({"user": "Ada"}), environ={})
    prompt = collection_instructions("You do patient intake.\n", FIELDS, call)
    assert prompt.startswith("You do patient intake.")
    assert "- appointment (required, one answer, object with day, time)" in prompt
    assert "Instructions for appointment: Ask for the day first, then the time." in prompt
    assert "- allergies (optional, one or more answers, list)" in prompt
    assert "never call them speculatively" not in prompt  # no other tools: no warning needed


def test_tools_with_data_collection_get_the_anti_greed_guidance():
    call = settings().new_call(environ={})
    prompt = collection_instructions("Intake.", FIELDS, call, other_tools=True)
    assert "never call them speculatively" in prompt


async def test_scripted_conversation_fills_fields_ends_call_and_posts_results(
    scripted_llm, receiver
):
    scripted_llm.queue(
        record("name", name="Ada Lovelace"),
        {"text": "Thanks Ada. How old are you?"},
        record("age", age="thirty-six"),
        {"text": "As a number please?"},
        record("age", age=36),
        {"text": "And allergies?"},
        record("allergies", allergies=["penicillin"]),
        {"text": "When would you like to come?"},
        record("appointment", day="Tuesday", time="10:30"),
        {"text": "Thank you Ada, goodbye!"},
    )
    environ = {"HOOK_KEY": "hook-secret"}
    async with local_call(
        settings(endpoint=f"{receiver.url}/hook"),
        job_id="job-dc",
        metadata=json.dumps({"user": "Ada"}),
        environ=environ,
    ) as lc:
        await lc.session.run(user_input="Hi, I'm Ada Lovelace")
        wrong = await lc.session.run(user_input="thirty-six")
        refused = wrong.expect[1].is_function_call_output().event().item
        assert refused.is_error
        assert "Not recorded: age: 'age': expected a number" in refused.output
        await lc.session.run(user_input="36")
        await lc.session.run(user_input="penicillin")
        last = await lc.session.run(user_input="Tuesday at 10:30")
        done = last.expect[1].is_function_call_output().event().item.output
        assert done.startswith('Recorded appointment: {"day": "Tuesday", "time": "10:30"}.')
        assert "Say your closing line: Thank Ada and say bye." in done
        last.expect[2].is_message(role="assistant")
        reason = await lc.ended()  # the call ended by itself
    assert reason == "user_initiated"
    [post] = await receiver.wait_for(1)
    assert post.path == "/hook"
    assert post.headers["X-Hook"] == "hook-secret"
    body = post.json
    assert set(body) == {"job_id", "room_id", "room", "started_at", "ended_at", "results"}
    assert body["job_id"] == "job-dc"
    assert body["results"] == {  # the optional newsletter was never answered: left out
        "name": {"name": "Ada Lovelace"},
        "age": {"age": 36},
        "appointment": {"day": "Tuesday", "time": "10:30"},
        "allergies": [{"allergies": ["penicillin"]}],
    }
    assert body["ended_at"] >= body["started_at"]


async def test_without_final_response_the_last_record_ends_silently(scripted_llm, receiver):
    fields = (DataField("name", "Name"),)
    agent = AgentSettings(
        name="x",
        instructions="Ask the name.",
        greeting_enabled=False,
        data_collection=True,
        fields=fields,
        call_ending=CallEndingSettings(endpoint_url=receiver.url),
    )
    scripted_llm.queue(record("name", name="Bob"))
    async with local_call(agent) as lc:
        result = await lc.session.run(user_input="Bob")
        result.expect.next_event().is_function_call(name="record_name")
        output = result.expect.next_event().is_function_call_output().event().item.output
        assert output.startswith('Recorded name: {"name": "Bob"}.')
        result.expect.no_more_events()  # no reply after the last answer
        await lc.ended()
    assert len(scripted_llm.requests) == 1
    [post] = await receiver.wait_for(1)
    assert post.json["results"] == {"name": {"name": "Bob"}}


async def test_caller_hanging_up_early_posts_what_was_collected(scripted_llm, receiver):
    scripted_llm.queue(record("name", name="Ada"), {"text": "And your age?"})
    async with local_call(settings(endpoint=receiver.url)) as lc:
        await lc.session.run(user_input="I'm Ada")
        partial = {"name": {"name": "Ada"}, "allergies": []}
        assert lc.call.collected.results() == partial
        await lc.hang_up()
    [post] = await receiver.wait_for(1)
    assert post.json["results"] == partial


async def test_the_caller_can_end_the_call_before_everything_is_collected(
    scripted_llm, receiver
):
    scripted_llm.queue(
        record("name", name="Ada"),
        {"text": "And your age?"},
        {"tool_calls": [{"name": "end_call", "arguments": {}}]},
        {"text": "Goodbye Ada."},
    )
    environ = {"HOOK_KEY": "k"}
    async with local_call(
        settings(endpoint=receiver.url), metadata=json.dumps({"user": "Ada"}), environ=environ
    ) as lc:
        await lc.session.run(user_input="I'm Ada")
        result = await lc.session.run(user_input="Actually I have to go, bye.")
        result.expect.next_event().is_function_call(name="end_call")
        output = result.expect.next_event().is_function_call_output().event().item.output
        assert "Thank Ada and say bye." in output
        result.expect.next_event().is_message(role="assistant")
        assert await lc.ended() == "user_initiated"
    end_call = next(t for t in scripted_llm.requests[-2].tools if t["function"]["name"] == "end_call")
    assert "before all the information is collected" in end_call["function"]["description"]
    [post] = await receiver.wait_for(1)
    assert post.json["results"] == {"name": {"name": "Ada"}, "allergies": []}
