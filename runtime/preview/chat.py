"""The headless preview: a plain-text chat, or scripted turns printed as JSON lines.

Used by `agent-builder preview`; kept here so the CLI module stays a thin shell.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import Callable
from typing import IO

from runtime.preview import events as ev
from runtime.preview.file_watch import read_or_none, saves_of
from runtime.preview.session import PreviewError, PreviewSession

# Events printed by --script (logs and agent states would drown the transcript).
SCRIPT_KINDS = (
    ev.Transcript,
    ev.FieldCollected,
    ev.WorkerError,
    ev.WorkerExited,
    ev.Restarted,
    ev.CallEnded,
    ev.InboxPost,
    ev.SummaryReady,
)
HELP = "Type to talk. /end ends the call, /summary summarises it, /restart starts over, /quit leaves."
AGENT_HANGUP_WAIT_S = 2.0


def script_line(event: ev.PreviewEvent) -> str | None:
    """The JSON line --script prints for an event, or None for events it leaves out."""
    if isinstance(event, ev.ToolCall):
        return json.dumps(event.as_json()) if event.finished else None
    if isinstance(event, SCRIPT_KINDS):
        return json.dumps(event.as_json(), ensure_ascii=False)
    return None


def chat_line(event: ev.PreviewEvent, verbose: bool = False) -> str | None:
    """How the interactive chat shows an event; None hides it."""
    if isinstance(event, ev.Transcript):
        # the user's own words are already on screen, as typed
        return f"agent> {event.text}" if event.role == "agent" else None
    if isinstance(event, ev.ToolCall):
        if not event.finished:
            return f"  [tool] {event.name}({event.arguments})"
        status = "failed" if event.is_error else "returned"
        return f"  [tool] {event.name} {status}: {event.output}"
    if isinstance(event, ev.FieldCollected):
        return f"  [field] {event.name} = {json.dumps(event.value, ensure_ascii=False)}"
    if isinstance(event, ev.WorkerError):
        return f"  [error] {event.message}"
    if isinstance(event, ev.Restarted):
        return f"--- conversation restarted ({event.reason}) ---"
    if isinstance(event, ev.CallEnded):
        return f"--- call ended ({event.reason}) ---"
    if isinstance(event, ev.SummaryReady):
        return f"  [summary] {event.text}"
    if isinstance(event, ev.InboxPost):
        verdict = "matches the payload format" if not event.problems else "; ".join(event.problems)
        body = json.dumps(event.body, indent=2, ensure_ascii=False)
        return f"  [inbox] POST {event.path}: {verdict}\n{body}"
    if isinstance(event, ev.WorkerLog) and (verbose or event.level in ("ERROR", "CRITICAL")):
        return f"  [log {event.level.lower()}] {event.message}"
    return None


async def run_script(session: PreviewSession, turns: list[str], out: IO[str]) -> int:
    """Each turn in order, then hang up; 1 when the worker failed along the way."""
    unsubscribe = session.subscribe(_printer(out, script_line))
    try:
        await session.start()
        await session.wait_for_greeting()  # said before the first turn, or before hanging up
        for turn in turns:
            if not session.running:
                break
            await session.send(turn)
        # An agent that finished its job (all data collected) hangs up by itself.
        if session.running and not await session.wait_for_call_end(AGENT_HANGUP_WAIT_S):
            await session.end_call()
    except PreviewError as exc:
        print(json.dumps({"type": "error", "message": str(exc)}), file=out, flush=True)
        return 1
    finally:
        unsubscribe()
        await session.stop()
    return 1 if session.failures else 0


async def run_chat(session: PreviewSession, verbose: bool, out: IO[str]) -> int:
    unsubscribe = session.subscribe(_printer(out, lambda e: chat_line(e, verbose)))
    watcher = None
    stop_watching = asyncio.Event()
    try:
        print(f"Starting the preview of {session.config_path.name}... {HELP}", file=out, flush=True)
        loaded = read_or_none(session.config_path)  # a save during start-up counts too
        try:
            await session.start()
        except PreviewError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            return 1
        watcher = asyncio.create_task(_reload_on_save(session, loaded, stop_watching))
        lines = _stdin_lines()
        while (line := await lines.get()) and line.strip() != "/quit":
            await _chat_command(session, line.strip())
    finally:
        stop_watching.set()
        if watcher is not None:
            watcher.cancel()
        unsubscribe()
        await session.stop()
    return 0


def _stdin_lines() -> asyncio.Queue[str]:
    """Lines typed by the user; "" at end of input. A daemon thread reads them, so that
    ctrl+c never waits for one more line before the program can exit."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        while True:
            line = sys.stdin.readline()
            loop.call_soon_threadsafe(lines.put_nowait, line)
            if not line:
                return

    threading.Thread(target=read, name="preview-stdin", daemon=True).start()
    return lines


async def _chat_command(session: PreviewSession, text: str) -> None:
    try:
        if not text:
            return
        if text == "/end":
            await session.end_call()
        elif text == "/summary":
            await session.generate_summary()
        elif text == "/restart" or not session.running:
            await session.restart("new conversation")
            if text != "/restart":
                await session.send(text)
        else:
            await session.send(text)
    except PreviewError as exc:
        print(f"  [error] {exc}", flush=True)


async def _reload_on_save(session: PreviewSession, loaded: bytes | None,
                          stop: asyncio.Event) -> None:
    """A save that changes the file regenerates the agent and swaps the worker."""
    async for _ in saves_of(session.config_path, loaded, stop):
        await session.reload()


def _printer(out: IO[str], render: Callable[[ev.PreviewEvent], str | None]):
    def show(event: ev.PreviewEvent) -> None:
        line = render(event)
        if line is not None:
            print(line, file=out, flush=True)

    return show
