"""A local receiver for the end-of-call POST, so a preview never calls the real endpoint.

The preview points the agent's end-of-call POST here. Each request is kept with its
headers and JSON body and checked against the payload format (README, "The end-of-call
report": job_id, room_id, room, started_at, ended_at, then optional summary and
results). What leaves the
inbox (events, printed lines, screens) carries headers with secrets masked.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from runtime.preview.events import InboxPost

REQUIRED_KEYS = ("job_id", "room_id", "room", "started_at", "ended_at")
OPTIONAL_KEYS = ("summary", "results")
_SENSITIVE_HEADER_PARTS = ("authorization", "token", "secret", "key", "cookie", "password", "auth")
_MASK = "****"


def mask_headers(headers: dict[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """Headers fit to show: credential-like headers and known secret values are masked.
    A scheme word (`Bearer`, `Basic`) stays visible so the shape can still be checked."""
    known = [s for s in secrets if len(s) >= 4]
    shown = {}
    for name, value in headers.items():
        if any(part in name.lower() for part in _SENSITIVE_HEADER_PARTS):
            scheme, _, rest = value.partition(" ")
            value = f"{scheme} {_MASK}" if rest and scheme.isalpha() else _MASK
        for secret in known:
            value = value.replace(secret, _MASK)
        shown[name] = value
    return shown


def _is_iso_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)  # 3.11 reads a trailing Z too
    except ValueError:
        return False
    return True


def check_payload(body: Any, fields: dict[str, bool] | None = None) -> list[str]:
    """Problems with an end-of-call body; empty when it matches the format.

    `fields` maps each data-collection field name to whether it takes multiple answers;
    when given, `results` is checked against it too.
    """
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    problems = [f"missing key {key!r}" for key in REQUIRED_KEYS if key not in body]
    for key in ("job_id", "room_id", "room"):
        if key in body and not isinstance(body[key], str):
            problems.append(f"{key!r} should be a string")
    for key in ("started_at", "ended_at"):
        if key in body and not _is_iso_datetime(body[key]):
            problems.append(f"{key!r} should be an ISO 8601 date-time, got {body[key]!r}")
    extra = sorted(set(body) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    problems += [f"unexpected key {key!r}" for key in extra]
    if "summary" in body and not isinstance(body["summary"], str):
        problems.append("'summary' should be a string")
    if "results" in body:
        problems += _check_results(body["results"], fields)
    return problems


def _check_results(results: Any, fields: dict[str, bool] | None) -> list[str]:
    """The format (README, "The end-of-call report"): an answered single-answer field maps
    to an object and an unanswered one is left out; a multiple-answer field maps to a
    list of objects, `[]` when it has none. Never null."""
    if not isinstance(results, dict):
        return ["'results' should be an object with one key per field"]
    problems = []
    for name, value in results.items():
        multiple = fields.get(name) if fields is not None else isinstance(value, list)
        if fields is not None and name not in fields:
            problems.append(f"results.{name}: not a data-collection field")
            continue
        if value is None:
            empty = "[]" if multiple else "left out"
            problems.append(f"results.{name}: never null (a field with no answer is {empty})")
        elif multiple:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                problems.append(
                    f"results.{name}: a multiple-answer field maps to a list of objects"
                )
        elif not isinstance(value, dict):
            problems.append(f"results.{name}: a field maps to an object")
    for name, multiple in (fields or {}).items():
        if multiple and name not in results:
            problems.append(
                f"results.{name}: missing (a multiple-answer field with no answer is [])"
            )
    return problems


def undeliverable_report(message: str) -> tuple[Any, str] | None:
    """(payload, reason) from the agent's "end-of-call POST undeliverable" log line."""
    from runtime.agent.delivery import UNDELIVERABLE_PREFIX

    if UNDELIVERABLE_PREFIX not in message or "payload: " not in message:
        return None
    head, _, payload = message.partition("payload: ")
    try:
        # the SDK's console log may append the job's log context ({"room": ...})
        body, _ = json.JSONDecoder().raw_decode(payload)
    except ValueError:
        return None
    reason = head[head.index(UNDELIVERABLE_PREFIX) :].rstrip("; ")
    return body, reason


class Inbox:
    """An HTTP server on 127.0.0.1 that records every POST it receives."""

    def __init__(
        self,
        on_post: Callable[[InboxPost], None] | None = None,
        fields: dict[str, bool] | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        self._on_post = on_post
        self.fields = fields
        self.secrets = set(secrets)
        self.posts: list[InboxPost] = []
        self._arrived = asyncio.Condition()
        self._runner: Any = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/end-of-call"

    async def start(self) -> Inbox:
        from aiohttp import web

        from runtime.loopback_http import serve_on_loopback

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._receive)
        self._runner, self.port = await serve_on_loopback(app)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: Any) -> Any:
        from aiohttp import web

        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else None
            problems = check_payload(body, self.fields)
        except ValueError:
            body = raw.decode("utf-8", "replace")
            problems = ["the body is not valid JSON"]
        if request.method != "POST":
            problems.insert(0, f"sent with {request.method}, expected POST")
        post = InboxPost(
            path=request.path,
            headers=mask_headers(dict(request.headers), self.secrets),
            body=body,
            problems=problems,
        )
        self.posts.append(post)
        if self._on_post is not None:
            self._on_post(post)
        async with self._arrived:
            self._arrived.notify_all()
        return web.json_response({"received": True})

    def keep_undeliverable(self, body: Any, reason: str) -> InboxPost:
        """A report the agent could not deliver to the real endpoint, from its log line."""
        post = InboxPost(
            path="(undeliverable)",
            headers={},
            body=body,
            problems=[reason, *check_payload(body, self.fields)],
            undeliverable=True,
        )
        self.posts.append(post)
        if self._on_post is not None:
            self._on_post(post)
        return post

    async def wait_for_post(self, count: int = 1, timeout: float = 10.0) -> InboxPost:
        """The `count`-th post, waiting for it to arrive."""

        async def arrived() -> None:
            async with self._arrived:
                await self._arrived.wait_for(lambda: len(self.posts) >= count)

        await asyncio.wait_for(arrived(), timeout)
        return self.posts[count - 1]
