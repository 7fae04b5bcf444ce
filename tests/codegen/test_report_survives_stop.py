"""A real preview worker told to stop while the end-of-call POST is being retried: the
report is delivered, or logged whole and kept in the preview's inbox as undeliverable.
Never lost. Attempts and duplicates are counted at a real receiver."""

from __future__ import annotations

import asyncio

import pytest

from runtime.preview import events as ev
from runtime.preview.session import PreviewOptions, PreviewSession
from tests.agent.peers import HttpPeer, status

pytestmark = pytest.mark.slow

CONFIG = """\
version = 1
[agent]
name = "intake"
instructions = "Chat with the caller."
[greeting]
enabled = false
[call_ending]
endpoint_url = "{url}"
"""


async def _talk_then(action: str, tmp_path, receiver, scripted_llm) -> list[ev.PreviewEvent]:
    config_path = tmp_path / "agent.toml"
    config_path.write_text(CONFIG.format(url=receiver.url + "/hook"))
    scripted_llm.default = {"text": "Sure."}
    session = PreviewSession(config_path, PreviewOptions(warm_spare=False, real_endpoint=True))
    seen: list[ev.PreviewEvent] = []
    session.subscribe(seen.append)
    try:
        await session.start()
        await session.send("Hello")
        await scripted_llm.wait_for_requests(1, timeout=60)
        if action == "end":
            ending = asyncio.ensure_future(session.end_call())
        else:
            ending = asyncio.ensure_future(session.stop())
        await receiver.wait_for(2, timeout=60)  # mid-retry: it failed at least once
        await asyncio.wait_for(ending, 60)
    finally:
        await session.stop()
    return seen


@pytest.mark.parametrize("action", ["end", "quit"])
async def test_stopped_mid_retry_against_a_failing_endpoint_keeps_the_report(
    action, tmp_path, scripted_llm
):
    receiver = await HttpPeer(default=status(503)).start()
    try:
        seen = await _talk_then(action, tmp_path, receiver, scripted_llm)
    finally:
        await receiver.stop()
    keys = {r.headers["Idempotency-Key"] for r in receiver.received}
    assert len(keys) == 1  # every attempt was the same report
    kept = [e for e in seen if isinstance(e, ev.InboxPost)]
    assert len(kept) == 1 and kept[0].undeliverable
    assert kept[0].body == receiver.received[0].json  # the whole payload
    assert kept[0].body["room"] and "ended_at" in kept[0].body
    logs = [e.message for e in seen if isinstance(e, ev.WorkerLog)]
    assert any("end-of-call POST undeliverable" in line for line in logs)


async def test_stopped_mid_retry_against_a_recovering_endpoint_delivers_once(
    tmp_path, scripted_llm
):
    receiver = await HttpPeer().start()
    receiver.then(status(503), status(503))
    try:
        seen = await _talk_then("end", tmp_path, receiver, scripted_llm)
    finally:
        await receiver.stop()
    assert [r.path for r in receiver.received] == ["/hook"] * 3
    assert not [e for e in seen if isinstance(e, ev.InboxPost)]
