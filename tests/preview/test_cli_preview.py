"""`agent-builder preview` as a user runs it: a real subprocess, no TTY."""

from __future__ import annotations

import os
import subprocess
import sys

ENV_WITHOUT_CREDENTIALS = {
    k: v for k, v in os.environ.items() if k not in ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET")
}


def run_cli(*args, env=None, cwd=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", "preview", *args],
        check=False,
        capture_output=True,
        text=True,
        env={**(env or ENV_WITHOUT_CREDENTIALS), "CI": "true"},
        cwd=cwd,
        timeout=timeout,
    )


def test_missing_credentials_say_what_to_set_instead_of_a_traceback(simple_agent_file):
    proc = run_cli(str(simple_agent_file), "--script", "-")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in proc.stderr
    assert str(simple_agent_file.parent / ".env.local") in proc.stderr


def test_bad_metadata_and_unreadable_files_are_clear_errors(simple_agent_file, tmp_path):
    proc = run_cli(str(simple_agent_file), "--metadata", "[1, 2]")
    assert proc.returncode == 2 and "--metadata is not a JSON object" in proc.stderr
    proc = run_cli(str(tmp_path / "missing.toml"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr
