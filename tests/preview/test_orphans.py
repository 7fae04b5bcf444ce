"""No worker outlives the program that started it, even when that program is killed
with SIGKILL (no atexit, no cleanup code runs): workers notice their stdin closing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow

CHILD = """
import asyncio, json, os, signal, sys
from runtime.preview.session import PreviewSession
from tests.preview.handwritten import build_handwritten

async def main():
    session = PreviewSession(sys.argv[1], builder=build_handwritten)
    await session.start()
    await session.spares.warm()
    pids = [session._current.worker.pid, session.spares.worker.pid]
    print(json.dumps(pids), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


def test_workers_end_when_the_preview_process_is_killed(simple_agent_file, scripted_llm):
    root = Path(__file__).resolve().parents[2]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(simple_agent_file)],
        check=False,
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=90,
    )
    assert child.returncode == -9, child.stderr[-2000:]
    pids = json.loads(child.stdout.strip().splitlines()[-1])
    workers = []
    for pid in pids:
        try:
            workers.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(workers, timeout=15)
    for proc in alive:
        proc.kill()
    assert alive == []
