"""A file a command is told to write (`-o`, `--junit`) replaces only a file that same
command wrote before; anything else (the agent file above all) stays, byte for byte,
unless `--force` says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from runtime.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "clinic-front-desk"


@pytest.fixture
def agent(tmp_path) -> Path:
    for name in ("agent.toml", "agent.tests.toml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path / "agent.toml"


@pytest.mark.parametrize("command", [
    ["schema", "-o", "{out}"],
    ["scenarios", "schema", "-o", "{out}"],
    ["scenarios", "export", "{agent}", "-o", "{out}"],
])
def test_an_output_updates_its_own_file_and_never_replaces_another(command, agent, capsys):
    out = agent.parent / "out.txt"

    def run(*extra: str) -> int:
        return main([part.format(out=out, agent=agent) for part in command] + list(extra))

    assert run() == 0
    first = out.read_bytes()
    assert run() == 0 and out.read_bytes() == first  # its own earlier output: updated
    for foreign in (agent, agent.parent / "agent.tests.toml"):
        kept = foreign.read_bytes()
        out = foreign
        assert run() == 1
        assert "not replacing it (--force replaces it)" in capsys.readouterr().err
        assert foreign.read_bytes() == kept
    assert run("--force") == 0 and out.read_bytes() != kept  # said so: replaced


def test_a_junit_report_never_replaces_the_agent_file(agent, capsys, monkeypatch):
    monkeypatch.setenv("LIVEKIT_API_KEY", "APIkey0123456")
    monkeypatch.setenv("LIVEKIT_API_SECRET", "secret-0123456789")
    kept = agent.read_bytes()
    assert main(["test", str(agent), "--junit", str(agent)]) == 2
    err = capsys.readouterr().err
    assert "not a JUnit report of agent-builder; not replacing it" in err
    assert agent.read_bytes() == kept
