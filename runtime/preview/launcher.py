"""Entry point of a preview worker process: `python -m runtime.preview.launcher`.

It pays the SDK's start-up cost (imports, the job runner's preloads) *before* it knows
which project to run, prints READY_LINE, then reads one JSON line from stdin:
`{"entrypoint": ".../src/agent.py", "connect_addr": "127.0.0.1:PORT", "cwd": ..., "env": {...}}`
and runs the SDK's own console command in-process on that file, exactly as
`python -m livekit.agents console FILE --connect-addr ADDR` would. A spare that is
already warm therefore makes an edit live in a fraction of a cold start.

The parent keeps stdin open for the whole life of the process; end-of-file means the
parent is gone (even killed with SIGKILL), and the process then ends itself and its
process group, so a crashed editor never leaves workers behind. Only the standard
library and the SDK are imported here: this runs inside the agent's world.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import select
import signal
import sys
import threading

READY_LINE = "agent-builder-preview: warm"

# Imported up front so the activated worker finds them in sys.modules. The first group
# the SDK's console run needs anyway; the extras only some agents use (the MCP client
# needs the mcp package), so they are warmed only while no project is waiting yet.
_WARM_MODULES = (
    "livekit.agents",
    "livekit.agents.__main__",
    "livekit.agents.voice.remote_session",
    "livekit.agents.inference",
    "livekit.agents.ipc._preload",  # the job runner's own warm-up (models, rtc, openai)
)
_WARM_EXTRAS = ("httpx", "pydantic", "livekit.agents.llm.mcp", "livekit.plugins.silero")
_PARENT_GONE_GRACE_S = 5.0


def _request_waiting() -> bool:
    return bool(select.select([sys.stdin], [], [], 0)[0])


def _warm_up() -> None:
    for name in _WARM_MODULES + _WARM_EXTRAS:
        if name in _WARM_EXTRAS and _request_waiting():
            return  # a cold start: run the project now, it imports what it uses
        # a missing optional module only costs speed later
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    # A spare: what was imported stays, so keep it out of the collector's way; otherwise
    # the first collections in the job walk it all and stall the session's loop.
    gc.collect()
    gc.freeze()


def _end_when_parent_is_gone() -> None:
    """Runs in a daemon thread: stdin EOF means the parent died or let us go."""
    while sys.stdin.readline():
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # the SDK's graceful shutdown first
    threading.Event().wait(_PARENT_GONE_GRACE_S)
    os.killpg(os.getpgid(0), signal.SIGKILL)


def main() -> int:
    _warm_up()
    print(READY_LINE, flush=True)
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # a spare that was never used
    request = json.loads(line)
    os.environ.update(request.get("env") or {})
    if request.get("cwd"):
        os.chdir(request["cwd"])
    threading.Thread(target=_end_when_parent_is_gone, daemon=True).start()

    from livekit.agents.__main__ import main as sdk_main

    argv = ["console", request["entrypoint"], "--connect-addr", request["connect_addr"]]
    sys.argv = ["python -m livekit.agents", *argv]
    return sdk_main(argv)


if __name__ == "__main__":
    sys.exit(main())
