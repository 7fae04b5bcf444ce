"""The scripted model server itself, through the real SDK client and as a subprocess."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from livekit.agents import APIStatusError, inference, llm

import runtime.testing.scripted_llm as scripted_module


async def complete(model: inference.LLM, text: str) -> tuple[str, list[llm.FunctionToolCall]]:
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="user", content=text)
    parts, calls = [], []
    async with model.chat(chat_ctx=ctx) as stream:
        async for chunk in stream:
            if chunk.delta:
                parts.append(chunk.delta.content or "")
                calls.extend(chunk.delta.tool_calls or [])
    return "".join(parts), calls


async def test_queue_then_rules_then_default_and_requests_are_recorded(scripted_llm):
    scripted_llm.queue(
        {"text": "first reply"},
        {"tool_calls": [{"name": "lookup", "arguments": {"id": 7}}, {"name": "other"}]},
    )
    scripted_llm.on("weather", {"text": "sunny"})
    scripted_llm.on(lambda r: r.model == "openai/gpt-5-mini", lambda r: {"text": r.model})
    scripted_llm.default = {"text": "default"}
    model = inference.LLM("openai/gpt-4.1-mini", extra_kwargs={"temperature": 0.2})
    try:
        assert (await complete(model, "weather?"))[0] == "first reply"  # queue first
        _, calls = await complete(model, "x")
        assert [(c.name, json.loads(c.arguments or "{}")) for c in calls] == [
            ("lookup", {"id": 7}),
            ("other", {}),
        ]
        assert (await complete(model, "the weather today"))[0] == "sunny"
        assert (await complete(model, "nothing"))[0] == "default"
    finally:
        await model.aclose()
    reasoning = inference.LLM("openai/gpt-5-mini", extra_kwargs={"reasoning_effort": "high"})
    try:
        assert (await complete(reasoning, "x"))[0] == "openai/gpt-5-mini"
    finally:
        await reasoning.aclose()
    first, *_, last = scripted_llm.requests
    assert first.model == "openai/gpt-4.1-mini" and first.body["stream"] is True
    assert first.last_user_text == "weather?"
    assert first.headers["Authorization"].startswith("Bearer ey")  # the SDK's signed JWT
    assert last.reasoning_effort == "high"


async def test_unscripted_request_fails_loudly(scripted_llm):
    model = inference.LLM("openai/gpt-4.1-mini")
    try:
        with pytest.raises(APIStatusError, match="no reply scripted") as raised:
            await complete(model, "hello?")
    finally:
        await model.aclose()
    assert raised.value.status_code == 400
    assert len(scripted_llm.requests) == 1  # not retried


async def test_runs_as_a_subprocess_with_a_script_file(tmp_path: Path, inference_env):
    script = tmp_path / "script.json"
    script.write_text(json.dumps({"rules": [{"match": "ping", "reply": {"text": "pong"}}]}))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        scripted_module.__name__,
        "--port",
        "0",
        "--script",
        str(script),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert line.startswith("PORT ")
        inference_env.setenv("LIVEKIT_INFERENCE_URL", f"http://127.0.0.1:{line.split()[1]}/v1")
        model = inference.LLM("openai/gpt-4.1-mini")
        try:
            assert (await complete(model, "ping"))[0] == "pong"
        finally:
            await model.aclose()
    finally:
        proc.terminate()
        await proc.wait()
