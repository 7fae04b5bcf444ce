"""Fixtures for driving the editor in a pseudo-terminal (see driver.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal.driver import Terminal

FIXTURES = Path(__file__).resolve().parents[1] / "tui" / "fixtures"
SECRETS = ("SHOP_TOKEN", "DOCS_TOKEN", "HOOK_KEY", "TOKEN")


@pytest.fixture(autouse=True)
def _no_secrets_from_the_environment(monkeypatch):
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def front_desk(tmp_path) -> Path:
    """The CONFIG.md example, with comments."""
    target = tmp_path / "agent.toml"
    shutil.copy(FIXTURES / "front_desk.toml", target)
    return target


@pytest.fixture
def new_agent(tmp_path) -> Path:
    """A file made by `agent-builder new`, as a new user starts."""
    target = tmp_path / "agent.toml"
    subprocess.run([sys.executable, "-m", "runtime.cli", "new", str(target)], check=True,
                   capture_output=True)
    return target


def many_tools_text(count: int = 200, name: str = "big-agent") -> str:
    parts = [f'[agent]\nname = "{name}"\n']
    for i in range(count):
        parts.append(
            f'\n[[tools.http]]\nname = "tool_{i}"\ndescription = "Tool number {i}"\n'
            'url = "https://api.example.com/items/:item_id"\n'
            '[[tools.http.parameters]]\nname = "item_id"\n'
        )
    return "".join(parts)


@pytest.fixture
def many_tools(tmp_path) -> Path:
    target = tmp_path / "agent.toml"
    target.write_text(many_tools_text())
    return target


@pytest.fixture
def editor():
    """`editor(path, size=(80, 24))` starts the editor on `path` in a pty; all are closed
    (killed) at the end of the test."""
    started: list[Terminal] = []

    def start(path: Path, size: tuple[int, int] = (80, 24)) -> Terminal:
        term = Terminal(path, size=size).start()
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()
