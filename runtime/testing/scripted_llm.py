"""A scripted, OpenAI-compatible chat-completions server for offline agent tests.

The real `livekit.agents.inference.LLM` talks to it when `LIVEKIT_INFERENCE_URL` points
at `http://127.0.0.1:PORT/v1` (with any LIVEKIT_API_KEY/SECRET: the bearer token is
recorded, never checked). Only the model is fake; everything else in the agent is real.

This file is standalone (stdlib + aiohttp) so it can be copied into generated projects.

Replies are chosen per request, in this order:
1. the next entry of the FIFO queue (`server.queue(...)`),
2. the first rule whose `match` substring occurs in the last user message (or whose
   predicate returns true, in-process),
3. the default reply (`server.default`), if any, else an HTTP 400 that names the
   problem, so an unscripted turn fails loudly (and at once: the SDK does not retry a
   4xx) instead of passing by accident.

A reply is a dict: `{"text": "..."}`, `{"tool_calls": [{"name": ..., "arguments":
{...}}]}` (both keys may be present), or `{"status": 503, "error": "..."}`. In-process
a reply may also be a callable taking the recorded request and returning a reply.

Every request is recorded as a `RecordedRequest` (body, headers, model, messages,
tools, reasoning_effort) in `server.requests`. Before any reply is chosen, the request
is checked against the real endpoint's contract (`openai_contract.check_request`:
strict tool schemas, tool-call ordering, roles, `reasoning_effort`); a request the
real API would refuse gets its HTTP 400 and error object, is recorded with
`violation` set (also in `server.violations`), and consumes no scripted reply.

Subprocess use (prints `PORT <n>` on stdout once listening):
    python -m runtime.testing.scripted_llm --port 0 --script script.json
(or `python tests/scripted_llm.py ...` in a generated project)
where script.json is `{"queue": [...], "rules": [{"match": "...", "reply": {...}}],
"default": {...}}` or simply a list (the queue).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

# Copied into a generated project's tests/, the import becomes `from openai_contract`.
from .openai_contract import check_request

Reply = dict[str, Any] | Callable[["RecordedRequest"], dict[str, Any]]


@dataclass
class RecordedRequest:
    body: dict[str, Any]
    headers: dict[str, str]
    violation: str | None = None  # why the real API would refuse it (then answered 400)

    @property
    def model(self) -> str:
        return self.body.get("model", "")

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])

    @property
    def tools(self) -> list[dict[str, Any]]:
        return self.body.get("tools") or []

    @property
    def tool_names(self) -> list[str]:
        return [t["function"]["name"] for t in self.tools if "function" in t]

    @property
    def reasoning_effort(self) -> str | None:
        return self.body.get("reasoning_effort")

    @property
    def system_prompt(self) -> str:
        return "\n".join(
            _text_of(m) for m in self.messages if m.get("role") in ("system", "developer")
        )

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return _text_of(message)
        return ""

    @property
    def last_message(self) -> dict[str, Any]:
        return self.messages[-1] if self.messages else {}

    def tool_outputs(self) -> list[str]:
        return [_text_of(m) for m in self.messages if m.get("role") == "tool"]


def _text_of(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


@dataclass
class _Rule:
    reply: Reply
    match: str | None = None
    predicate: Callable[[RecordedRequest], bool] | None = None

    def applies(self, request: RecordedRequest) -> bool:
        if self.predicate is not None:
            return self.predicate(request)
        return self.match is not None and self.match in request.last_user_text


@dataclass
class ScriptedLLM:
    host: str = "127.0.0.1"
    port: int = 0
    default: Reply | None = None
    requests: list[RecordedRequest] = field(default_factory=list)
    _queue: deque[Reply] = field(default_factory=deque)
    _rules: list[_Rule] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _request_event: asyncio.Event | None = None

    # -- scripting -------------------------------------------------------------------
    def queue(self, *replies: Reply) -> ScriptedLLM:
        self._queue.extend(replies)
        return self

    def on(
        self,
        match: str | Callable[[RecordedRequest], bool],
        reply: Reply,
    ) -> ScriptedLLM:
        """Answer every request whose last user message contains `match` (or for which
        the predicate is true) with `reply`. Rules persist; the queue takes precedence."""
        if callable(match):
            self._rules.append(_Rule(reply=reply, predicate=match))
        else:
            self._rules.append(_Rule(reply=reply, match=match))
        return self

    def load_script(self, script: dict[str, Any] | list[Any]) -> ScriptedLLM:
        if isinstance(script, list):
            script = {"queue": script}
        self.queue(*script.get("queue", []))
        for rule in script.get("rules", []):
            self.on(rule["match"], rule["reply"])
        if "default" in script:
            self.default = script["default"]
        return self

    @property
    def violations(self) -> list[str]:
        """Why each refused request was refused (requests the real API would reject)."""
        return [r.violation for r in self.requests if r.violation]

    @property
    def pending(self) -> int:
        return len(self._queue)

    # -- lifecycle -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    async def start(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat_completions)
        app.router.add_get("/v1/models", self._models)
        # A client that goes away (a stopped test run) ends its request, as a real
        # server stops generating for it; a delayed reply then holds up no shutdown.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def wait_for_requests(self, count: int, timeout: float = 10.0) -> None:
        """Wait until at least `count` requests were recorded (event-driven, no polling)."""

        async def _wait() -> None:
            while len(self.requests) < count:
                self._request_event = self._request_event or asyncio.Event()
                await self._request_event.wait()
                self._request_event.clear()

        await asyncio.wait_for(_wait(), timeout)

    # -- HTTP handlers ---------------------------------------------------------------
    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"object": "list", "data": [{"id": "scripted", "object": "model"}]}
        )

    def _choose(self, recorded: RecordedRequest) -> Reply | None:
        if self._queue:
            return self._queue.popleft()
        for rule in self._rules:
            if rule.applies(recorded):
                return rule.reply
        return self.default

    async def _chat_completions(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:
            body = None
        recorded = RecordedRequest(body=body or {}, headers=dict(request.headers))
        violation = check_request(body)
        if violation is not None:
            recorded.violation = violation.message
        self.requests.append(recorded)
        if self._request_event is not None:
            self._request_event.set()
        if violation is not None:
            return web.json_response(violation.body, status=violation.status)

        reply = self._choose(recorded)
        while callable(reply):
            reply = reply(recorded)
        if reply is None:
            return web.json_response(
                {"error": {"message": "scripted LLM: no reply scripted for this request"}},
                status=400,
            )
        if "status" in reply:
            return web.json_response(
                {"error": {"message": reply.get("error", "scripted error")}},
                status=int(reply["status"]),
            )
        if reply.get("delay_s"):
            await asyncio.sleep(float(reply["delay_s"]))
        return await self._stream(request, body.get("model", ""), reply)

    async def _stream(
        self, request: web.Request, model: str, reply: dict[str, Any]
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        completion_id = f"chatcmpl-{next(self._ids)}"

        async def send(delta: dict[str, Any], finish: str | None = None) -> None:
            chunk = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())

        text = reply.get("text") or ""
        tool_calls = reply.get("tool_calls") or []
        await send({"role": "assistant", "content": ""})
        # several small deltas, as a real model streams, so the SDK's assembly is exercised
        for piece in _split_keep_spaces(text):
            await send({"content": piece})
        for index, call in enumerate(tool_calls):
            arguments = call.get("arguments", {})
            if not isinstance(arguments, str):
                arguments = json.dumps(arguments)
            call_id = call.get("id") or f"call_{completion_id}_{index}"
            await send(
                {
                    "tool_calls": [
                        {
                            "index": index,
                            "id": call_id,
                            "type": "function",
                            "function": {"name": call["name"], "arguments": ""},
                        }
                    ]
                }
            )
            half = len(arguments) // 2
            for part in (arguments[:half], arguments[half:]):
                if part:
                    await send({"tool_calls": [{"index": index, "function": {"arguments": part}}]})
        await send({}, finish="tool_calls" if tool_calls else "stop")
        usage = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
        await response.write(f"data: {json.dumps(usage)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


def _split_keep_spaces(text: str) -> list[str]:
    if not text:
        return []
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


async def _serve(port: int, script: dict[str, Any] | list[Any] | None) -> None:
    server = ScriptedLLM(port=port)
    if script is not None:
        server.load_script(script)
    await server.start()
    print(f"PORT {server.port}", flush=True)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--script", help="JSON file: a list of replies or {queue, rules, default}")
    args = parser.parse_args(argv)
    try:
        script = None
        if args.script:
            with open(args.script, encoding="utf-8") as fh:
                script = json.load(fh)
        asyncio.run(_serve(args.port, script))
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
