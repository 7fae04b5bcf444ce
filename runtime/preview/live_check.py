"""`agent-builder preview FILE --live-check [--script T]`: one real turn through LiveKit
Inference, with a clear pass or fail.

Everything offline tests cannot show meets here: the credentials, the gateway, the
configured model and its options (a thinking effort it refuses, a model id it does not
know) and the generated agent's tools as the real API checks them (every request
carries every tool). The check starts the preview of the file (text only, the report to
the local inbox), sends the first turn of the script (or a greeting), and passes when
the agent answers it; the greeting, if any, must come first. Without credentials it is
skipped, saying so, and nothing is started.
"""

from __future__ import annotations

import os
import time
from typing import IO

from runtime.preview import events as ev
from runtime.preview.errors import PreviewError
from runtime.preview.session import PreviewSession

DEFAULT_TURN = "Hello! What can you help me with?"
DEFAULT_GATEWAY = "https://agent-gateway.livekit.cloud/v1"
PREFIX = "live check:"


def gateway(environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    return environ.get("LIVEKIT_INFERENCE_URL") or DEFAULT_GATEWAY


def skipped_line(reason: str) -> str:
    return f"{PREFIX} SKIPPED: {reason}"


def _clip(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


async def run_live_check(
    session: PreviewSession, turn: str | None, out: IO[str], *, llm: str = ""
) -> int:
    """0 when the agent answered one real turn, 1 otherwise; prints one verdict line."""
    seen: list[ev.PreviewEvent] = []
    unsubscribe = session.subscribe(seen.append)
    turn = turn or DEFAULT_TURN
    where = f"LiveKit Inference ({gateway()})" + (f" with {llm}" if llm else "")
    try:
        try:
            await session.start()
            await session.wait_for_greeting()  # the turn's answer is what comes after it
            sent_at = len(seen)
            started = time.monotonic()
            await session.send(turn)
            elapsed = time.monotonic() - started
        except PreviewError as exc:
            return _fail(out, where, str(exc), seen)
        replies = [e for e in seen[sent_at:] if isinstance(e, ev.Transcript) and e.role == "agent"]
        answer = " ".join(r.text for r in replies if r.text.strip())
        if not answer:
            return _fail(out, where, "the agent did not answer", seen)
        print(
            f"{PREFIX} PASS: one turn through {where}; the agent answered in "
            f"{elapsed:.1f}s: {_clip(answer)!r}",
            file=out,
            flush=True,
        )
        return 0
    finally:
        unsubscribe()
        await session.stop()


def _fail(out: IO[str], where: str, why: str, seen: list[ev.PreviewEvent]) -> int:
    errors = [e.message for e in seen if isinstance(e, ev.WorkerError)]
    errors += [e.message for e in seen if isinstance(e, ev.WorkerLog) and e.level == "ERROR"]
    detail = f" ({_clip(errors[-1], 300)})" if errors else ""
    print(f"{PREFIX} FAIL: {why} through {where}{detail}", file=out, flush=True)
    return 1
