"""The end-of-call POST against real receivers on 127.0.0.1 that fail on purpose:
delivered, or logged whole; never lost. Attempts and duplicates are counted."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import socket
import time

import pytest
from aiohttp import web

from runtime.agent.delivery import (
    SIGNATURE_HEADER,
    UNDELIVERABLE_PREFIX,
    post_end_of_call,
    signature,
)
from runtime.agent.settings import DeliverySettings

from .peers import free_port, hang, status

PAYLOAD = {
    "job_id": "AJ_1",
    "room_id": "RM_1",
    "room": "r",
    "started_at": "2026-01-01T00:00:00+00:00",
    "ended_at": "2026-01-01T00:01:00+00:00",
    "summary": 'Zoë said "hi"\nand left',
    "results": {"a": {"a": 1}},
}
FAST = DeliverySettings(timeout_s=0.3, max_attempts=4, backoff_s=0.01, budget_s=5.0)


def logged_payload(caplog) -> dict:
    [record] = [r for r in caplog.records if UNDELIVERABLE_PREFIX in r.getMessage()]
    assert record.levelno == logging.ERROR
    return json.loads(record.getMessage().split("payload: ", 1)[1])


def one_key(receiver) -> str:
    keys = {r.headers["Idempotency-Key"] for r in receiver.received}
    assert len(keys) == 1 and keys != {""}
    return keys.pop()


@pytest.mark.parametrize("code", [408, 429, 500, 502, 503, 504])
async def test_retried_statuses_then_delivered_once_with_one_key(receiver, code):
    receiver.then(status(code), status(code))
    assert await post_end_of_call(receiver.url, PAYLOAD, {"X-Key": "k"}, FAST)
    assert [r.json for r in receiver.received] == [PAYLOAD] * 3
    one_key(receiver)
    assert all(r.headers["X-Key"] == "k" for r in receiver.received)
    assert receiver.received[0].headers["Content-Type"] == "application/json"


async def test_retry_after_is_honoured(receiver):
    receiver.then(lambda r: web.Response(status=429, headers={"Retry-After": "1"}))
    started = time.monotonic()
    assert await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    assert time.monotonic() - started >= 0.95
    assert len(receiver.received) == 2


async def test_a_retry_after_beyond_the_budget_gives_up_at_once_and_logs(receiver, caplog):
    receiver.default = lambda r: web.Response(status=503, headers={"Retry-After": "3600"})
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="agent_builder.delivery"):
        assert not await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    assert time.monotonic() - started < 2
    assert len(receiver.received) == 1
    assert logged_payload(caplog) == PAYLOAD


async def test_a_hanging_receiver_times_out_and_is_retried(receiver):
    released = asyncio.Event()
    receiver.then(hang(released))
    try:
        assert await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    finally:
        released.set()
    assert len(receiver.received) == 2


async def test_always_hanging_stays_within_the_budget_and_logs(receiver, caplog):
    released = asyncio.Event()
    receiver.default = hang(released)
    budget = DeliverySettings(timeout_s=0.5, max_attempts=100, backoff_s=0.05, budget_s=1.5)
    started = time.monotonic()
    try:
        with caplog.at_level(logging.ERROR, logger="agent_builder.delivery"):
            assert not await post_end_of_call(receiver.url, PAYLOAD, None, budget)
    finally:
        released.set()
    assert time.monotonic() - started < budget.budget_s + 0.5
    assert logged_payload(caplog) == PAYLOAD


async def test_a_slow_200_after_the_timeout_is_a_duplicate_with_the_same_key(receiver):
    async def slow_ok(_):
        await asyncio.sleep(0.6)  # past the 0.3 s attempt timeout
        return web.Response(status=200)

    receiver.then(slow_ok)
    assert await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    # the receiver got it twice (it answered too late once): the key lets it dedupe
    assert len(receiver.received) == 2
    one_key(receiver)


async def test_no_retry_on_other_4xx_and_the_payload_is_logged_without_headers(receiver, caplog):
    receiver.then(status(422, "bad"))
    with caplog.at_level(logging.ERROR, logger="agent_builder.delivery"):
        delivered = await post_end_of_call(receiver.url, PAYLOAD, {"X-Key": "secret!"}, FAST)
    assert not delivered
    assert len(receiver.received) == 1
    assert logged_payload(caplog) == PAYLOAD
    assert "HTTP 422" in caplog.text
    assert "secret!" not in caplog.text


async def test_a_redirect_is_followed_as_a_post(receiver):
    receiver.then(lambda r: web.Response(status=301, headers={"Location": "/moved"}))
    assert await post_end_of_call(receiver.url + "/hook", PAYLOAD, None, FAST)
    assert [(r.method, r.path) for r in receiver.received] == [
        ("POST", "/hook"),
        ("POST", "/moved"),
    ]
    assert receiver.received[1].json == PAYLOAD


async def test_refused_connection_is_retried_then_logged(caplog):
    url = f"http://127.0.0.1:{free_port()}/hook"
    with caplog.at_level(logging.WARNING, logger="agent_builder.delivery"):
        assert not await post_end_of_call(url, PAYLOAD, None, FAST)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == FAST.max_attempts - 1
    assert "connection failed" in caplog.text
    assert logged_payload(caplog) == PAYLOAD


async def test_a_connection_closed_mid_response_is_retried():
    """A raw TCP receiver: the first connection gets half a response and is closed."""
    bodies: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(
            next(
                line.split(b":")[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
        )
        bodies.append(await reader.readexactly(length))
        if len(bodies) == 1:
            writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"ok"')
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, family=socket.AF_INET)
    port = server.sockets[0].getsockname()[1]
    try:
        assert await post_end_of_call(f"http://127.0.0.1:{port}/", PAYLOAD, None, FAST)
    finally:
        server.close()
        await server.wait_closed()
    assert [json.loads(b) for b in bodies] == [PAYLOAD, PAYLOAD]


async def test_cancelled_mid_retry_logs_the_whole_payload(receiver, caplog):
    receiver.default = status(503)
    slow = DeliverySettings(timeout_s=1, max_attempts=10, backoff_s=5, budget_s=60)
    with caplog.at_level(logging.ERROR, logger="agent_builder.delivery"):
        task = asyncio.ensure_future(post_end_of_call(receiver.url, PAYLOAD, None, slow))
        await receiver.wait_for(1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert logged_payload(caplog) == PAYLOAD
    assert "stopped during attempt 1" in caplog.text


async def test_each_attempt_is_signed_over_timestamp_and_exact_body(receiver):
    receiver.then(status(503))
    assert await post_end_of_call(receiver.url, PAYLOAD, None, FAST, signing_secret="whsec")
    for request in receiver.received:
        header = request.headers[SIGNATURE_HEADER]
        parts = dict(item.split("=", 1) for item in header.split(","))
        signed = parts["t"].encode() + b"." + request.body
        expected = hmac.new(b"whsec", signed, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(parts["v1"], expected)
        assert abs(int(parts["t"]) - time.time()) < 60
    assert signature("k", b"{}", 1) == (
        "t=1,v1=" + hmac.new(b"k", b"1.{}", hashlib.sha256).hexdigest()
    )
    assert SIGNATURE_HEADER not in (await _unsigned(receiver))


async def _unsigned(receiver) -> dict:
    receiver.received.clear()
    await post_end_of_call(receiver.url, PAYLOAD, None, FAST)
    return receiver.received[0].headers
