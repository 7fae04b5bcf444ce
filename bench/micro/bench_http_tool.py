"""Per-turn cost of an HTTP tool through the in-agent library versus the same tool
hand-written with the SDK: same scripted model, same local HTTP server, same turns.

Each turn is a real AgentSession turn: the model asks for the tool, the tool calls the
server, the model answers. Prints medians and the library/hand-written ratio (the
anchor is the hand-written agent, measured in the same run), plus the same ratio for
the bare tool call without the model. Never pass/fail.
Run: python -m bench.micro.bench_http_tool [--turns N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import httpx
from aiohttp import web

from runtime.loopback_http import serve_on_loopback
from runtime.testing.scripted_llm import ScriptedLLM


def tool_or_answer(request) -> dict:
    if request.last_message.get("role") == "tool":
        return {"text": "Your order has shipped."}
    return {"tool_calls": [{"name": "lookup_order", "arguments": {"order_id": "A-1 2"}}]}


async def start_api() -> tuple[web.AppRunner, str]:
    async def order(request: web.Request) -> web.Response:
        return web.json_response({"id": request.match_info["id"], "status": "shipped"})

    app = web.Application()
    app.router.add_get("/orders/{id}", order)
    runner, port = await serve_on_loopback(app)
    return runner, f"http://127.0.0.1:{port}"


def agents(base: str):
    from livekit.agents import Agent, function_tool

    from runtime.agent.call import CallState
    from runtime.agent.settings import HttpToolSettings
    from runtime.agent.settings import ToolParameter as P
    from runtime.testing.settings_agent import AgentSettings, BuilderAgent

    tool = HttpToolSettings(
        name="lookup_order",
        description="Look up an order",
        url=f"{base}/orders/:order_id",
        parameters=(P("order_id", "string", "The order number"),),
        headers={"Authorization": "Bearer {{secrets.TOKEN}}"},
    )
    settings = AgentSettings(
        name="bench", instructions="Help.", greeting_enabled=False, http_tools=(tool,)
    )

    class HandWritten(Agent):
        def __init__(self) -> None:
            super().__init__(instructions="Help.")
            self.http = httpx.AsyncClient()

        async def fetch_order(self, order_id: str) -> str:
            response = await self.http.get(
                f"{base}/orders/{quote(order_id, safe='')}",
                headers={"Authorization": f"Bearer {os.environ['TOKEN']}"},
                timeout=10,
            )
            response.raise_for_status()
            return response.text

        @function_tool
        async def lookup_order(self, order_id: str) -> str:
            """Look up an order

            Args:
                order_id: The order number
            """
            return await self.fetch_order(order_id)

    def library() -> tuple[Agent, CallState]:
        call = settings.new_call(environ={"TOKEN": "t"})
        return BuilderAgent(call, settings), call

    return HandWritten, library, tool


async def per_turn(session, turns: int) -> list[float]:
    times = []
    for _ in range(turns):
        start = time.perf_counter()
        await session.run(user_input="where is my order A-1 2?")
        times.append(time.perf_counter() - start)
    return times


async def main(turns: int) -> None:
    from livekit.agents import AgentSession, inference

    from runtime.agent.http_tools import call_http_tool
    from runtime.testing.settings_agent import text_session

    llm_server = await ScriptedLLM(default=tool_or_answer).start()
    os.environ.update(
        LIVEKIT_INFERENCE_URL=llm_server.base_url,
        LIVEKIT_API_KEY="bench",
        LIVEKIT_API_SECRET="bench-secret-bench-secret-bench-secret",
        TOKEN="t",
    )
    api, base = await start_api()
    HandWritten, library, tool = agents(base)

    hand_agent = HandWritten()
    hand = AgentSession(
        llm=inference.LLM("openai/gpt-4.1-mini"), vad=None, turn_handling={"turn_detection": None}
    )
    await hand.start(hand_agent)
    lib_agent, call = library()
    lib = text_session(call)
    await lib.start(lib_agent)

    await per_turn(hand, 3)  # warm both paths: connections, imports, caches
    await per_turn(lib, 3)
    hand_times, lib_times = [], []
    for _ in range(turns):  # interleaved, so load on the machine hits both alike
        hand_times += await per_turn(hand, 1)
        lib_times += await per_turn(lib, 1)

    bare_hand, bare_lib = [], []
    for _ in range(turns * 4):
        start = time.perf_counter()
        await hand_agent.fetch_order("A-1 2")
        bare_hand.append(time.perf_counter() - start)
        start = time.perf_counter()
        await call_http_tool(tool, {"order_id": "A-1 2"}, call)
        bare_lib.append(time.perf_counter() - start)

    await hand.aclose()
    await lib.aclose()
    await call.aclose()
    await hand_agent.http.aclose()
    await api.cleanup()
    await llm_server.stop()

    def report(label: str, anchor: list[float], measured: list[float]) -> None:
        a, m = statistics.median(anchor), statistics.median(measured)
        print(
            f"{label}: hand-written {a * 1000:.2f} ms, library {m * 1000:.2f} ms, "
            f"ratio {m / a:.2f}x (median of {len(measured)})"
        )

    report("turn with HTTP tool (scripted LLM)", hand_times, lib_times)
    report("bare tool call (no LLM)", bare_hand, bare_lib)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=30)
    asyncio.run(main(parser.parse_args().turns))
