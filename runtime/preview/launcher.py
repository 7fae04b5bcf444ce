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

The collector stays off while the process imports (the SDK's import graph would trigger
full collections over and over, a tenth of the import time); what was imported is then
frozen out of its way and it is turned back on before the session runs.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
from functools import partial

READY_LINE = "agent-builder-preview: warm"


def start_process(cwd: str | os.PathLike[str] | None = None) -> subprocess.Popen[bytes]:
    """Start a launcher process now: its own process group, stdin and stdout (with stderr)
    piped. Importing this module is cheap, so a command can start its worker on its very
    first line, before it has imported anything else (see worker.WorkerProcess.adopt)."""
    return subprocess.Popen(
        [sys.executable, "-m", "runtime.preview.launcher"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=cwd,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )

# Imported up front so the activated worker finds them in sys.modules: first what the
# SDK's console run needs anyway. Then, only while no project is waiting yet (a spare), what
# the SDK would otherwise load on the session's loop when it starts (the job runner's own
# warm-up, the model client's JSON parser, the fake job's mocks) and what only some agents
# use (the MCP client needs the mcp package).
_WARM_MODULES = (
    "livekit.agents",
    "livekit.agents.__main__",
    "livekit.agents.cli.discover",
    "livekit.agents.voice.remote_session",
    "livekit.agents.inference",
)
_WARM_EXTRAS = (
    "livekit.agents.ipc._preload",
    "jiter",
    "unittest.mock",
    "httpx",
    "pydantic",
    "livekit.agents.llm.mcp",
    "livekit.plugins.silero",
    # Every generated agent imports these; the noise filter's import starts the SDK's
    # native client (loading its library and runtime), a third of a second.
    "livekit.plugins.noise_cancellation",
    "livekit.agents.beta.tools",
    # What the model client loads on its first request.
    "openai.resources.chat",
    "anyio._backends._asyncio",
)
# The preview is text only: the job runner's warm-up need not load the local voice and
# end-of-turn models (a third of a second, and the end-of-turn weights are 244 MB).
_NO_LOCAL_MODELS = {"LIVEKIT_AGENTS_PRELOAD_LOCAL_INFERENCE": "0"}
_PARENT_GONE_GRACE_S = 5.0


def _request_waiting() -> bool:
    return bool(select.select([sys.stdin], [], [], 0)[0])


def _shared_tls_context() -> None:
    # The SDK's shared HTTP session builds its TLS context (parsing the CA bundle, a tenth
    # of a second) when the job starts; it is cached per process, so a spare builds it now.
    from livekit.agents.utils import http_context

    http_context._create_ssl_context()


def _warm_up() -> None:
    os.environ.update(_NO_LOCAL_MODELS)
    steps = [partial(importlib.import_module, name) for name in _WARM_MODULES + _WARM_EXTRAS]
    for index, step in enumerate([*steps, _shared_tls_context]):
        if index >= len(_WARM_MODULES) and _request_waiting():
            return  # a cold start: run the project now, it loads what it uses
        # a missing optional module (or a changed SDK) only costs speed later
        with contextlib.suppress(Exception):
            step()
    # A spare, idle until needed: drop the imports' garbage now, not in the session.
    gc.collect()


def _import_project(entrypoint: str) -> None:
    """Import the project the way the SDK's console will (it then finds it imported),
    while the collector is still off; errors are left for the SDK to report."""
    from pathlib import Path

    from livekit.agents.cli.discover import get_import_data

    with contextlib.suppress(Exception):
        get_import_data(path=Path(entrypoint))


def _resume_collector() -> None:
    # Everything imported lives as long as the process: later collections need not walk it.
    gc.freeze()
    gc.enable()


def _end_when_parent_is_gone() -> None:
    """Runs in a daemon thread: stdin EOF means the parent died or let us go."""
    while sys.stdin.readline():
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # the SDK's graceful shutdown first
    threading.Event().wait(_PARENT_GONE_GRACE_S)
    os.killpg(os.getpgid(0), signal.SIGKILL)


def main() -> int:
    gc.disable()
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
    _import_project(request["entrypoint"])
    _resume_collector()

    from livekit.agents.__main__ import main as sdk_main

    argv = ["console", request["entrypoint"], "--connect-addr", request["connect_addr"]]
    sys.argv = ["python -m livekit.agents", *argv]
    return sdk_main(argv)


if __name__ == "__main__":
    sys.exit(main())
