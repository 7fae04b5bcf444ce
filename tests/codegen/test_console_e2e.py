"""Each example's generated `src/agent.py` (and the everything-config's), run as is under
the SDK's console mode, holds a real conversation: the test is the TCP server of the
console protocol (the preview's own client), the model is scripted, an HTTP tool calls a
real local API, and the call ends with the end-of-call POST reaching a real local
receiver with the exact payload.

Only two things in each config are changed for the test: HTTP tool URLs point at the
local API (same paths), and the endpoint URL at the local receiver."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import pytest
import tomlkit

from runtime.codegen import generate_project, load_for_generation
from runtime.codegen.context import field_sample, sample_arguments, sample_results
from runtime.preview.agent_hooks import write_preview_entrypoint
from runtime.preview.events import ToolCall, Transcript
from runtime.preview.remote import ConsoleListener
from tests.agent.peers import HttpPeer
from tests.codegen.conftest import ALL_CONFIGS, config_id

pytestmark = pytest.mark.slow

SUMMARY = "Scripted summary of the call."
USE_TOOL = "Please use the tool."
GOODBYE = "That's all, thank you."


def _local(url: str, base: str) -> str:
    local = urlsplit(base)
    return urlunsplit(urlsplit(url)._replace(scheme=local.scheme, netloc=local.netloc))


def point_at_peers(source: str, api: str, receiver: str) -> str:
    doc = tomlkit.parse(source)
    for tool in doc.get("tools", {}).get("http", []):
        tool["url"] = _local(tool["url"], api)
    doc.setdefault("call_ending", tomlkit.table())["endpoint_url"] = f"{receiver}/call-ended"
    return tomlkit.dumps(doc)


def scripted_model(config):
    """Greets; on USE_TOOL calls the first HTTP tool; on GOODBYE records every field (data
    collection) or ends the call; writes the summary."""
    http = config.tools.http[0] if config.tools.http else None
    collecting = config.data_collection.enabled and config.data_collection.fields
    if collecting:
        ending = [
            {"name": f"record_{f.name}", "arguments": field_sample(f)}
            for f in config.data_collection.fields
        ]
    else:
        ending = [{"name": "end_call", "arguments": {}}]

    def reply(request):
        user = request.last_user_text
        if user.startswith("Transcript:"):
            return {"text": SUMMARY}
        if request.last_message.get("role") == "tool":
            return {"text": "Goodbye!" if user == GOODBYE else "Done."}
        if user == USE_TOOL and http is not None:
            arguments = sample_arguments(http.parameters)
            return {"tool_calls": [{"name": http.name, "arguments": arguments}]}
        if user == GOODBYE:
            return {"tool_calls": ending}
        return {"text": "Hello!"}

    return reply


async def _stop(process: asyncio.subprocess.Process) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            await asyncio.wait_for(process.wait(), 5.0)
            return
        except TimeoutError:
            continue


@pytest.mark.parametrize("source", ALL_CONFIGS, ids=config_id)
async def test_console_conversation_calls_the_api_and_posts_the_results(
    source, tmp_path, scripted_llm
):
    api = await HttpPeer().start()
    receiver = await HttpPeer().start()
    listener = await ConsoleListener().start()
    config_path = tmp_path / "agent.toml"
    config_path.write_text(
        point_at_peers(source.read_text(encoding="utf-8"), api.url, receiver.url),
        encoding="utf-8",
    )
    config, _ = load_for_generation(config_path)
    project = generate_project(config_path, tmp_path / "project").out_dir
    scripted_llm.default = scripted_model(config)
    secrets = {name: f"value-of-{name.lower()}-7c1e" for name in config.secret_names}

    # run as the builder's preview runs it: through its entrypoint, text only from the
    # start, with the mock metadata (the report still goes to the configured endpoint)
    entrypoint = write_preview_entrypoint(project / "src" / "agent.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_BUILDER_")}
    env.update(
        secrets,
        AGENT_BUILDER_PREVIEW_METADATA=json.dumps(config.metadata_example()),
        LIVEKIT_INFERENCE_URL=scripted_llm.base_url,
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "livekit.agents", "console", str(entrypoint),
            "--connect-addr", listener.address,
            cwd=project, env=env, stdout=log, stderr=log, start_new_session=True,
        )
    events: list = []
    greeted = asyncio.Event()

    def on_event(event) -> None:
        events.append(event)
        if isinstance(event, Transcript) and event.role == "agent":
            greeted.set()

    try:
        link = await asyncio.wait_for(listener.accept(on_event), 90)
        if config.greeting.enabled:
            await asyncio.wait_for(greeted.wait(), 30)
        if config.tools.http:
            await link.send(USE_TOOL)
        await link.send(GOODBYE)
        (post,) = await receiver.wait_for(1, timeout=30)
    except BaseException:
        print(log_path.read_text(errors="replace")[-6000:])
        raise
    finally:
        await _stop(process)
        await listener.close()
        await api.stop()
        await receiver.stop()

    from runtime.agent.variables import Variables  # the agent's own rendering of headers

    variables = Variables(config.metadata_example(), secrets)
    if config.tools.http:
        tool = config.tools.http[0]
        (request,) = api.received
        assert request.method == tool.method
        for name, template in tool.headers.items():
            assert request.headers[name] == variables.render(template, allow_secrets=True)

    assert (post.method, post.path) == ("POST", "/call-ended")
    for name, template in config.call_ending.headers.items():
        assert post.headers[name] == variables.render(template, allow_secrets=True)
    body = post.json
    expected_keys = {"job_id", "room_id", "room", "started_at", "ended_at"}
    if config.call_ending.summary.enabled:
        expected_keys.add("summary")
        assert body["summary"] == SUMMARY
    if config.data_collection.enabled and config.data_collection.fields:
        expected_keys.add("results")
        assert body["results"] == sample_results(config)
    assert set(body) == expected_keys
    assert body["room"] == "console-room"
    assert all(isinstance(body[k], str) and body[k] for k in ("job_id", "room_id"))
    started, ended = (datetime.fromisoformat(body[k]) for k in ("started_at", "ended_at"))
    assert started.tzinfo is not None and started <= ended

    finished = [e.name for e in events if isinstance(e, ToolCall) and e.finished]
    if config.tools.http:
        assert finished[0] == config.tools.http[0].name
    said = [e.text for e in events if isinstance(e, Transcript) and e.role == "agent"]
    # a closing line only when the config has a final response
    assert ("Goodbye!" in said) == bool(config.call_ending.final_response)
    # secrets reach headers only: never the model, never the worker's log
    prompts = json.dumps([r.body for r in scripted_llm.requests])
    worker_log = log_path.read_text(errors="replace")
    for value in secrets.values():
        assert value not in prompts and value not in worker_log
