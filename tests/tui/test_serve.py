"""`agent-builder serve` runs a real textual-serve server for the editor."""

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from runtime.cli.serve import editor_command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_editor_command_opens_the_file_it_was_given(agent_file):
    command = editor_command(str(agent_file))
    assert command.endswith(f"-m runtime.cli edit {agent_file.resolve()}")


def test_serve_answers_with_the_app_page(agent_file):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "runtime.cli", "serve", str(agent_file), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "CI": "true"},
    )
    try:
        # The banner is printed just before the server starts listening.
        for line in proc.stdout:
            if "Serving" in line:
                break
        else:
            raise AssertionError("serve exited before serving")
        deadline = time.monotonic() + 20
        while True:  # the port opens right after the banner; nothing announces it
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert response.status_code == 200
        assert "agent-builder" in response.text
        assert f"ws://127.0.0.1:{port}/ws" in response.text
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
