"""The preview as a person uses it, against the SDK's own console on a hand-written agent.

  cold start    `agent-builder preview FILE` launched in a pty -> the greeting on screen;
  edit-to-live  with that chat open and idle (its spare worker warm), the file saved
                with a new instruction (written aside and renamed over, as editors
                save) -> the restarted conversation's greeting on screen;
  anchor        `python -m livekit.agents console minimal_agent.py --connect-addr ADDR`,
                the way `lk console` runs an agent: spawn -> the greeting arriving at
                ADDR. The bench listens there as lk does and only looks for the greeting's
                text in what arrives (lk's own start-up and decoding are not Python's to
                pay), so nothing of the SDK is imported in the bench process.
Both talk to the same scripted model (a separate process), so model latency is the same
small constant on both sides.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.editor import ANCHORS, agent_builder
from bench.files import PREVIEW_AGENT, REPO, write
from bench.terminal import Terminal, child_env, descendants

GREETING = "Hello from the scripted model."
TIMEOUT_S = 120.0


class ScriptedModel:
    """The project's scripted OpenAI-compatible server, as its own process."""

    def __init__(self, folder: Path) -> None:
        script = write(folder, "model.json", json.dumps({"default": {"text": GREETING}}))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "runtime.testing.scripted_llm",
             "--port", "0", "--script", str(script)],
            stdout=subprocess.PIPE, text=True, start_new_session=True, cwd=REPO,
        )
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the scripted model did not start: {line!r}")
        self.env = {
            "LIVEKIT_INFERENCE_URL": f"http://127.0.0.1:{int(line.split()[1])}/v1",
            "LIVEKIT_API_KEY": "bench-key",
            "LIVEKIT_API_SECRET": "bench-secret-bench-secret-000000",
        }

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def console_anchor(model: ScriptedModel, folder: Path) -> float:
    """Spawn -> greeting for the SDK console on the minimal hand-written agent."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(TIMEOUT_S)
        address = f"127.0.0.1:{server.getsockname()[1]}"
        started = time.perf_counter()
        worker = subprocess.Popen(
            [sys.executable, "-m", "livekit.agents", "console",
             str(ANCHORS / "minimal_agent.py"), "--connect-addr", address],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder,
            env=child_env(**model.env), start_new_session=True,
        )
        try:
            connection, _ = server.accept()
            with connection:
                received = b""
                while GREETING.encode() not in received:
                    data = connection.recv(1 << 16)
                    if not data:
                        raise RuntimeError("the console closed before greeting")
                    received += data
                return time.perf_counter() - started
        finally:
            os.killpg(worker.pid, 9)
            worker.wait()


def preview_session(model: ScriptedModel, folder: Path) -> tuple[float, float, list[str]]:
    """(cold start, edit-to-live, problems) of one interactive `agent-builder preview`."""
    config = write(folder, "agent.toml", PREVIEW_AGENT.format(version=1))
    problems: list[str] = []
    term = Terminal(agent_builder() + ["preview", str(config)], cwd=folder,
                    env=child_env(**model.env))
    try:
        agent_line = f"agent> {GREETING}".encode()
        cold = term.wait_for_output(agent_line, timeout=TIMEOUT_S) - term.started
        term.settle(quiet=0.5, timeout=60)  # the person reads; the spare warms meanwhile
        mark = len(term.raw)
        saved = save_atomically(config, PREVIEW_AGENT.format(version=2))
        term.wait_for_output(b"conversation restarted", mark, timeout=TIMEOUT_S)
        restarted = term.raw.find(b"conversation restarted", mark)
        edit = term.wait_for_output(agent_line, restarted, timeout=TIMEOUT_S) - saved
        tree = descendants(term.process.pid, include_self=True)
        term.send("/quit\r")
        try:
            term.process.wait(30)
        except subprocess.TimeoutExpired:
            problems.append("/quit did not end the preview within 30 s")
        left = [pid for pid in tree if _alive(pid)]
        if left:
            problems.append(f"processes left running after /quit: {left}")
        return cold, edit, problems
    finally:
        term.close()


def save_atomically(path: Path, text: str) -> float:
    """Save as most editors do: write a new file beside it and rename it over the old."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    stamp = time.perf_counter()
    os.replace(temporary, path)
    return stamp


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
