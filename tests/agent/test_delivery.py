"""The end-of-call POST against a real receiver that fails on purpose."""

from __future__ import annotations

import asyncio
import json
import logging

from runtime.agent import DeliverySettings, post_end_of_call

from .peers import free_port, hang, status

PAYLOAD = {
    "job_id": "AJ_1",
    "room_id": "RM_1",
    "room": "r",
    "started_at": "2026-01-01T00:00:00+00:00",
    "ended_at": "2026-01-01T00:01:00+00:00",
    "summary": "s",
    "results": {"a": {"a": 1}},
}
FAST = DeliverySettings(timeout_s=0.3, max_attempts=3, backoff_s=0.01)


async def test_retries_503_then_delivers_exactly_once_with_one_idempotency_key(receiver):
    receiver.then(status(503), status(502))
    assert await post_end_of_call(receiver.url, PAYLOAD, {"X-Key": "k"}, FAST)
    assert [r.json for r in receiver.received] == [PAYLOAD] * 3
    keys = {r.headers["Idempotency-Key"] for r in receiver.received}
    assert len(keys) == 1 and keys != {""}
    assert all(r.headers["X-Key"] == "k" for r in receiver.received)
    assert receiver.received[0].headers["Content-Type"] == "application/json"


async def test_a_hanging_receiver_times_out_and_is_retried(receiver):
    released = asyncio.Event()
    receiver.then(hang(released))
    try:
        assert await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    finally:
        released.set()
    assert len(receiver.received) == 2


async def test_no_retry_on_4xx_and_the_payload_is_logged(receiver, caplog):
    receiver.then(status(422, "bad"))
    with caplog.at_level(logging.ERROR, logger="agent_builder.delivery"):
        delivered = await post_end_of_call(receiver.url, PAYLOAD, {"X-Key": "secret!"}, FAST)
    assert not delivered
    assert len(receiver.received) == 1
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "undeliverable (HTTP 422)" in record.getMessage()
    logged = record.getMessage().split("payload: ", 1)[1]
    assert json.loads(logged) == PAYLOAD
    assert "secret!" not in caplog.text


async def test_refused_connection_is_retried_then_logged(caplog):
    url = f"http://127.0.0.1:{free_port()}/hook"
    with caplog.at_level(logging.WARNING, logger="agent_builder.delivery"):
        assert not await post_end_of_call(url, PAYLOAD, None, FAST)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2  # attempts 1 and 2 retried, attempt 3 was the last
    assert "connection failed" in caplog.text and '"results": {"a": {"a": 1}}' in caplog.text


async def test_persistent_5xx_gives_up_after_max_attempts(receiver, caplog):
    receiver.default = status(500)
    with caplog.at_level(logging.ERROR, logger="agent_builder.delivery"):
        assert not await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    assert len(receiver.received) == 3
    assert "undeliverable (HTTP 500)" in caplog.text
