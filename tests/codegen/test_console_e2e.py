"""The generated `src/agent.py`, run as is under the SDK's console mode, holds a real
conversation: the test is the TCP server of the console protocol (the preview's own
client), the model is scripted, the HTTP tool calls a real local API, and the call ends
with the end-of-call POST reaching a real local receiver with the exact payload."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from datetime import datetime

import pytest

from runtime.codegen import generate_project
from runtime.preview.events import ToolCall, Transcript
from runtime.preview.remote import ConsoleListener
from tests.agent.peers import HttpPeer

pytestmark = pytest.mark.slow

CONFIG = """\
version = 1

[agent]
name = "console-e2e"
instructions = "You help {{{{metadata.user_name}}}} with their orders."

[greeting]
instructions = "Greet {{{{metadata.user_name}}}}."

[data_collection]
enabled = true

[[data_collection.fields]]
name = "satisfied"
description = "Whether the caller is happy with the order's status"
type = "boolean"

[[tools.http]]
name = "lookup_order"
description = "Look up an order"
url = "{api}/orders/:order_id"
headers = {{ Authorization = "Bearer {{{{secrets.SHOP_TOKEN}}}}" }}
[[tools.http.parameters]]
name = "order_id"
type = "string"

[call_ending]
final_response = "Say goodbye."
endpoint_url = "{receiver}/call-ended"
headers = {{ "X-Hook-Key" = "{{{{secrets.HOOK_KEY}}}}", "X-User" = "{{{{metadata.user_name}}}}" }}

[call_ending.summary]
enabled = true
instructions = "Summarize in one line."

[metadata.user_name]
example = "Ada"
"""

SHOP_TOKEN = "shop-token-e2e-51c7"
HOOK_KEY = "hook-key-e2e-9a3d"


def model_reply(request):
    """The scripted model: greet, look the order up, record the answer, summarize."""
    user = request.last_user_text
    if user.startswith("Transcript:"):
        return {"text": "Ada checked order 42 and was happy."}
    if request.last_message.get("role") == "tool":
        return {"text": "Goodbye, Ada!" if "happy" in user else "Order 42 has shipped."}
    if "order 42" in user:
        return {"tool_calls": [{"name": "lookup_order", "arguments": {"order_id": "42"}}]}
    if "happy" in user:
        return {"tool_calls": [{"name": "record_satisfied", "arguments": {"satisfied": True}}]}
    return {"text": "Hello Ada!"}


async def _stop(process: asyncio.subprocess.Process) -> None:
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            await asyncio.wait_for(process.wait(), grace)
            break
        except TimeoutError:
            continue


async def test_console_conversation_calls_the_api_and_posts_the_results(
    tmp_path, scripted_llm
):
    api = await HttpPeer().start()
    receiver = await HttpPeer().start()
    listener = await ConsoleListener().start()
    config = tmp_path / "agent.toml"
    config.write_text(CONFIG.format(api=api.url, receiver=receiver.url), encoding="utf-8")
    project = generate_project(config, tmp_path / "project").out_dir
    scripted_llm.default = model_reply

    env = {k: v for k, v in os.environ.items() if not k.startswith("AGENT_BUILDER_")}
    env.update(
        AGENT_BUILDER_PREVIEW="1",  # text-only from the start, as the builder's preview
        AGENT_BUILDER_PREVIEW_METADATA=json.dumps({"user_name": "Ada"}),
        LIVEKIT_INFERENCE_URL=scripted_llm.base_url,
        SHOP_TOKEN=SHOP_TOKEN,
        HOOK_KEY=HOOK_KEY,
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "livekit.agents", "console", "src/agent.py",
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
        link = await asyncio.wait_for(listener.accept(on_event), 60)
        await asyncio.wait_for(greeted.wait(), 30)
        await link.send("Where is order 42?")
        await link.send("Yes, I'm happy with that.")
        (post,) = await receiver.wait_for(1, timeout=30)
    except BaseException:
        print(log_path.read_text(errors="replace")[-6000:])
        raise
    finally:
        await _stop(process)
        await listener.close()
        await api.stop()
        await receiver.stop()

    (order_request,) = api.received
    assert (order_request.method, order_request.path) == ("GET", "/orders/42")
    assert order_request.headers["Authorization"] == f"Bearer {SHOP_TOKEN}"

    assert (post.method, post.path) == ("POST", "/call-ended")
    assert post.headers["X-Hook-Key"] == HOOK_KEY
    assert post.headers["X-User"] == "Ada"
    body = post.json
    assert set(body) == {"job_id", "room_id", "room", "started_at", "ended_at", "summary", "results"}
    assert body["results"] == {"satisfied": {"satisfied": True}}
    assert body["summary"] == "Ada checked order 42 and was happy."
    assert body["room"] == "console-room"
    assert all(isinstance(body[k], str) and body[k] for k in ("job_id", "room_id"))
    started, ended = (datetime.fromisoformat(body[k]) for k in ("started_at", "ended_at"))
    assert started.tzinfo is not None and started <= ended

    tool_calls = [e for e in events if isinstance(e, ToolCall) and e.finished]
    assert [c.name for c in tool_calls] == ["lookup_order", "record_satisfied"]
    said = [e.text for e in events if isinstance(e, Transcript) and e.role == "agent"]
    assert said[0] == "Hello Ada!" and "Order 42 has shipped." in said
    # the greeting went out with the metadata filled in, and the secrets never reached the model
    prompts = json.dumps([r.body for r in scripted_llm.requests])
    assert "Greet Ada." in prompts
    assert SHOP_TOKEN not in prompts and HOOK_KEY not in prompts
    assert SHOP_TOKEN not in log_path.read_text(errors="replace")
